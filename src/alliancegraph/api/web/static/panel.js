// The side panel: an entity's overview, an edge's status history and evidence, the change feed.
import { el, fill, highlighted, literal } from "./dom.js";
import { attributeText, edgeKey, formatNumber, money, relation } from "./graph.js";

// Words that say which relation a sentence states, and words that give its status; for highlighting only.
const RELATION_WORDS = {
  owns_stake: ["stakes?", "shareholders?", "shareholdings?", "holdings?", "holds?", "held", "owns?", "owned", "shares?", "cross-shareholdings?"],
  invests_in: ["invest\\w*", "inject\\w*", "fund\\w*", "financ\\w*", "capital"],
  acquires: ["acqui\\w*", "buy\\w*", "bought", "purchas\\w*", "takeover", "take over", "took over", "deal"],
  merges_with: ["merg\\w*", "combin\\w*", "tie-up"],
  partners_with: ["partner\\w*", "alliances?", "joint ventures?", "collaborat\\w*", "cooperat\\w*", "team\\w* up", "tie-up"],
  supplies: ["suppl\\w*", "provid\\w*", "deliver\\w*", "makes? for", "sells? to"],
  subsidiary_of: ["units?", "subsidiar\\w*", "divisions?", "brands?", "arm", "business"],
  member_of: ["members?", "join\\w*", "alliance", "consortium"],
  leads: ["chief executive", "CEO", "chair\\w*", "president", "CFO", "founder", "director", "head\\w*", "boss"],
  based_in: ["based", "headquarter\\w*", "French", "Japanese", "American", "German", "Chinese", "British"],
};
const STATUS_WORDS = ["will", "would", "plans?", "planned", "agreed", "agrees", "talks", "considering", "consider",
  "could", "may", "might", "seeks?", "wants?", "denied", "denies", "ruled out", "ended", "ends", "called off", "sold",
  "cut", "cutting", "completed", "stepped down"];

function words(list) {
  return list.length ? `\\b(?:${list.join("|")})\\b` : "";
}

/** The terms to mark in an edge's evidence: its parties (with their aliases), its attributes, its words. */
export function evidenceTerms(edge, aliases = {}) {
  const names = [edge.subject, edge.object, ...(aliases[edge.subject] || []), ...(aliases[edge.object] || [])]
    .filter((name) => name && name.length > 1).sort((a, b) => b.length - a.length);
  const values = [];
  if (edge.percent != null) values.push(`${literal(formatNumber(edge.percent))}\\s?(?:%|per ?cent)`);
  for (const key of ["title", "kind", "product"]) if (edge[key]) values.push(literal(String(edge[key])));
  return [
    { source: names.map((name) => `\\b${literal(name)}\\b`).join("|"), cls: "party" },
    { source: values.join("|"), cls: "value" },
    { source: words(RELATION_WORDS[edge.type] || []), cls: "relation" },
    { source: words(STATUS_WORDS), cls: "cue" },
  ];
}

const LIST_PER_TYPE = 40; // an entity's overview lists at most this many edges of each type
const MAX_ALIASES = 6;

function statusBadge(status) {
  return el("span", { class: `badge status-${status}`, title: `status: ${status}` }, status);
}

function typeBadge(type) {
  return el("span", { class: "badge type", style: { background: relation(type).color } }, type.replaceAll("_", " "));
}

function entityButton(name, on) {
  return el("button", { class: "entity-link", type: "button", title: `Centre the network on ${name}`, onclick: () => on.entity(name) }, name);
}

function historyAttributes(item) {
  return attributeText(item) || "";
}

/** "reported 2024-03-25, effective 2024-08-08", or the reported date alone. */
function whenText(reported, effective) {
  const said = reported ? `reported ${reported}` : "undated";
  return effective && effective !== reported ? `${said}, effective ${effective}` : said;
}

function pendingNote(pending) {
  if (!pending) return null;
  const what = attributeText(pending);
  const due = pending.effective ? `, due ${pending.effective}` : "";
  return el("div", { class: "pending", id: "edge-pending" },
    el("strong", {}, `${pending.status[0].toUpperCase()}${pending.status.slice(1)}${what ? `: ${what}` : ""}`),
    ` (reported ${pending.date || "undated"}${due}, not yet reported done)`);
}

/** The world rules that changed the edge, each with its day and reason. */
function ruleList(edge) {
  const notes = edge.rules || [];
  if (!notes.length) return null;
  return [el("h3", {}, "Rules applied"), el("ul", { class: "rules", id: "edge-rules" }, notes.map((note) => el("li", {},
    el("span", { class: "when" }, note.date || "undated"), el("span", { class: "badge rule" }, note.rule), " ",
    statusBadge(note.status), " ", note.reason)))];
}

function outletOf(item) {
  const outlet = item.outlet || item.attributed_to || "unattributed";
  const said = item.attributed_to && item.attributed_to !== outlet ? `according to ${item.attributed_to}` : null;
  return [el("span", { class: "outlet" }, outlet), said ? el("span", {}, said) : null];
}

function conflictList(conflicts) {
  if (!conflicts.length) return null;
  return [el("h3", {}, "Sources disagree"), conflicts.map((conflict) => el("div", { class: "conflict" },
    el("div", { class: "muted" }, `on ${conflict.field}:`),
    el("ul", {}, (conflict.sides || []).map((side) => el("li", {},
      el("strong", {}, conflict.field === "percent" ? `${formatNumber(side.value)}%` : String(side.value)), " ",
      (side.evidence || []).map((item) => `${item.outlet || item.attributed_to || "unattributed"}, ${item.date || "undated"}`).join("; "))))))];
}

/** The panel for one edge: parties, status, attributes, status history, every evidence sentence. */
export function renderEdge(panel, edge, on, { aliases = {}, asOf = null, conflicts = [] } = {}) {
  const facts = [];
  const add = (label, value) => { if (value !== null && value !== undefined && value !== "") facts.push(el("dt", {}, label), el("dd", { dataset: { field: label } }, value)); };
  add("percent", edge.percent != null ? `${formatNumber(edge.percent)}%` : null);
  add("amount", edge.amount != null ? money(edge.amount, edge.currency) : null);
  add("title", edge.title);
  add("kind", edge.kind);
  add("product", edge.product);
  add("confidence", edge.confidence != null ? `${Math.round(edge.confidence * 100)}%` : null);
  add("first reported", edge.first_seen);
  add("last reported", edge.last_seen);
  add("sources", edge.sources);
  const history = [...(edge.history || [])];
  const terms = evidenceTerms(edge, aliases);
  fill(panel,
    el("h2", { class: "relation-title" }, entityButton(edge.subject, on), el("span", { class: "verb" }, relation(edge.type).label), entityButton(edge.object, on)),
    el("div", { class: "badges" }, typeBadge(edge.type), statusBadge(edge.status), asOf ? el("span", { class: "badge" }, `as of ${asOf}`) : null),
    pendingNote(edge.pending),
    edge.derived_from ? el("p", { class: "muted" }, `Derived from the ${edge.derived_from.replaceAll("_", " ")} edge; its statements are the evidence.`) : null,
    el("dl", { class: "facts", id: "edge-facts" }, facts),
    conflictList(conflicts),
    ruleList(edge),
    el("h3", {}, "Status over time"),
    el("ol", { class: "history" }, history.map((item) => el("li", { class: `status-${item.status}` },
      el("span", { class: "when" }, whenText(item.date, item.valid_from || item.valid_to)), statusBadge(item.status), " ", historyAttributes(item)))),
    el("h3", {}, `Evidence (${history.length} ${history.length === 1 ? "sentence" : "sentences"})`),
    el("ul", { class: "evidence" }, history.slice().reverse().map((item) => el("li", {},
      el("blockquote", {}, highlighted(item.sentence || "", [...evidenceTerms({ ...edge, ...item }, aliases), ...terms])),
      el("div", { class: "source" },
        outletOf(item),
        el("span", {}, item.date || "undated"),
        item.doc ? el("span", { title: "article" }, item.doc) : null)))));
}

/** The panel for an entity: name, type, aliases, and its edges grouped by relation type. */
export function renderEntity(panel, view, on, { conflicts = [] } = {}) {
  const entity = view.entity;
  const groups = new Map();
  for (const edge of view.edges) {
    if (!groups.has(edge.type)) groups.set(edge.type, []);
    groups.get(edge.type).push(edge);
  }
  const others = [...new Set(entity.aliases || [])].filter((alias) => alias !== entity.name);
  fill(panel,
    el("h2", {}, entity.name),
    el("div", { class: "badges" }, el("span", { class: "badge" }, entity.type),
      el("span", { class: "badge" }, `${view.edges.length} ${view.edges.length === 1 ? "relation" : "relations"}`),
      view.as_of ? el("span", { class: "badge" }, `as of ${view.as_of}`) : null),
    others.length ? el("p", { class: "muted" }, "Also reported as: ", others.slice(0, MAX_ALIASES).join(", "),
      others.length > MAX_ALIASES ? ` and ${others.length - MAX_ALIASES} more` : "") : null,
    conflicts.length ? [el("h3", {}, "Sources disagree"), el("ul", { class: "edge-list" }, conflicts.map((conflict) =>
      el("li", { onclick: () => on.edge(conflict) }, el("span", { class: "dot", style: { background: relation(conflict.type).color } }),
        `${conflict.subject} ${relation(conflict.type).label} ${conflict.object}`)))] : null,
    view.edges.length ? null : el("p", { class: "muted" }, "No relations reported by this date."),
    [...groups.entries()].map(([type, edges]) => [
      el("h3", {}, `${relation(type).label}${edges.length > 1 ? ` (${edges.length})` : ""}`),
      el("ul", { class: "edge-list" }, edges.slice(0, LIST_PER_TYPE).map((edge) => {
        const other = edge.subject === entity.name ? edge.object : edge.subject;
        const direction = edge.subject === entity.name || relation(type).symmetric ? "" : "← ";
        return el("li", { onclick: () => on.edge(edge), title: "Show the evidence", dataset: { key: edgeKey(edge) } },
          el("span", { class: "dot", style: { background: relation(type).color } }),
          el("span", { class: "other" }, direction, other),
          statusBadge(edge.status),
          el("span", { class: "what" }, attributeText(edge)));
      })),
      edges.length > LIST_PER_TYPE ? el("p", { class: "muted" }, `and ${edges.length - LIST_PER_TYPE} more`) : null,
    ]));
}

function changeText(change) {
  const label = `${change.subject} ${relation(change.type).label} ${change.object}`;
  const shown = (value) => (value === null || value === undefined ? "none" : typeof value === "object" ? JSON.stringify(value) : String(value));
  const why = change.rule ? ` (${change.rule}: ${change.reason})` : "";
  if (change.kind === "new") return `New: ${label}${why}`;
  const field = change.field || change.attribute || (change.kind === "status" ? "status" : "value");
  return `${label}: ${field} ${shown(change.before)} → ${shown(change.after)}${why}`;
}

/** Beside a change's day: the rule that made it and when its statement was reported, or the
 * day the statement takes effect ("effective 2024-08-08"). */
function changeTimes(change) {
  if (change.rule) return el("span", { class: "muted" }, ` ${change.rule}, reported ${change.reported || "undated"} `);
  if (change.effective && change.effective !== change.date) return el("span", { class: "muted" }, ` effective ${change.effective} `);
  return null;
}

/** The change feed (GET /api/changes), newest first; clicking an item selects its edge. */
export function renderChanges(list, changes, on) {
  if (!changes.length) {
    fill(list, el("li", { class: "muted" }, "Nothing changed in this period."));
    return;
  }
  fill(list, changes.slice().reverse().map((change) => el("li", { onclick: () => on.edge(change) },
    el("div", { class: "head" }, el("span", { class: "when" }, change.date || "undated"), changeTimes(change),
      el("span", { class: `badge kind-${change.kind}` }, change.kind), typeBadge(change.type)),
    el("div", { class: "delta" }, changeText(change)),
    change.sentence ? el("div", { class: "sentence" }, highlighted(change.sentence, evidenceTerms(change))) : null,
    el("div", { class: "source" }, [change.outlet || change.attributed_to, change.doc].filter(Boolean).join(" · ")))));
}

/** A one-line summary of an edge for the hover tooltip. */
export function tooltipContent(edge) {
  const meta = [edge.status, attributeText(edge), `${edge.sources} ${edge.sources === 1 ? "source" : "sources"}`,
    edge.last_seen ? `last reported ${edge.last_seen}` : null].filter(Boolean).join(" · ");
  const pending = edge.pending ? `${edge.pending.status}: ${attributeText(edge.pending) || "a change"}` : null;
  return [el("div", { class: "tt-title" }, `${edge.subject} ${relation(edge.type).label} ${edge.object}`),
    el("div", { class: "tt-meta" }, meta), pending ? el("div", { class: "tt-meta" }, pending) : null,
    el("div", { class: "tt-meta" }, "Click for the evidence")];
}
