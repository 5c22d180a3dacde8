// The facilitator console (and the co-facilitator's view of it): agenda on the left with
// planned and actual minutes, the current item in the middle, the roster on the right.
//
// Each region is a panel (static/src/console/): built once with the console's view, redrawn
// from the store by render(). This file only wires them.

import { TeamsPanel } from "./breakouts.js";
import { Connection } from "./connection.js";
import { $ } from "./dom.js";
import { t } from "./i18n.js";
import { mountConsoleLive } from "./live.js";
import { sendWithStatus } from "./sending.js";
import { onChange, showConnection } from "./widgets.js";
import { AgendaPanel } from "./console/agenda.js";
import { AssessmentPanel } from "./console/assessment.js";
import { BoardsPanel } from "./console/boards.js";
import { CurrentPanel } from "./console/current.js";
import { DrivePanel } from "./console/drive.js";
import { LivePanel } from "./console/live.js";
import { PollsPanel } from "./console/polls.js";
import { PreworkPanel } from "./console/prework.js";
import { RosterPanel } from "./console/roster.js";

const { room, role, invite } = document.body.dataset;
const drives = role === "facilitator";

function start(auth) {
  const connection = new Connection({ auth, storageKey: `${role}:${room}`,
    onUnauthorized: () => {
      localStorage.removeItem(`wr:cohost:${room}`);
      window.location.reload();
    } });
  const store = connection.store;
  showConnection(connection, $("#connection"));
  mountConsoleLive(connection, drives);

  /** What every panel is built with: who looks, what is live, and how to send a command. */
  const view = {
    connection, drives, role, room,
    picked: null, // the session shown in the agenda; follows the live one unless changed
    problem: "", // the refusal of the last command sent from the agenda or the drive buttons
    live: () => store.get("live") || { session_id: null },
    /** The live item as the agenda has it (with notes and settings), or null between sessions. */
    item: () => {
      const now = view.live();
      return now.session_id ? store.get("agenda", String(now.item.id)) || now.item : null;
    },
    sessions: () => store.all("sessions").sort((a, b) => a.position - b.position),
    itemsOf: (sessionId) => store.all("agenda")
      .filter((i) => i.session_id === sessionId).sort((a, b) => a.position - b.position),
    send: (type, data) => sendWithStatus(connection, type, data, (text) => {
      view.problem = text;
      render();
    }, { quiet: true }),
    render: () => render(),
  };

  const panels = [
    new LivePanel(view), new AgendaPanel(view), new DrivePanel(view), new CurrentPanel(view), new PollsPanel(view),
    new AssessmentPanel(view), new PreworkPanel(view), new BoardsPanel(view), new RosterPanel(view),
    new TeamsPanel({ connection, drives, root: $("#teams-panel"), helpRoot: $("#help-panel"),
      timerRoot: $("#live-timer") }),
  ];
  function render() {
    for (const panel of panels) panel.render();
  }

  let lastLive = null;
  store.subscribe(() => {
    const now = view.live().session_id;
    if (now !== lastLive) view.picked = now || view.picked; // follow the session the room moved to
    lastLive = now;
  });
  onChange(store, render);

  if (drives) {
    document.addEventListener("keydown", (event) => {
      if (event.target.closest("input, select, textarea")) return;
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (view.live().session_id === null) return;
      const forward = document.dir === "rtl" ? "ArrowLeft" : "ArrowRight";
      const backward = document.dir === "rtl" ? "ArrowRight" : "ArrowLeft";
      if (event.key === forward) view.send("agenda.next");
      if (event.key === backward) view.send("agenda.back");
    });
  }
}

function acceptInvitation() {
  const form = $("#cohost-form");
  form.hidden = false;
  $("#console-grid").hidden = true;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await fetch("/api/cohost", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ invite, name: $("#cohost-name").value }),
    });
    const answer = await response.json();
    if (!answer.ok) {
      $("#cohost-error").textContent = t("error.generic", { message: answer.error.message });
      return;
    }
    localStorage.setItem(`wr:cohost:${room}`, answer.result.token);
    form.hidden = true;
    $("#console-grid").hidden = false;
    start({ role: "cofacilitator", token: answer.result.token });
  });
}

if (drives) {
  start({ role: "facilitator", room: Number(room) });
} else {
  const token = localStorage.getItem(`wr:cohost:${room}`);
  if (token) start({ role: "cofacilitator", token });
  else acceptInvitation();
}
