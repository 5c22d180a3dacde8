// Room settings in the console: each live feature on or off for this room.

import { h } from "./dom.js";
import { t } from "./i18n.js";

const FEATURES = ["hands", "reactions", "questions", "anonymous_questions", "moderated_questions",
  "chat", "team_chat"];

export class SettingsPanel {
  constructor(connection) {
    this.boxes = Object.fromEntries(FEATURES.map((name) => [name, h("input", {
      type: "checkbox", id: `feature-${name}`,
      onchange: async (e) => {
        const ack = await connection.send("settings.change", { [name]: e.target.checked });
        this.error.textContent = ack.ok ? "" : t("error.generic", { message: ack.error.message });
      } })]));
    this.error = h("p", { class: "error", role: "alert" });
    this.node = h("details", { class: "settings-panel" },
      h("summary", {}, t("settings.title")),
      h("ul", {}, FEATURES.map((name) => h("li", {},
        h("label", { for: `feature-${name}` }, this.boxes[name], " ", t(`settings.${name}`))))),
      this.error);
  }

  update(store) {
    const features = store.get("settings", "room") || {};
    for (const name of FEATURES) this.boxes[name].checked = Boolean(features[name]);
    return this.node;
  }
}
