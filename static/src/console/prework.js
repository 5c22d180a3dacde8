// The current prework or presentation item's panel, every pre-work task's table, and the form
// for a new pre-work task.

import { $, keep, replace } from "../dom.js";
import { StaffPresentation, StaffPrework, newTaskForm, presentationOfItem, taskOfItem } from "../prework.js";
import { ConsolePanel } from "./panel.js";

export class PreworkPanel extends ConsolePanel {
  constructor(view) {
    super(view);
    this.prework = new StaffPrework({ connection: this.connection, drives: this.drives, room: view.room });
    this.presentations = new Map(); // item id → its StaffPresentation
    if (view.drives) $("#prework-form").append(newTaskForm(view.connection));
    else $("#prework-form").remove();
  }

  render() {
    const store = this.store;
    const box = $("#item-prework");
    const item = this.view.item();
    let node = null;
    if (item && item.kind === "prework") node = this.prework.itemNode(store, item);
    if (item && item.kind === "presentation") {
      if (!this.presentations.has(item.id)) {
        this.presentations.set(item.id, new StaffPresentation({ connection: this.connection, drives: this.drives,
          store }));
      }
      const shown = this.presentations.get(item.id);
      shown.show(item, presentationOfItem(store, item));
      node = shown.node;
    }
    if (node && box.firstChild !== node) replace(box, node);
    if (!node && !box.hidden) replace(box);
    box.hidden = !node;
    const onScreen = item && item.kind === "prework" ? taskOfItem(store, item) : null;
    keep($("#prework-list"), this.prework.listNodes(store, onScreen ? onScreen.id : null));
  }
}
