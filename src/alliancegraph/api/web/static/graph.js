// The network drawing: Cytoscape.js (served from node_modules by the app), styles, legend, edge keys.
import { el, fill } from "./dom.js";

export const RELATIONS = {
  owns_stake: { color: "#2563eb", label: "owns a stake in", short: "stake" },
  invests_in: { color: "#0891b2", label: "invests in", short: "invests" },
  acquires: { color: "#dc2626", label: "acquires", short: "acquires" },
  merges_with: { color: "#9333ea", label: "merges with", short: "merger", symmetric: true },
  partners_with: { color: "#16a34a", label: "partners with", short: "partner", symmetric: true },
  supplies: { color: "#ea580c", label: "supplies", short: "supplies" },
  subsidiary_of: { color: "#64748b", label: "is a unit of", short: "unit of" },
  member_of: { color: "#ca8a04", label: "is a member of", short: "member" },
  leads: { color: "#db2777", label: "leads", short: "leads" },
  based_in: { color: "#78716c", label: "is based in", short: "based in" },
};

export const NODE_COLORS = { ORG: "#334155", PERSON: "#d97706", PLACE: "#059669" };
const NODE_SHAPES = { ORG: "ellipse", PERSON: "round-rectangle", PLACE: "diamond" };
const MAX_FIT_ZOOM = 1.5;
const RING_GAP = 170; // between the centre and the first ring, and between rings
const RING_SPACING = 140; // least room between two nodes of a ring
const STAGGER_FROM = 24; // a ring of more nodes is drawn as two interleaved rings // a small network is drawn at this size, not blown up to fill the view
const FADED = new Set(["ended", "denied"]);
const PENDING = new Set(["planned", "proposed"]);

export function relation(type) {
  return RELATIONS[type] || { color: "#475569", label: type.replaceAll("_", " "), short: type };
}

/** The key of an edge: symmetric types ignore the order of their parties. */
export function edgeKey(edge) {
  const [a, b] = relation(edge.type).symmetric ? [edge.subject, edge.object].sort() : [edge.subject, edge.object];
  return `${a}\u0000${edge.type}\u0000${b}`;
}

/** "43%", "USD 68.7bn", "chief executive": the attribute worth printing on a line or in a summary. */
export function attributeText(edge) {
  const parts = [];
  if (edge.percent !== null && edge.percent !== undefined) parts.push(`${formatNumber(edge.percent)}%`);
  if (edge.amount !== null && edge.amount !== undefined) parts.push(money(edge.amount, edge.currency));
  for (const key of ["title", "kind", "product"]) if (edge[key]) parts.push(String(edge[key]));
  return parts.join(", ");
}

export function formatNumber(value) {
  return Number(value).toLocaleString("en", { maximumFractionDigits: 2 });
}

export function money(amount, currency) {
  const scaled = amount >= 1e9 ? `${formatNumber(amount / 1e9)}bn` : amount >= 1e6 ? `${formatNumber(amount / 1e6)}m` : formatNumber(amount);
  return currency ? `${currency} ${scaled}` : scaled;
}

// Every per-element value sits in the element's data or classes, so Cytoscape can cache the styles;
// labels get a white outline, not a text background (which costs ~100 ms a frame at 200 edges).
const STYLE = [
  { selector: "node", style: {
    "background-color": "data(color)", shape: "data(shape)", width: "data(size)", height: "data(size)",
    label: "data(name)", color: "#0f172a", "font-size": 12, "font-weight": 600,
    "text-valign": "bottom", "text-margin-y": 5, "text-outline-color": "#ffffff", "text-outline-width": 2.5,
    "min-zoomed-font-size": 7,
    "border-width": 2, "border-color": "#ffffff",
  } },
  { selector: "node.center", style: {
    width: 46, height: 46, "font-size": 15, "border-width": 5, "border-color": "#93c5fd", "z-index": 10,
  } },
  { selector: "node:selected", style: { "border-color": "#2563eb", "border-width": 4 } },
  { selector: "edge", style: {
    width: "data(width)", "line-color": "data(color)", "target-arrow-color": "data(color)",
    "target-arrow-shape": "triangle", "arrow-scale": 1.1, "curve-style": "bezier", "control-point-step-size": 46,
    opacity: 0.92, label: "data(label)", "font-size": 11, "font-weight": 700, color: "#1e293b",
    "text-outline-color": "#ffffff", "text-outline-width": 3, "min-zoomed-font-size": 7,
  } },
  { selector: "edge.symmetric", style: { "target-arrow-shape": "none" } },
  { selector: "edge.pending", style: { "line-style": "dashed", "line-dash-pattern": [7, 5] } },
  { selector: "edge.faded", style: { opacity: 0.28 } },
  { selector: "edge:selected", style: { "overlay-color": "#2563eb", "overlay-opacity": 0.18, "overlay-padding": 5, opacity: 1 } },
  { selector: "edge.hover", style: { "overlay-color": "#0f172a", "overlay-opacity": 0.1, "overlay-padding": 4 } },
];

function nodeElement(node, centre) {
  return {
    group: "nodes",
    data: {
      id: `n:${node.name}`, name: node.name, type: node.type, degree: node.degree,
      color: NODE_COLORS[node.type] || "#475569", shape: NODE_SHAPES[node.type] || "ellipse",
      size: 18 + Math.min(22, 3 * Math.sqrt(node.degree || 1)),
    },
    classes: node.name === centre ? "center" : "",
  };
}

/** "43%", or "43% → 15%" while a change to 15% is planned or proposed. */
function percentLabel(edge) {
  const now = edge.percent != null ? `${formatNumber(edge.percent)}%` : "";
  const next = edge.pending && edge.pending.percent != null ? `${formatNumber(edge.pending.percent)}%` : "";
  return next && next !== now ? `${now || "?"} → ${next}` : now;
}

function edgeElement(edge) {
  const kind = relation(edge.type);
  const classes = [kind.symmetric ? "symmetric" : "", PENDING.has(edge.status) ? "pending" : "",
    FADED.has(edge.status) ? "faded" : ""];
  return {
    group: "edges",
    data: {
      id: `e:${edgeKey(edge)}`, source: `n:${edge.subject}`, target: `n:${edge.object}`, type: edge.type,
      status: edge.status, color: kind.color, width: 1.2 + 5 * Math.max(0, Math.min(1, edge.confidence || 0)),
      label: percentLabel(edge), edge,
    },
    classes: classes.filter(Boolean).join(" "),
  };
}

/** A Cytoscape instance in `container`; `on` has node(name), edge(data), hover(data, position) and unhover(). */
export function createGraph(container, on) {
  const cy = window.cytoscape({
    container, style: STYLE, elements: [], minZoom: 0.05, maxZoom: 3,
    boxSelectionEnabled: false, selectionType: "single",
  });
  cy.on("tap", "node", (event) => on.node(event.target.data("name")));
  cy.on("tap", "edge", (event) => on.edge(event.target.data("edge")));
  cy.on("mouseover", "edge", (event) => {
    event.target.addClass("hover");
    on.hover(event.target.data("edge"), event.renderedPosition);
  });
  cy.on("mousemove", "edge", (event) => on.hover(event.target.data("edge"), event.renderedPosition));
  cy.on("mouseout", "edge", (event) => {
    event.target.removeClass("hover");
    on.unhover();
  });
  return cy;
}

/** Draw a neighbourhood (GET /api/neighbourhood) with its centre in the middle; keep `selectedKey` selected. */
export function draw(cy, hood, selectedKey) {
  const centre = hood.center.name;
  const nodes = new Map([[centre, { name: centre, type: hood.center.type, degree: 0 }]]);
  for (const node of hood.nodes) nodes.set(node.name, node);
  for (const edge of hood.edges) {
    for (const [name, type] of [[edge.subject, edge.subject_type], [edge.object, edge.object_type]]) {
      if (!nodes.has(name)) nodes.set(name, { name, type: type || "ORG", degree: 1 });
    }
  }
  cy.resize(); // the legend beside the network may have changed its width
  cy.batch(() => {
    cy.elements().remove();
    cy.add(ringOrder(centre, [...nodes.values()], hood.edges).map((node) => nodeElement(node, centre)));
    cy.add(hood.edges.map(edgeElement));
  });
  placeInRings(cy, `n:${centre}`);
  fitNodes(cy, 50);
  const selected = selectedKey ? cy.getElementById(`e:${selectedKey}`) : cy.collection();
  selected.select();
  return selected.nonempty();
}

/** Zoom and pan so every node (with room for its label) is in view, at most MAX_FIT_ZOOM. */
function fitNodes(cy, padding) {
  const box = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
  cy.nodes().forEach((node) => {
    const { x, y } = node.position();
    box.x1 = Math.min(box.x1, x - 60);
    box.x2 = Math.max(box.x2, x + 60);
    box.y1 = Math.min(box.y1, y - 25);
    box.y2 = Math.max(box.y2, y + 40);
  });
  const width = cy.width() - 2 * padding;
  const height = cy.height() - 2 * padding;
  const fitting = Math.min(MAX_FIT_ZOOM, width / (box.x2 - box.x1), height / (box.y2 - box.y1));
  const zoom = Math.max(cy.minZoom(), fitting); // Cytoscape ignores a zoom out of its bounds
  cy.viewport({
    zoom,
    pan: { x: cy.width() / 2 - zoom * (box.x1 + box.x2) / 2, y: cy.height() / 2 - zoom * (box.y1 + box.y2) / 2 },
  });
}

/**
 * The nodes in the order the layout puts them round the rings: the centre first, then each
 * neighbour followed by the neighbours it is linked to, so that lines between them stay short
 * instead of crossing the middle.
 */
function ringOrder(centre, nodes, edges) {
  const links = new Map(nodes.map((node) => [node.name, []]));
  for (const edge of edges) {
    if (edge.subject === centre || edge.object === centre) continue;
    links.get(edge.subject)?.push(edge.object);
    links.get(edge.object)?.push(edge.subject);
  }
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const order = [byName.get(centre)];
  const seen = new Set([centre]);
  const visit = (name) => {
    const stack = [name];
    while (stack.length) {
      const next = stack.pop();
      if (seen.has(next)) continue;
      seen.add(next);
      order.push(byName.get(next));
      stack.push(...links.get(next).filter((other) => !seen.has(other)).reverse());
    }
  };
  const starts = nodes.map((node) => node.name).sort((a, b) => links.get(a).length - links.get(b).length);
  for (const name of starts) visit(name);
  return order;
}

/**
 * The centre in the middle, each node on the ring of its distance from it, in the order the nodes
 * were added; a ring is wide enough to keep RING_SPACING between its nodes. (Cytoscape's concentric
 * layout does the same at several times the cost, measuring every node.)
 */
function placeInRings(cy, rootId) {
  const rings = [];
  const root = cy.getElementById(rootId);
  const distance = new Map();
  cy.elements().bfs({ roots: root, directed: false, visit: (node, edge, from, i, depth) => { distance.set(node.id(), depth); } });
  cy.nodes().forEach((node) => {
    const level = distance.get(node.id()) ?? rings.length + 1;
    (rings[level] ||= []).push(node);
  });
  let radius = 0;
  const positions = new Map();
  rings.forEach((ring, level) => {
    if (!ring) return;
    const staggered = ring.length > STAGGER_FROM; // every other node a little further out, to fit twice as many
    if (level > 0) radius = Math.max(radius + RING_GAP, (ring.length * RING_SPACING) / ((staggered ? 4 : 2) * Math.PI));
    ring.forEach((node, index) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * index) / ring.length;
      const r = radius + (staggered && index % 2 ? RING_GAP * 0.6 : 0);
      positions.set(node.id(), { x: r * Math.cos(angle), y: r * Math.sin(angle) });
    });
    if (staggered) radius += RING_GAP * 0.6;
  });
  cy.nodes().positions((node) => positions.get(node.id()));
}

/** The legend: the relation types drawn, then what dashes, fading, width and node shapes mean. */
export function fillLegend(legend, types) {
  const line = (cls, label, color = "#475569") => el("div", { class: "item" },
    el("span", { class: `swatch ${cls}`, style: { borderTopColor: color } }), label);
  const relations = [...new Set(types)].sort().map((type) => line("", relation(type).label, relation(type).color));
  const shapes = Object.entries(NODE_COLORS).map(([type, color]) => el("div", { class: "item" },
    el("span", { class: `node ${type.toLowerCase()}`, style: { background: color } }),
    { ORG: "company or body", PERSON: "person", PLACE: "place" }[type]));
  fill(legend, el("h2", {}, "Relations"), relations,
    el("h2", {}, "Lines"), line("", "reported"), line("dashed", "planned or proposed"), line("faded", "ended or denied"),
    line("thin", "thinner: less sure"), el("h2", {}, "Nodes"), shapes);
  legend.hidden = false;
}
