// Removing someone, in the console: pick a participant, choose whether their notes stay,
// remove (after a confirmation); the facilitator lets a removed person back in.

import { h, replace } from "./dom.js";
import { t } from "./i18n.js";

export class RemovalPanel {
  constructor(connection, { readmits }) {
    this.connection = connection;
    this.readmits = readmits;
    this.who = h("select", { id: "remove-who" });
    this.hide = h("input", { type: "checkbox", id: "remove-hide-notes" });
    this.removed = h("ul", { class: "removed-list" });
    this.error = h("p", { class: "error", role: "alert" });
    this.key = "";
    this.node = h("details", { class: "removal-panel" }, h("summary", {}, t("removal.title")),
      h("form", { onsubmit: (e) => {
        e.preventDefault();
        const option = this.who.selectedOptions[0];
        if (option && window.confirm(t("removal.confirm", { name: option.textContent }))) {
          this.send("participant.remove", { participant_id: Number(this.who.value), hide_notes: this.hide.checked });
        }
      } },
      h("label", { for: "remove-who" }, t("removal.who")), this.who,
      h("label", { for: "remove-hide-notes", class: "removal-hide" }, this.hide, " ", t("removal.hide_notes")),
      h("button", { type: "submit", class: "danger" }, t("removal.remove"))),
      this.removed, this.error);
  }

  async send(type, data) {
    const ack = await this.connection.send(type, data);
    this.error.textContent = ack.ok ? "" : t("error.generic", { message: ack.error.message });
  }

  update(store) {
    const removed = store.all("removed");
    const gone = new Set(removed.map((r) => r.participant_id));
    const people = store.all("participants").filter((p) => !gone.has(p.id))
      .sort((a, b) => a.name.localeCompare(b.name));
    const key = JSON.stringify([people, removed]);
    if (key === this.key) return this.node;
    this.key = key;
    replace(this.who, people.map((p) => h("option", { value: p.id }, p.name)));
    replace(this.removed, removed.map((r) => h("li", {}, t("removal.removed", { name: r.name }), " ",
      this.readmits && h("button", { type: "button",
        onclick: () => this.send("participant.readmit", { participant_id: r.participant_id }) },
      t("removal.readmit", { name: r.name })))));
    return this.node;
  }
}

/** A participant's page leaves the room when they are removed. */
export function leaveWhenRemoved(store, leave) {
  store.subscribe((_store, reason) => {
    if (reason && reason.type === "participant.removed") leave();
  });
}
