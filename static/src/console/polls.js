// The poll of the current item (or what it will ask, before it is opened), and the quick polls
// of this session, each in its StaffPoll panel, with the form for a new quick poll.

import { $, keep, replace } from "../dom.js";
import { POLL_ITEM_KINDS, StaffPoll, pollOfItem, previewOfItem, quickPollForm, tallyOf } from "../polls.js";
import { ConsolePanel } from "./panel.js";

export class PollsPanel extends ConsolePanel {
  constructor(view) {
    super(view);
    this.panels = new Map(); // item:<id> or poll:<id> → its StaffPoll, kept so focus survives tallies
    if (view.drives) $("#quick-form").append(quickPollForm(view.connection));
    else $("#quick-form").remove();
  }

  panel(key, quick) {
    if (!this.panels.has(key)) {
      this.panels.set(key, new StaffPoll({ connection: this.connection, drives: this.drives, quick, room: this.view.room }));
    }
    return this.panels.get(key);
  }

  render() {
    const store = this.store;
    const now = this.view.live();
    const online = (store.aggregates.presence || { count: 0 }).count;
    const box = $("#item-poll");
    if (now.session_id && POLL_ITEM_KINDS.includes(now.item.kind)) {
      const poll = pollOfItem(store, now.item);
      const view = poll || previewOfItem(this.view.item());
      const shown = this.panel(`item:${now.item.id}`, false);
      shown.show(view, tallyOf(store, poll), online, now.item.title);
      if (box.firstChild !== shown.node) replace(box, shown.node);
      box.hidden = false;
    } else if (!box.hidden) {
      box.hidden = true;
      replace(box);
    }
    const sessionId = now.session_id || null;
    const quick = store.all("polls")
      .filter((p) => p.item_id === null && (p.status === "draft" || p.session_id === sessionId))
      .sort((a, b) => b.id - a.id);
    const nodes = quick.map((poll) => {
      const shown = this.panel(`poll:${poll.id}`, true);
      shown.show(poll, tallyOf(store, poll), online);
      return shown.node;
    });
    keep($("#quick-list"), nodes);
    $("#quick-polls").hidden = !this.drives && !nodes.length;
  }
}
