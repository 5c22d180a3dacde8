// Between sessions: the room's name, "waiting for the facilitator", and what is still to do.

import { TodoList } from "../assessment.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { waitingView } from "../widgets.js";

export class WaitingPart {
  constructor({ store, onPick }) {
    this.store = store;
    this.node = null;
    this.todo = new TodoList({ onPick });
    this.todoSection = h("section", { class: "todo-inline", "aria-labelledby": "todo-inline-title" },
      h("h2", { id: "todo-inline-title" }, t("todo.title")), this.todo.node);
  }

  render(item) {
    if (item) return null;
    this.node = this.node || waitingView(this.store);
    const nodes = [this.node];
    if (this.todo.update(this.store).length) nodes.push(this.todoSection);
    return { key: "waiting", nodes };
  }
}
