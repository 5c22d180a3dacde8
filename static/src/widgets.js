// Pieces every room page shares: the connection pill and the current agenda item.

import { h, trustedHtml } from "./dom.js";
import { t } from "./i18n.js";

export function showConnection(connection, node, outboxNode) {
  connection.onStatus((status, pending) => {
    node.textContent = t(`status.${status}`);
    node.dataset.status = status;
    if (outboxNode) {
      outboxNode.textContent = pending ? t("status.pending", { count: pending }) : "";
    }
  });
}

export function sessionLabel(store) {
  const live = store.get("live");
  if (!live || !live.session_id) return "";
  const session = store.get("sessions", String(live.session_id));
  return session ? `${t("session.label", { number: session.position })} · ${session.title}` : "";
}

// Course content is in the course's language whatever the page's: `lang` for fonts and
// screen readers, dir="auto" so an English slide in an Arabic page keeps its punctuation.
export function contentLanguage(store) {
  const room = store.get("room");
  return { lang: (room && room.language) || undefined, dir: "auto" };
}

export function itemView(item, { headingLevel = "h1", activity = true, content = {} } = {}) {
  const parts = [h(headingLevel, { class: "item-title", ...content }, item.title)];
  if (item.kind !== "slide") parts.unshift(h("p", { class: `kind kind-${item.kind}` }, t(`kind.${item.kind}`)));
  if (item.body_html) parts.push(trustedHtml("div", item.body_html, { class: "item-body", ...content }));
  if (item.kind !== "slide" && activity) parts.push(h("p", { class: "activity" }, t("activity.soon")));
  return h("section", { class: `item item-${item.kind}`, "data-item": item.id }, parts);
}

export function waitingView(store) {
  const room = store.get("room");
  return h("section", { class: "waiting" },
    h("h1", contentLanguage(store), room ? room.title : ""),
    h("p", { class: "lead" }, t("waiting.title")),
    h("p", {}, t("waiting.body")));
}

// Redraw at most once per frame, however many events arrive.
export function onChange(store, render) {
  let queued = false;
  store.subscribe(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      render();
    });
  });
}
