// The self-assessment of the current item (for a debrief item, the latest run of its
// questionnaire): progress while people answer, results once revealed.

import { StaffAssessment, isDebrief, progressOf, resultsOf, runOfItem } from "../assessment.js";
import { $, replace } from "../dom.js";
import { ConsolePanel } from "./panel.js";

export class AssessmentPanel extends ConsolePanel {
  constructor(view) {
    super(view);
    this.panels = new Map(); // item id → its StaffAssessment
  }

  render() {
    const store = this.store;
    const box = $("#item-assessment");
    const item = this.view.item();
    if (item && item.kind === "assessment") {
      const run = runOfItem(store, item);
      if (!this.panels.has(item.id)) {
        this.panels.set(item.id, new StaffAssessment({ connection: this.connection, drives: this.drives,
          room: this.view.room }));
      }
      const shown = this.panels.get(item.id);
      shown.show({ item, run, debrief: isDebrief(store, item), result: resultsOf(store, run),
        progress: progressOf(store, run), participants: store.all("participants") });
      if (box.firstChild !== shown.node) replace(box, shown.node);
      box.hidden = false;
    } else if (!box.hidden) {
      box.hidden = true;
      replace(box);
    }
  }
}
