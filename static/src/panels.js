// What polls and the self-assessment share: ids that tie labels to fields, bars drawn as a
// CSS share, the words for a refused command, and the facilitator's panel around an activity
// (its status line, its controls and the commands they send).

import { h, replace } from "./dom.js";
import { t } from "./i18n.js";
import { sendWithStatus, statusLine } from "./sending.js";

let uid = 0;

/** An id no other node on the page has, for labels and aria references between built parts. */
export const uniqueId = (prefix) => `${prefix}-${++uid}`;

/** A bar's length (0 to 1) as the CSS --share it is drawn with, to a tenth of a percent. */
export function setShare(node, share) {
  node.style.setProperty("--share", `${Math.round(share * 1000) / 10}%`);
}

/**
 * The facilitator's panel for an activity (a poll, a self-assessment run): a status line, a
 * heading, controls that send commands and the error of the last one. A subclass builds the
 * rest and says how to redraw itself in refresh(). Co-facilitators (drives false) get no controls.
 */
export class StaffPanel {
  constructor({ connection, drives, idPrefix }) {
    this.connection = connection;
    this.drives = drives;
    this.pending = false;
    this.state = h("span", { class: "poll-state" });
    this.meta = h("span", { class: "poll-meta" });
    this.heading = h("h3", { class: "poll-question", id: uniqueId(idPrefix) });
    this.controls = h("div", { class: "poll-controls" });
    this.error = h("p", { class: "error", role: "alert" });
  }

  /** The panel's section: the status line (after `badge`, if any), the heading, then `parts`. */
  frame(className, badge, ...parts) {
    return h("section", { class: className, "aria-labelledby": this.heading.id },
      h("div", { class: "poll-head" }, badge, this.state, this.meta), this.heading, ...parts);
  }

  /** The status line: the state (styled by data-status) and what sort of activity this is. */
  showStatus(status, label, meta) {
    this.node.dataset.status = status;
    this.state.textContent = label;
    this.state.dataset.status = status;
    this.meta.textContent = meta.filter(Boolean).join(" · ");
  }

  /** Rebuilt controls keep the keyboard focus if they had it: next enabled button, else `fallback()`. */
  replaceControls(buttons, fallback) {
    const hadFocus = this.controls.contains(document.activeElement);
    replace(this.controls, buttons);
    if (!hadFocus) return;
    const next = this.controls.querySelector("button:not([disabled])") || fallback();
    if (next) next.focus();
  }

  /** A button that sends a command, after a confirmation when `confirmKey` names its question. */
  commandButton(label, type, data, { className = "", confirmKey = null } = {}) {
    return h("button", { type: "button", class: className, disabled: this.pending, onclick: () => {
      if (confirmKey && !confirm(t(confirmKey))) return;
      this.runCommand(type, data);
    } }, t(label));
  }

  /**
   * Send a command with every control disabled until the server answers, so a double click
   * sends it once; the last error goes as it is sent, and a refusal shows under the controls.
   */
  async runCommand(type, data) {
    this.pending = true;
    const ack = sendWithStatus(this.connection, type, data, statusLine(this.error), { quiet: true });
    this.refresh();
    await ack;
    this.pending = false;
    this.refresh();
    return ack;
  }
}
