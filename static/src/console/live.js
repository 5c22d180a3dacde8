// The live bar's words: which item is on screen ("3 of 12 · Poll · title"), and what is open
// right now — polls still taking answers, boards not yet locked — each with one click to close
// it, so moving on never leaves a quick poll sitting on every phone and on the projector.

import { liveBoards } from "../boards.js";
import { $, h, replace } from "../dom.js";
import { t } from "../i18n.js";
import { ConsolePanel } from "./panel.js";

/** What is open in the room now: [{key, label, current, close: [command, data]}], oldest first. */
export function openNow(store, live) {
  const itemId = live && live.session_id ? live.item.id : null;
  const sessionId = live ? live.session_id : null;
  const open = [];
  for (const poll of store.all("polls").sort((a, b) => a.id - b.id)) {
    if (poll.status !== "open") continue;
    open.push({ key: `poll:${poll.id}`, current: poll.item_id !== null && poll.item_id === itemId,
      label: t(poll.item_id === null ? "open.quick_poll" : "open.poll", { title: poll.question }),
      close: ["poll.close", { poll_id: poll.id }], action: "open.close" });
  }
  const itemBoards = store.all("boards").filter((b) => b.team_id === null && b.item_id !== null
    && b.phase !== "locked" && b.session_id === sessionId);
  for (const board of [...itemBoards, ...liveBoards(store).filter((b) => b.phase !== "locked")]) {
    open.push({ key: `board:${board.id}`, current: (board.item_ids || []).includes(itemId),
      label: t("open.board", { title: board.prompt }),
      close: ["board.phase", { board_id: board.id, phase: "locked" }], action: "open.lock" });
  }
  return open;
}

export class LivePanel extends ConsolePanel {
  render() {
    const view = this.view;
    const now = view.live();
    const items = now.session_id ? view.itemsOf(now.session_id) : [];
    const at = now.session_id ? items.findIndex((i) => i.id === now.item.id) : -1;
    if (this.changed("item", now.session_id, now.item && now.item.id, now.item && now.item.title, items.length)) {
      replace($("#live-item"), now.session_id ? [
        h("span", { class: "live-position" }, t("item.of", { position: at + 1, count: items.length })),
        h("span", { class: `kind kind-${now.item.kind}` }, t(`kind.${now.item.kind}`)),
        h("strong", { class: "live-title" }, now.item.title),
      ] : h("span", {}, t("console.notlive")));
    }
    const open = openNow(this.store, now);
    if (!this.changed("open", open, this.drives)) return;
    const box = $("#open-now");
    box.hidden = !open.length;
    replace(box, open.length ? [
      h("h3", { id: "open-now-title", class: "open-now-title" }, t("open.title")),
      h("ul", { "aria-labelledby": "open-now-title" }, open.map((entry) => h("li", {
        class: entry.current ? "current" : "", "data-open": entry.key },
      h("span", { class: "open-label" }, entry.label),
      this.drives ? h("button", { type: "button", "data-control": `close:${entry.key}`,
        onclick: () => view.send(...entry.close) }, t(entry.action)) : null))),
    ] : []);
  }
}
