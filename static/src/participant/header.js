// The participant's slim header: the session and where in it the live item is, their name,
// their team, "To do" and the pre-work drawer.

import { TodoMenu } from "../assessment.js";
import { $ } from "../dom.js";
import { t } from "../i18n.js";
import { sessionLabel } from "../widgets.js";

/** "Slide 3 of 42": where the live item sits in its session. */
function itemPosition(store) {
  const live = store.get("live");
  if (!live || !live.session_id) return "";
  const session = store.get("sessions", String(live.session_id));
  if (!session) return "";
  return t("item.position", { kind: t(`kind.${live.item.kind}`), position: live.item.position,
    count: session.item_count });
}

export class Header {
  constructor({ store, teams, onPick }) {
    this.store = store;
    this.teams = teams;
    this.todo = new TodoMenu({ button: $("#todo"), panel: $("#todo-panel"), onPick });
  }

  render() {
    const label = sessionLabel(this.store);
    $("#session-label").textContent = label;
    $("#session-label").title = label;
    $("#position").textContent = itemPosition(this.store);
    $("#me").textContent = this.store.me ? this.store.me.name : "";
    $("#team").textContent = this.teams.badge();
    $("#team").hidden = !this.teams.badge();
    this.todo.update(this.store);
  }
}
