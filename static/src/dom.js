// Building DOM without HTML strings: every name, note and answer goes in as text.

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

// Only for HTML the server rendered from Markdown and sanitized (agenda item bodies).
export function trustedHtml(tag, html, attrs = {}) {
  const node = h(tag, attrs);
  node.innerHTML = html;
  return node;
}

export function replace(target, ...children) {
  target.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined));
}

/** Replace `box`'s children with `nodes` unless it already holds exactly those, so what
 * someone is typing and the keyboard focus stay. */
export function keep(box, nodes) {
  const current = [...box.children];
  if (current.length !== nodes.length || current.some((node, i) => node !== nodes[i])) {
    box.replaceChildren(...nodes);
  }
}

/**
 * Rebuild part of the page without losing the keyboard focus: the control that had it is
 * found again by its data-control key, else `fallback` (a heading with tabindex -1) takes it.
 */
export function keepingFocus(container, rebuild, fallback = null) {
  const active = document.activeElement;
  const had = Boolean(active) && container.contains(active);
  const key = had ? active.dataset.control : undefined;
  rebuild();
  if (!had) return;
  const now = document.activeElement;
  if (container.contains(now) && !now.closest("[hidden]")) return;
  const again = key ? container.querySelector(`[data-control="${CSS.escape(key)}"]`) : null;
  const target = again && !again.disabled && !again.closest("[hidden]") ? again : fallback;
  if (target) target.focus();
}

export function $(selector) {
  return document.querySelector(selector);
}

export function minutes(ms) {
  return Math.max(0, Math.round(ms / 60000));
}

export function clock(ms) {
  const total = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}
