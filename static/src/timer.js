// The plenary timer: a countdown every page shows while it runs ("2 minutes to write
// notes"), on the server's clock so it survives reloads; the facilitator starts, extends
// and stops it.

import { Countdown } from "./breakouts.js";
import { h, replace } from "./dom.js";
import { t } from "./i18n.js";

/** The countdown with its label, or nothing when no timer runs. */
export class TimerBadge {
  constructor(store) {
    this.countdown = new Countdown(store);
    this.label = h("span", { class: "timer-label" });
    this.node = h("section", { class: "plenary-timer", "aria-label": t("timer.title") },
      this.label, this.countdown.node);
  }

  update(store) {
    const timer = store.get("timer");
    if (!timer) {
      this.countdown.breakout = null;
      return null;
    }
    this.label.textContent = timer.label;
    this.countdown.show(timer);
    return this.node;
  }
}

/** The facilitator's controls: minutes and what for, start; then +1 minute and stop. */
export class TimerControls {
  constructor(connection) {
    this.connection = connection;
    this.minutes = h("input", { id: "timer-minutes", type: "number", min: "1", max: "240", value: "2",
      inputmode: "numeric" });
    this.what = h("input", { id: "timer-label", maxlength: "120", placeholder: t("timer.label_hint") });
    this.error = h("p", { class: "error", role: "alert" });
    this.start = h("form", { class: "timer-form", onsubmit: (e) => {
      e.preventDefault();
      this.send("timer.start", { seconds: Math.round(Number(this.minutes.value) * 60),
        label: this.what.value, item_id: this.itemId });
    } },
    h("label", { for: "timer-minutes" }, t("timer.minutes")), this.minutes,
    h("label", { for: "timer-label" }, t("timer.label")), this.what,
    h("button", { type: "submit", class: "primary" }, t("timer.start")));
    this.running = h("div", { class: "timer-running" },
      h("button", { type: "button", onclick: () => this.send("timer.extend", { seconds: 60 }) },
        t("timer.extend")),
      h("button", { type: "button", class: "danger", onclick: () => this.send("timer.stop") },
        t("timer.stop")));
    this.title = h("h2", { id: "timer-title" }, t("timer.title"));
    this.body = h("div");
    this.node = h("section", { class: "timer-panel", "aria-labelledby": "timer-title" },
      this.title, this.body, this.error);
    this.shown = null;
  }

  async send(type, data = {}) {
    const ack = await this.connection.send(type, data);
    this.error.textContent = ack.ok ? "" : t("error.generic", { message: ack.error.message });
  }

  update(store) {
    const live = store.get("live");
    this.itemId = live && live.item ? live.item.id : null;
    const shown = store.get("timer") ? this.running : this.start;
    if (shown !== this.shown) {
      this.shown = shown;
      replace(this.body, shown);
    }
    return this.node;
  }
}
