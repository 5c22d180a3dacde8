// The current agenda item: its poll, board, questionnaire, pre-work task or presentation once
// the facilitator opens it, and the item itself (slide text, a breakout's task) until then.

import { runOfItem } from "../assessment.js";
import { boardOfItem } from "../boards.js";
import { pollOfItem } from "../polls.js";
import { PresentationStage, presentationOfItem, taskOfItem } from "../prework.js";
import { contentLanguage, itemView } from "../widgets.js";

export class CurrentPart {
  constructor({ connection, cards, prework }) {
    this.store = connection.store;
    this.cards = cards;
    this.prework = prework;
    this.presentation = new PresentationStage(this.store, { connection });
    this.itemId = null;
    this.itemNode = null;
  }

  render(item) {
    const store = this.store;
    if (item.id !== this.itemId) {
      this.itemId = item.id;
      this.itemNode = null;
    }
    const key = `item:${item.id}`;
    const poll = pollOfItem(store, item);
    const board = boardOfItem(store, item);
    const run = runOfItem(store, item);
    const task = taskOfItem(store, item);
    const presentation = presentationOfItem(store, item);
    if (poll) return { key, nodes: [this.cards.poll(poll, false)] };
    if (board && item.kind === "board") return { key, nodes: [this.cards.board(board, "h1")] };
    if (board) { // a breakout: the task, then the team's board
      this.itemNode = this.itemNode || itemView(item, { activity: false, content: contentLanguage(store) });
      return { key, nodes: [this.itemNode, this.cards.board(board)] };
    }
    if (run) return { key, nodes: [this.cards.assessment(run, false).node] };
    if (task && task.status === "open") return { key, nodes: [this.prework.card(store, task)] };
    if (presentation) {
      this.presentation.update(presentation);
      return { key, nodes: [this.presentation.node] };
    }
    this.itemNode = this.itemNode || itemView(item, { content: contentLanguage(store) });
    return { key, nodes: [this.itemNode] };
  }
}
