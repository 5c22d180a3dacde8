// Plenary reactions: buttons for participants, and on the projector and the console the
// counts, with a passing burst each time one grows. The counts come as one coalesced
// aggregate, never a message per click.

import { h, replace } from "./dom.js";
import { number, t } from "./i18n.js";

export const REACTIONS = ["applause", "agree", "slower", "cant_hear"];
const SYMBOLS = { applause: "👏", agree: "👍", slower: "🐢", cant_hear: "🔇" };
const BURST_MS = 2500;

/** The participant's buttons; a refusal (too many at once) is said, not silent. */
export class ReactionBar {
  constructor(connection) {
    this.status = h("span", { class: "reaction-status", role: "status", "aria-live": "polite" });
    const buttons = REACTIONS.map((kind) => h("button", {
      type: "button", class: "reaction-button", "data-reaction": kind,
      onclick: async () => {
        const ack = await connection.send("reaction.send", { kind });
        this.status.textContent = ack.ok ? t("reaction.sent") : ack.error.message;
      },
    }, h("span", { class: "reaction-symbol", "aria-hidden": "true" }, SYMBOLS[kind]), " ", t(`reaction.${kind}`)));
    this.node = h("div", { class: "reaction-bar", role: "group", "aria-label": t("reaction.title") },
      ...buttons, this.status);
  }
}

/** The counts, with a burst that passes when a count grows. */
export class ReactionBurst {
  constructor() {
    this.seen = null;
    this.counts = h("span", { class: "reaction-counts" });
    this.pops = h("span", { class: "reaction-pops", "aria-hidden": "true" });
    this.node = h("div", { class: "reaction-burst", "aria-live": "off" }, this.counts, this.pops);
  }

  update(store) {
    const data = (store.aggregates.live || {}).reactions;
    if (!data) return this.node;
    const grown = REACTIONS.filter((kind) => this.seen && data.counts[kind] > this.seen[kind]);
    const firstLook = this.seen === null || this.seen.session !== data.session_id;
    this.seen = { ...data.counts, session: data.session_id };
    replace(this.counts, REACTIONS.filter((kind) => data.counts[kind] > 0).map((kind) =>
      h("span", { class: "reaction-count", "data-reaction": kind },
        h("span", { "aria-hidden": "true" }, SYMBOLS[kind]), " ", t(`reaction.${kind}`), " ", number(data.counts[kind]))));
    if (!firstLook) {
      for (const kind of grown) {
        const burst = h("span", { class: "reaction-pop", "data-reaction": kind }, SYMBOLS[kind]);
        this.pops.append(burst);
        setTimeout(() => burst.remove(), BURST_MS);
      }
    }
    return this.node;
  }
}
