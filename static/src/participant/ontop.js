// What sits on top of the current item: quick polls while they run (and one just closed or
// revealed, until dismissed), and boards made up live until the facilitator locks them.

import { liveBoards } from "../boards.js";
import { QuickPolls } from "../polls.js";

export class OnTop {
  constructor({ store, cards }) {
    this.store = store;
    this.cards = cards;
    this.quickPolls = new QuickPolls();
  }

  dismiss(pollId) {
    this.quickPolls.dismiss(pollId);
  }

  /** The cards on top of `item`; live boards give way to a questionnaire opened from "To do". */
  nodes(item, chosen) {
    if (!item) return [];
    const nodes = this.quickPolls.visible(this.store, item.id).map((poll) => this.cards.poll(poll, true));
    if (!chosen) {
      nodes.push(...liveBoards(this.store).filter((b) => b.phase !== "locked").map((b) => this.cards.board(b)));
    }
    return nodes;
  }
}
