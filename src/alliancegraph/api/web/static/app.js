// The page: search with suggestions, the network, the as-of slider, the side panel and the change feed.
import { api, ApiError } from "./api.js";
import { el, fill } from "./dom.js";
import { createGraph, draw, edgeKey, fillLegend, relation } from "./graph.js";
import { renderChanges, renderEdge, renderEntity, tooltipContent } from "./panel.js";

const $ = (id) => document.getElementById(id);
const state = {
  entity: null, // the centre's canonical name
  aliases: {}, // name -> aliases, for highlighting evidence
  dates: [], // the centre's news dates, oldest first; slider position dates.length means "today"
  asOf: null, // null: everything stored
  selected: null, // the selected edge (its subject, type, object), or null for the centre entity
  generation: 0, // bumps on every redraw; answers to older requests are dropped
};
let cy = null;
window.alliancegraph = { state, cy }; // for the console and the browser test

let standing = null; // a problem that stays until the server is fixed (a missing library)

function notify(message) {
  const notice = $("notice");
  const shown = message || standing;
  notice.hidden = !shown;
  fill(notice, shown || "");
}

function reportError(error) {
  if (error instanceof ApiError || error instanceof TypeError) notify(error.message);
  else throw error;
}

// ---- the network ---------------------------------------------------------------------------------

/** Resolves once the Cytoscape.js script (loaded async, so that the page's first ask need not wait) has run or
 * failed; by the window's load event every script has (no inline handlers: the page's CSP forbids them). */
function cytoscapeLoaded() {
  if (typeof window.cytoscape === "function" || document.readyState === "complete") return Promise.resolve();
  const script = $("cytoscape-js");
  return new Promise((resolve) => {
    script.addEventListener("load", () => resolve());
    script.addEventListener("error", () => resolve());
    window.addEventListener("load", () => resolve());
  });
}

async function setUpGraph() {
  await cytoscapeLoaded();
  if (typeof window.cytoscape !== "function") {
    const reason = await fetch("/vendor/cytoscape.min.js").then((r) => r.json()).then((b) => b.error.message)
      .catch(() => "Cytoscape.js could not be loaded from this server.");
    standing = `The network cannot be drawn. ${reason}`;
    notify(null);
    console.error(`alliancegraph: ${reason}`);
    return;
  }
  cy = window.alliancegraph.cy = createGraph($("graph"), {
    node: (name) => focus(name),
    edge: (edge) => selectEdge(edge),
    hover: showTooltip,
    unhover: () => { $("tooltip").hidden = true; },
  });
}

function showTooltip(edge, position) {
  const tip = $("tooltip");
  fill(tip, tooltipContent(edge));
  tip.hidden = false;
  const graph = $("graph");
  const x = Math.min(position.x + 16, graph.offsetWidth - tip.offsetWidth - 8);
  const y = Math.min(position.y + 16, graph.offsetHeight - tip.offsetHeight - 8);
  tip.style.left = `${graph.offsetLeft + Math.max(8, x)}px`;
  tip.style.top = `${graph.offsetTop + Math.max(8, y)}px`;
}

// ---- what is shown ----------------------------------------------------------------------------------

/** Put `name` in the middle: its network drawn first, then its news dates on the slider and its overview. */
async function focus(name, { asOf = state.asOf, edge = null, asked = null } = {}) {
  state.entity = name;
  state.selected = edge;
  state.asOf = asOf;
  state.dates = null;
  $("empty").hidden = true;
  try {
    await redraw(asked);
  } catch (error) {
    reportError(error);
  }
}

const fullViews = new Map();

/** The entity with every edge ever reported (no as-of date), asked once per entity: it gives the slider's dates. */
function fullView(name) {
  if (!fullViews.has(name)) fullViews.set(name, api.entity(name).catch((error) => { fullViews.delete(name); throw error; }));
  return fullViews.get(name);
}

function newsDates(view) {
  const dates = new Set();
  for (const edge of view.edges) {
    for (const item of edge.history || []) if (item.date) dates.add(item.date);
    if (edge.first_seen) dates.add(edge.first_seen);
    if (edge.last_seen) dates.add(edge.last_seen);
  }
  return [...dates].sort();
}

/**
 * Draw the network as of the slider's date, then fill the panel; answers to older redraws are dropped.
 * asked: the neighbourhood already asked for, if it was.
 */
async function redraw(asked = null) {
  const generation = ++state.generation;
  const hood = await (asked || api.neighbourhood(state.entity, state.asOf));
  if (generation !== state.generation) return;
  notify(null);
  if (hood.center.name !== state.entity) {
    state.entity = hood.center.name;
    state.dates = null;
  }
  writeHash();
  if (cy) {
    fillLegend($("legend"), hood.edges.map((edge) => edge.type));
    draw(cy, hood, state.selected ? edgeKey(state.selected) : null);
    await painted(); // the network shows before the heavier overview is asked for and parsed
    performance.mark("alliancegraph:drawn", { detail: { edges: hood.edges.length } }); // for benchmarks/api_speed.py
  }
  const full = await fullView(state.entity);
  if (generation !== state.generation) return;
  if (state.dates === null) showCentre(full);
  if (state.selected) await showEdge(state.selected, generation);
  else await showEntity(state.asOf ? await api.entity(state.entity, state.asOf) : full, generation);
}

/** Resolves in the next frame, after Cytoscape has drawn in it (its frame callback was asked for first). */
function painted() {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/** What follows from a new centre: the search box, the slider's dates, the change feed's scope. */
function showCentre(full) {
  state.aliases = { [full.entity.name]: full.entity.aliases || [] };
  state.dates = newsDates(full);
  setSlider(state.asOf);
  $("search").value = full.entity.name;
  $("changes-scope-label").textContent = `only ${full.entity.name}`;
  if (!$("changes-since").value) $("changes-since").value = defaultSince();
}

const conflictCache = new Map();

/** The conflicts touching an entity, asked once per entity (they do not depend on the as-of date). */
function conflictsOf(name) {
  if (!conflictCache.has(name)) conflictCache.set(name, api.conflicts(name).catch(() => []));
  return conflictCache.get(name);
}

async function showEntity(view, generation) {
  const conflicts = await conflictsOf(view.entity.name);
  if (generation !== state.generation) return;
  renderEntity($("details"), view, { entity: (name) => focus(name), edge: (edge) => selectEdge(edge) }, { conflicts });
}

async function showEdge(edge, generation) {
  try {
    const [full, conflicts] = await Promise.all([api.edge(edge, state.asOf), conflictsOf(state.entity)]);
    if (generation !== state.generation) return;
    const mine = conflicts.filter((conflict) => edgeKey(conflict) === edgeKey(full));
    renderEdge($("details"), full, { entity: (name) => focus(name) }, { aliases: state.aliases, asOf: state.asOf, conflicts: mine });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    if (generation !== state.generation) return;
    fill($("details"),
      el("h2", {}, `${edge.subject} ${relation(edge.type).label} ${edge.object}`),
      el("p", { class: "muted" }, `Not reported yet as of ${state.asOf}. Move the date slider later to see it.`));
  }
}

function selectEdge(edge) {
  state.selected = { subject: edge.subject, type: edge.type, object: edge.object };
  showTab("details");
  if (cy) {
    cy.elements().unselect();
    cy.getElementById(`e:${edgeKey(edge)}`).select();
  }
  if (edge.subject !== state.entity && edge.object !== state.entity) {
    focus(edge.subject, { edge: state.selected });
    return;
  }
  writeHash();
  showEdge(state.selected, state.generation).catch(reportError);
}

// ---- the as-of slider ------------------------------------------------------------------------------

function setSlider(asOf) {
  const slider = $("asof");
  const dates = state.dates;
  slider.max = String(dates.length);
  let position = dates.length;
  if (asOf) {
    position = 0;
    while (position + 1 < dates.length && dates[position + 1] <= asOf) position += 1;
    if (dates.length && dates[0] > asOf) position = 0;
  }
  slider.value = String(position);
  state.asOf = position < dates.length ? dates[position] : null;
  $("timebar").hidden = dates.length === 0;
  fillTicks(dates);
  showSliderValue();
}

const MAX_TICKS = 80; // with more news dates than this, only the first of each year gets a tick

function fillTicks(dates) {
  const steps = Math.max(1, dates.length);
  let year = null;
  const ticks = [];
  [...dates, null].forEach((date, index) => {
    const thisYear = date ? date.slice(0, 4) : null;
    const first = thisYear && thisYear !== year;
    year = thisYear || year;
    if (!first && dates.length > MAX_TICKS) return;
    const tick = el("span", { style: { left: `${(100 * index) / steps}%` }, title: date || "today" });
    if (first) {
      tick.className = "year";
      tick.dataset.year = thisYear;
    }
    ticks.push(tick);
  });
  fill($("asof-ticks"), ticks);
}

function showSliderValue() {
  $("asof-value").value = state.asOf || "today";
  $("asof-value").textContent = state.asOf || "today";
}

function moveSlider(position) {
  const slider = $("asof");
  const clamped = Math.max(0, Math.min(Number(slider.max), position));
  slider.value = String(clamped);
  state.asOf = clamped < state.dates.length ? state.dates[clamped] : null;
  showSliderValue();
  redraw().catch(reportError);
}

// ---- search with suggestions ----------------------------------------------------------------------

function setUpSearch() {
  const input = $("search");
  const list = $("suggestions");
  let pending = null;
  let timer = null;
  let active = -1;

  const close = () => { list.hidden = true; active = -1; input.parentElement.setAttribute("aria-expanded", "false"); };
  const choose = (name) => { close(); input.blur(); focus(name, { asOf: state.asOf }); };
  const mark = () => [...list.children].forEach((item, index) => item.setAttribute("aria-selected", String(index === active)));

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) { close(); return; }
    timer = setTimeout(async () => {
      if (pending) pending.abort();
      pending = new AbortController();
      try {
        const matches = await api.search(text, { signal: pending.signal });
        fill(list, matches.length ? matches.map((match) => el("li", { role: "option", dataset: { name: match.name }, onmousedown: (event) => { event.preventDefault(); choose(match.name); } },
          el("span", { class: "name" }, match.name),
          el("span", { class: "badge" }, match.type),
          el("span", { class: "aka" }, (match.aliases || []).filter((a) => a !== match.name).slice(0, 3).join(", ")),
          el("span", { class: "count" }, edgeCount(match)))) : el("li", { class: "none" }, `Nothing matches "${text}".`));
        active = -1;
        list.hidden = false;
        input.parentElement.setAttribute("aria-expanded", "true");
      } catch (error) {
        if (error.name !== "AbortError") reportError(error);
      }
    }, 120);
  });
  input.addEventListener("keydown", (event) => {
    const options = [...list.querySelectorAll("li[data-name]")];
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!options.length) return;
      active = (active + (event.key === "ArrowDown" ? 1 : -1) + options.length) % options.length;
      mark();
    } else if (event.key === "Enter") {
      event.preventDefault();
      const option = options[Math.max(0, active)];
      if (option) choose(option.dataset.name);
      else if (input.value.trim()) choose(input.value.trim());
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}

function edgeCount(match) {
  const count = match.edges ?? match.edge_count ?? match.degree;
  return count === undefined ? "" : `${count} ${count === 1 ? "relation" : "relations"}`;
}

// ---- what changed since ---------------------------------------------------------------------------

function defaultSince() {
  if (state.asOf) return state.asOf;
  const last = state.dates[state.dates.length - 1];
  if (!last) return new Date().toISOString().slice(0, 10);
  const date = new Date(`${last}T00:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() - 1);
  return date.toISOString().slice(0, 10);
}

let changesAsked = 0; // answers to an older question about changes are dropped

async function showChanges() {
  const asked = ++changesAsked;
  const since = $("changes-since").value || defaultSince();
  $("changes-since").value = since;
  const entity = $("changes-scope").checked ? state.entity : null;
  try {
    const changes = await api.changes(since, entity, null);
    if (asked !== changesAsked) return;
    renderChanges($("changes-list"), changes, { edge: (change) => selectEdge(change) });
    $("changes-list").dataset.since = since;
  } catch (error) {
    reportError(error);
  }
}

function showTab(name) {
  for (const tab of ["details", "changes"]) {
    $(`tab-${tab}`).setAttribute("aria-selected", String(tab === name));
    $(tab).hidden = tab !== name;
  }
  if (name === "changes") showChanges();
}

// ---- the address bar keeps what is shown, so a link or a reload shows the same ----------------------

function writeHash() {
  const params = new URLSearchParams();
  if (state.entity) params.set("entity", state.entity);
  if (state.asOf) params.set("as_of", state.asOf);
  if (state.selected) {
    params.set("edge", `${state.selected.subject}|${state.selected.type}|${state.selected.object}`);
  }
  history.replaceState(null, "", `#${params}`);
}

function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  const [subject, type, object] = (params.get("edge") || "").split("|");
  return { entity: params.get("entity"), asOf: params.get("as_of"), edge: type ? { subject, type, object } : null };
}

async function showStats() {
  const numbers = await api.stats().catch(() => null);
  if (numbers) $("store-stats").textContent = `${numbers.articles} articles · ${numbers.entities} entities · ${numbers.facts} facts`;
}

async function start() {
  const wanted = readHash();
  const asked = wanted.entity ? api.neighbourhood(wanted.entity, wanted.asOf) : null; // on its way while the page sets up
  asked?.catch(() => {});
  await setUpGraph();
  setUpSearch();
  $("asof").addEventListener("input", (event) => moveSlider(Number(event.target.value)));
  $("asof-prev").addEventListener("click", () => moveSlider(Number($("asof").value) - 1));
  $("asof-next").addEventListener("click", () => moveSlider(Number($("asof").value) + 1));
  $("tab-details").addEventListener("click", () => showTab("details"));
  $("tab-changes").addEventListener("click", () => showTab("changes"));
  $("changes-form").addEventListener("submit", (event) => { event.preventDefault(); showChanges(); });
  $("changes-scope").addEventListener("change", showChanges);
  if (wanted.entity) await focus(wanted.entity, { asOf: wanted.asOf, edge: wanted.edge, asked });
  else $("search").focus();
  document.body.dataset.ready = "true";
  showStats(); // last: counting a big store should not hold up the first drawing
}

start();
