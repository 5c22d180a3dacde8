// The roster on the right: who joined, who is online, and the co-facilitators.

import { $, h, replace } from "../dom.js";
import { t } from "../i18n.js";
import { ConsolePanel } from "./panel.js";

export class RosterPanel extends ConsolePanel {
  render() {
    const store = this.store;
    const people = store.all("participants").sort((a, b) => a.name.localeCompare(b.name));
    const online = new Set((store.aggregates.presence || { online: [] }).online);
    $("#roster-title").textContent = t("roster.title");
    $("#roster-count").textContent = people.length
      ? t("roster.online", { online: online.size, total: people.length })
      : t("roster.empty");
    replace($("#roster"), people.map((p) => h("li", { class: online.has(p.id) ? "online" : "offline" },
      h("span", { class: "dot", "aria-hidden": "true" }), p.name)));
    const cohosts = store.all("cofacilitators");
    $("#cohosts-title").textContent = t("roster.cohosts");
    $("#cohosts-title").hidden = !cohosts.length; // no empty heading
    replace($("#cohosts"), cohosts.map((c) => h("li", {}, c.name)));
  }
}
