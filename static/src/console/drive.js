// Driving the session: Back, Next and End while it is live, Start (or Resume) for the session
// picked in the agenda, and the refusal of the last command. A co-facilitator is told who drives.

import { $, h, replace } from "../dom.js";
import { t } from "../i18n.js";
import { ConsolePanel } from "./panel.js";

export class DrivePanel extends ConsolePanel {
  render() {
    const view = this.view;
    const now = view.live();
    const picked = view.picked;
    if (!this.changed("drive", this.drives, now.session_id, picked, Boolean(this.store.get("runs", String(picked))),
      view.problem)) return;
    const buttons = [];
    if (this.drives) {
      if (now.session_id === picked) {
        buttons.push(
          h("button", { type: "button", onclick: () => view.send("agenda.back") }, t("console.back")),
          h("button", { type: "button", class: "primary", onclick: () => view.send("agenda.next") }, t("console.next")),
          h("button", { type: "button", class: "danger", onclick: () => {
            if (confirm(t("console.end.confirm"))) view.send("session.end");
          } }, t("console.end")));
      } else if (picked) {
        const run = this.store.get("runs", String(picked));
        buttons.push(h("button", { type: "button", class: "primary",
          onclick: () => view.send("session.start", { session_id: picked }) },
        t(run ? "console.resume" : "console.start")));
      }
    } else {
      buttons.push(h("p", {}, t("cohost.driving")));
    }
    replace($("#drive"), buttons, view.problem ? h("p", { class: "error", role: "alert" }, view.problem) : null);
  }
}
