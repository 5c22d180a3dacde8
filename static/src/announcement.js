// The message to everyone: a banner on every page until the person dismisses it (kept per
// device), and the facilitator's form to send or take it down.

import { h } from "./dom.js";
import { t } from "./i18n.js";

export class AnnouncementBanner {
  constructor(storageKey) {
    this.key = `wr:dismissed:${storageKey}`;
    this.text = h("p", { class: "announcement-text" });
    this.node = h("div", { class: "announcement", role: "alert" }, this.text,
      h("button", { type: "button", class: "announcement-dismiss", "aria-label": t("announcement.dismiss"),
        onclick: () => this.dismiss() }, "×"));
    this.current = null;
  }

  dismiss() {
    try {
      localStorage.setItem(this.key, String(this.current.id));
    } catch {
      // no storage: dismissed for this page's life
    }
    this.dismissed = this.current.id;
    this.node.remove();
  }

  update(store) {
    this.current = store.get("announcement") || null;
    if (!this.current) return null;
    let dismissed = this.dismissed;
    try {
      dismissed = Number(localStorage.getItem(this.key)) || dismissed;
    } catch {
      // as above
    }
    if (dismissed === this.current.id) return null;
    this.text.textContent = this.current.text;
    return this.node;
  }
}

export class AnnouncementForm {
  constructor(connection) {
    this.connection = connection;
    this.input = h("input", { id: "announcement-text", maxlength: "500", required: true });
    this.error = h("p", { class: "error", role: "alert" });
    this.clear = h("button", { type: "button", onclick: () => this.send("announcement.clear") },
      t("announcement.clear"));
    this.node = h("section", { class: "announcement-panel", "aria-labelledby": "announcement-title" },
      h("h2", { id: "announcement-title" }, t("announcement.title")),
      h("form", { onsubmit: async (e) => {
        e.preventDefault();
        if (await this.send("announcement.send", { text: this.input.value })) this.input.value = "";
      } },
      h("label", { for: "announcement-text" }, t("announcement.label")), this.input,
      h("button", { type: "submit", class: "primary" }, t("announcement.send"))),
      this.clear, this.error);
  }

  async send(type, data = {}) {
    const ack = await this.connection.send(type, data);
    this.error.textContent = ack.ok ? "" : t("error.generic", { message: ack.error.message });
    return ack.ok;
  }

  update(store) {
    this.clear.hidden = !store.get("announcement");
    return this.node;
  }
}

