// Raise hand: the participant's toggle, the staff's queue (in order, with how long each has
// waited, lower one or all) and the count the projector shows.

import { clock, h, replace } from "./dom.js";
import { t, tn } from "./i18n.js";

/** The number of hands up, as the room's coalesced aggregate says. */
export const handsUp = (store) => ((store.aggregates.live || {}).hands || { count: 0 }).count;

/** The participant's button: raise, or lower again. */
export class HandButton {
  constructor(connection) {
    this.connection = connection;
    this.button = h("button", { type: "button", class: "hand-button", "aria-pressed": "false",
      onclick: () => this.toggle() });
    this.status = h("span", { class: "hand-status", role: "status", "aria-live": "polite" });
    this.node = h("div", { class: "hand" }, this.button, this.status);
    this.up = false;
  }

  async toggle() {
    this.button.disabled = true;
    this.status.textContent = t("live.sending");
    const ack = await this.connection.send(this.up ? "hand.lower" : "hand.raise");
    this.button.disabled = false;
    this.status.textContent = ack.ok ? "" : t("error.generic", { message: ack.error.message });
  }

  update(store) {
    this.up = Boolean(store.get("my_hand"));
    this.button.textContent = this.up ? t("hand.lower") : t("hand.raise");
    this.button.setAttribute("aria-pressed", String(this.up));
    this.node.dataset.up = String(this.up);
    return this.node;
  }
}

/** The staff's queue: first raised first, each with the time waited, lower one or all. */
export class HandQueue {
  constructor(connection) {
    this.connection = connection;
    this.title = h("h2", { id: "hands-title" });
    this.list = h("ol", { class: "hand-queue" });
    this.all = h("button", { type: "button", onclick: () => this.connection.send("hands.lower_all") },
      t("hand.lower_all"));
    this.node = h("section", { class: "hands-panel", "aria-labelledby": "hands-title" },
      this.title, this.list, this.all);
    this.key = "";
    setInterval(() => this.tick(), 1000);
  }

  tick() {
    if (!this.store) return;
    for (const item of this.list.children) {
      const waited = this.store.now() - Date.parse(item.dataset.raisedAt);
      item.querySelector(".hand-waited").textContent = t("hand.waited", { time: clock(waited) });
    }
  }

  update(store) {
    this.store = store;
    const hands = store.all("hands").sort((a, b) => a.raised_at.localeCompare(b.raised_at) || a.id - b.id);
    const names = hands.map((hand) => (store.get("participants", String(hand.participant_id)) || {}).name || "?");
    const key = JSON.stringify([hands.map((hand) => hand.id), names]);
    this.title.textContent = tn("hand.queue", hands.length);
    this.all.hidden = hands.length === 0;
    if (key !== this.key) {
      this.key = key;
      replace(this.list, hands.map((hand, i) => h("li", { "data-hand": hand.id, "data-raised-at": hand.raised_at },
        h("span", { class: "hand-name" }, names[i]), " ",
        h("span", { class: "hand-waited" }), " ",
        h("button", { type: "button", "aria-label": t("hand.lower_one", { name: names[i] }),
          onclick: () => this.connection.send("hands.lower", { hand_id: hand.id }) }, t("hand.lower")))));
      this.tick();
    }
    return this.node;
  }
}

/** The projector's line: how many hands are up (nothing when none). */
export function handCount(store) {
  const count = handsUp(store);
  return count ? h("p", { class: "hand-count", role: "status" }, tn("hand.count", count)) : null;
}
