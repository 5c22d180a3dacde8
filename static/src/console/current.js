// The current item in the middle: its title and body (as the room sees it) and the
// facilitator's notes for it.

import { $, h, replace, trustedHtml } from "../dom.js";
import { t } from "../i18n.js";
import { POLL_ITEM_KINDS } from "../polls.js";
import { itemView } from "../widgets.js";
import { ConsolePanel } from "./panel.js";

/** Item kinds with a panel of their own below the item; the others say the activity comes soon. */
const PANEL_KINDS = [...POLL_ITEM_KINDS, "assessment", "prework", "presentation", "board"];

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
    replace($("#current"), itemView(now.item, { headingLevel: "h2", activity: !PANEL_KINDS.includes(now.item.kind) }));
    replace($("#item-notes"), notes);
  }
}
