// Removing someone, in the console: pick a participant, choose whether their notes stay,
// remove (after a confirmation); the facilitator lets a removed person back in, revokes a
// co-facilitator's link, and renews the projector and invitation links (old ones stop).

import { h, replace } from "./dom.js";
import { t } from "./i18n.js";

export class RemovalPanel {
  constructor(connection, { readmits }) {
    this.connection = connection;
    this.readmits = readmits;
    this.cohosts = h("ul", { class: "removed-list" });
    this.renewed = h("p", { class: "renewed-link" });
    const renew = (kind) => h("button", { type: "button", onclick: async () => {
      if (!window.confirm(t("links.renew_confirm"))) return;
      const ack = await this.send("link.renew", { kind });
      if (ack.ok) {
        const url = kind === "projector"
          ? `${location.origin}/projector/${document.body.dataset.room}?key=${ack.result.token}`
          : `${location.origin}/cohost/${ack.result.token}`;
        replace(this.renewed, h("label", { for: "renewed-url" }, t(`links.new_${kind === "projector" ? "projector" : "invite"}`)),
          h("input", { id: "renewed-url", readonly: true, value: url }));
      }
    } }, t(`links.renew_${kind === "projector" ? "projector" : "invite"}`));
    this.links = readmits ? h("div", { class: "links-renew" }, this.cohosts, renew("projector"),
      renew("cofacilitator-invite"), this.renewed) : null;
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
      this.removed, this.links, this.error);
  }

  async send(type, data) {
    const ack = await this.connection.send(type, data);
    this.error.textContent = ack.ok ? "" : t("error.generic", { message: ack.error.message });
    return ack;
  }

  update(store) {
    const removed = store.all("removed");
    const gone = new Set(removed.map((r) => r.participant_id));
    const people = store.all("participants").filter((p) => !gone.has(p.id))
      .sort((a, b) => a.name.localeCompare(b.name));
    const cohosts = store.all("cofacilitators");
    const key = JSON.stringify([people, removed, cohosts]);
    if (key === this.key) return this.node;
    this.key = key;
    replace(this.who, people.map((p) => h("option", { value: p.id }, p.name)));
    replace(this.removed, removed.map((r) => h("li", {}, t("removal.removed", { name: r.name }), " ",
      this.readmits && h("button", { type: "button",
        onclick: () => this.send("participant.readmit", { participant_id: r.participant_id }) },
      t("removal.readmit", { name: r.name })))));
    replace(this.cohosts, this.readmits ? cohosts.map((c) => h("li", {}, c.name, " ",
      h("button", { type: "button", class: "danger", onclick: () => {
        if (window.confirm(t("links.revoke_confirm", { name: c.name }))) {
          this.send("cofacilitator.revoke", { cofacilitator_id: c.id });
        }
      } }, t("links.revoke", { name: c.name })))) : []);
    return this.node;
  }
}

/** A participant's page leaves the room when they are removed. */
export function leaveWhenRemoved(store, leave) {
  store.subscribe((_store, reason) => {
    if (reason && reason.type === "participant.removed") leave();
  });
}
