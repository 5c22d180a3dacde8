// The participant's slim header: the session, their name, their team, "To do" and the
// pre-work drawer.

import { TodoMenu } from "../assessment.js";
import { $ } from "../dom.js";
import { sessionLabel } from "../widgets.js";

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
    $("#me").textContent = this.store.me ? this.store.me.name : "";
    $("#team").textContent = this.teams.badge();
    $("#team").hidden = !this.teams.badge();
    this.todo.update(this.store);
  }
}
