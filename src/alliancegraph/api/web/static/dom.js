// Building the page from data: every value reaches the DOM as text (textContent), never as markup.

/** An element with attributes and children; strings become text nodes, null/undefined are left out. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "style") Object.assign(node.style, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replace everything inside `node` with `children`. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

const REGEX_SPECIALS = /[.*+?^${}()|[\]\\]/g;

/** A regex source matching `text` literally. */
export function literal(text) {
  return text.replace(REGEX_SPECIALS, "\\$&");
}

/**
 * `sentence` as text nodes, with the parts matching `terms` wrapped in <mark> elements.
 * terms: [{source: regex source, cls: class name}], earlier terms win where matches overlap.
 */
export function highlighted(sentence, terms) {
  const spans = [];
  for (const term of terms) {
    if (!term.source) continue;
    const pattern = new RegExp(term.source, "giu");
    for (const match of sentence.matchAll(pattern)) {
      if (!match[0]) continue;
      const start = match.index;
      const end = start + match[0].length;
      if (!spans.some((s) => start < s.end && end > s.start)) spans.push({ start, end, cls: term.cls });
    }
  }
  spans.sort((a, b) => a.start - b.start);
  const out = [];
  let at = 0;
  for (const span of spans) {
    if (span.start > at) out.push(sentence.slice(at, span.start));
    out.push(el("mark", { class: span.cls }, sentence.slice(span.start, span.end)));
    at = span.end;
  }
  if (at < sentence.length) out.push(sentence.slice(at));
  return out;
}
