// What else is open besides the current item: quick polls while they run (and one just closed
// or revealed, until dismissed), and boards made up live until the facilitator locks them.
// They come below the current item, in a section the participant can fold away: the item on
// screen always comes first.

import { liveBoards } from "../boards.js";
import { h, keep } from "../dom.js";
import { tn } from "../i18n.js";
import { QuickPolls } from "../polls.js";

export class AlsoOpen {
  constructor({ store, cards }) {
    this.store = store;
    this.cards = cards;
    this.quickPolls = new QuickPolls();
    this.summary = h("summary", { class: "also-open-title" });
    this.list = h("div", { class: "also-open-list" });
    this.node = h("details", { class: "also-open", open: true }, this.summary, this.list);
  }

  dismiss(pollId) {
    this.quickPolls.dismiss(pollId);
  }

  /** The section under `item`, or null when nothing else is open; live boards give way to a
   * questionnaire opened from "To do". */
  render(item, chosen) {
    if (!item) return null;
    const nodes = this.quickPolls.visible(this.store, item.id).map((poll) => this.cards.poll(poll, true));
    if (!chosen) {
      nodes.push(...liveBoards(this.store).filter((b) => b.phase !== "locked").map((b) => this.cards.board(b)));
    }
    if (!nodes.length) return null;
    this.summary.textContent = tn("also_open.title", nodes.length);
    keep(this.list, nodes);
    return this.node;
  }
}
