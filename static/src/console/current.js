// The current item in the middle: its title and body (as the room sees it) and the
// facilitator's notes for it.

import { $, h, replace, trustedHtml } from "../dom.js";
import { t } from "../i18n.js";
import { contentLanguage, itemView } from "../widgets.js";
import { ConsolePanel } from "./panel.js";

export class CurrentPanel extends ConsolePanel {
  render() {
    const now = this.view.live();
    if (!this.changed("current", now.session_id, now.item)) return;
    if (!now.session_id) {
      replace($("#current"), h("p", { class: "lead" }, t("console.notlive")));
      replace($("#item-notes"));
      return;
    }
    const full = this.view.item();
    const notes = full && full.notes_html
      ? h("aside", { class: "notes" }, h("h2", {}, t("console.notes")), trustedHtml("div", full.notes_html))
      : null;
    // the console is no place for the participants' "the facilitator will open this" sentence
    replace($("#current"), itemView(now.item, { headingLevel: "h2", activity: false,
      content: contentLanguage(this.view.connection.store) }));
    replace($("#item-notes"), notes);
  }
}
