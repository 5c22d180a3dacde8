// A questionnaire opened from "To do" (pre-work, or one left open): it takes the stage until
// the participant goes back, it is gone, or the agenda brings it up anyway. The choice lives in
// sessionStorage, so a reload keeps it.

export class ChosenPart {
  constructor({ store, cards, code }) {
    this.store = store;
    this.cards = cards;
    this.storageKey = `wr:todo:${code}`;
    this.runId = Number(sessionStorage.getItem(this.storageKey)) || null;
    this.focusNext = false;
  }

  choose(runId) {
    this.runId = runId;
    if (runId) sessionStorage.setItem(this.storageKey, String(runId));
    else sessionStorage.removeItem(this.storageKey);
    this.focusNext = true;
  }

  /** The chosen run, or null; `itemRun` is the run the agenda shows now, if any. */
  current(itemRun) {
    const chosen = this.runId ? this.store.get("assessments", String(this.runId)) : null;
    if (this.runId && this.store.me && (!chosen || (itemRun && itemRun.id === this.runId))) {
      this.runId = null; // gone, or the agenda brought it up anyway
      sessionStorage.removeItem(this.storageKey);
      return null;
    }
    return chosen;
  }

  render(chosen) {
    if (!chosen) return null;
    const view = this.cards.assessment(chosen, true);
    return { key: `run:${chosen.id}`, nodes: [view.node], focus: view };
  }
}
