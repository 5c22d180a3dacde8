// The agenda on the left: the session picker, the items with planned and actual minutes,
// the current one marked (a button to jump to any other while it is live), and how late the
// live session runs.

import { $, h, minutes, replace } from "../dom.js";
import { t } from "../i18n.js";
import { ConsolePanel } from "./panel.js";

export class AgendaPanel extends ConsolePanel {
  constructor(view) {
    super(view);
    $("#session-picker").addEventListener("change", (event) => {
      view.picked = Number(event.target.value);
      view.render();
    });
    setInterval(() => this.render(), 15000); // the actual minutes and lateness move on
  }

  actualMinutes(item) {
    const timing = this.store.get("timings", String(item.id));
    let ms = timing ? timing.seconds * 1000 : 0;
    const now = this.view.live();
    if (now.session_id && now.item.id === item.id) ms += this.store.now() - Date.parse(now.item_shown_at);
    return timing || (now.item && now.item.id === item.id) ? minutes(ms) : null;
  }

  // How far behind plan the live session is: time since it started minus the planned minutes
  // of the items before the current one, minus the current item's time up to its plan.
  lateness() {
    const now = this.view.live();
    if (!now.session_id) return "";
    const run = this.store.get("runs", String(now.session_id));
    if (!run) return "";
    const items = this.view.itemsOf(now.session_id);
    const before = items.filter((i) => i.position < now.item.position)
      .reduce((sum, i) => sum + i.minutes, 0);
    const onCurrent = (this.store.now() - Date.parse(now.item_shown_at)) / 60000;
    const elapsed = (this.store.now() - Date.parse(run.started_at)) / 60000;
    const late = Math.round(elapsed - before - Math.min(onCurrent, now.item.minutes));
    if (late >= 1) return t("console.late", { minutes: late });
    if (late <= -1) return t("console.ahead", { minutes: -late });
    return t("console.ontime");
  }

  render() {
    this.renderSessions();
    this.renderItems();
    $("#late").textContent = this.lateness();
  }

  renderSessions() {
    const view = this.view;
    const all = view.sessions();
    if (view.picked === null || !all.some((s) => s.id === view.picked)) {
      view.picked = view.live().session_id || (all[0] && all[0].id);
    }
    if (!this.changed("sessions", all, view.picked)) return;
    replace($("#session-picker"), all.map((s) => h("option", { value: s.id, selected: s.id === view.picked },
      `${t("session.label", { number: s.position })} · ${s.title}`)));
  }

  renderItems() {
    const { picked } = this.view;
    const now = this.view.live();
    const items = this.view.itemsOf(picked);
    if (!this.changed("agenda", picked, now.session_id, now.item && now.item.id, this.drives,
      items.map((item) => [item.id, item.title, item.minutes, this.actualMinutes(item)]))) return;
    const rows = items.map((item) => {
      const current = now.session_id === picked && now.item.id === item.id;
      const actual = this.actualMinutes(item);
      const label = [
        h("span", { class: "pos" }, item.position),
        h("span", { class: `kind kind-${item.kind}` }, t(`kind.${item.kind}`)),
        h("span", { class: "title" }, item.title),
        h("span", { class: "mins" }, t("console.planned", { minutes: item.minutes }),
          actual === null ? "" : ` · ${t("console.actual", { minutes: actual })}`),
      ];
      const canJump = this.drives && now.session_id === picked && !current;
      const body = canJump
        ? h("button", { type: "button", onclick: () => this.view.send("agenda.goto", { item_id: item.id }) }, label)
        : h("div", {}, label);
      return h("li", { class: current ? "current" : "", "aria-current": current ? "step" : null,
        "data-item": item.id, "data-key": item.key || null }, body);
    });
    replace($("#agenda"), rows);
  }
}
