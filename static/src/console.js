// The facilitator console (and the co-facilitator's view of it): agenda on the left with
// planned and actual minutes, the current item in the middle, the roster on the right.
//
// Tallies arrive several times a second while a poll runs, so parts that hold buttons and
// fields are rebuilt only when what they show changes: a click or the keyboard focus is not
// lost to a redraw.

import { StaffAssessment, isDebrief, progressOf, resultsOf, runOfItem } from "./assessment.js";
import { TeamsPanel } from "./breakouts.js";
import { boardOfItem, liveBoardForm, liveBoards, mountBoard, teamBoardsOf } from "./boards.js";
import { Connection } from "./connection.js";
import { $, h, minutes, replace, trustedHtml } from "./dom.js";
import { t } from "./i18n.js";
import { mountConsoleLive } from "./live.js";
import { POLL_ITEM_KINDS, StaffPoll, pollOfItem, previewOfItem, quickPollForm, tallyOf } from "./polls.js";
import { StaffPresentation, StaffPrework, newTaskForm, presentationOfItem, taskOfItem } from "./prework.js";
import { itemView, onChange, showConnection } from "./widgets.js";

const { room, role, invite } = document.body.dataset;
const drives = role === "facilitator";
let picked = null; // the session shown in the agenda; follows the live one unless changed
let problem = "";
const drawn = {}; // part → what it last showed

// Whether a part must be redrawn: only when what it shows has changed.
function changed(part, ...what) {
  const key = JSON.stringify(what);
  if (drawn[part] === key) return false;
  drawn[part] = key;
  return true;
}

function start(auth) {
  const connection = new Connection({ auth, storageKey: `${role}:${room}`,
    onUnauthorized: () => {
      localStorage.removeItem(`wr:cohost:${room}`);
      window.location.reload();
    } });
  const store = connection.store;
  showConnection(connection, $("#connection"));
  if (drives) {
    $("#quick-form").append(quickPollForm(connection));
    $("#prework-form").append(newTaskForm(connection));
    $("#board-form").append(liveBoardForm(connection));
  } else {
    $("#quick-form").remove();
    $("#prework-form").remove();
    $("#board-form").remove();
  }

  async function send(type, data) {
    const ack = await connection.send(type, data);
    problem = ack.ok ? "" : t("error.generic", { message: ack.error.message });
    render();
  }

  mountConsoleLive(connection, drives);
  const teams = new TeamsPanel({ connection, drives, root: $("#teams-panel"), helpRoot: $("#help-panel") });

  const sessions = () => store.all("sessions").sort((a, b) => a.position - b.position);
  const itemsOf = (sessionId) => store.all("agenda")
    .filter((i) => i.session_id === sessionId).sort((a, b) => a.position - b.position);
  const live = () => store.get("live") || { session_id: null };

  function actualMinutes(item) {
    const timing = store.get("timings", String(item.id));
    let ms = timing ? timing.seconds * 1000 : 0;
    const now = live();
    if (now.session_id && now.item.id === item.id) ms += store.now() - Date.parse(now.item_shown_at);
    return timing || (now.item && now.item.id === item.id) ? minutes(ms) : null;
  }

  // How far behind plan the live session is: time since it started minus the planned minutes
  // of the items before the current one, minus the current item's time up to its plan.
  function lateness() {
    const now = live();
    if (!now.session_id) return "";
    const run = store.get("runs", String(now.session_id));
    if (!run) return "";
    const items = itemsOf(now.session_id);
    const before = items.filter((i) => i.position < now.item.position)
      .reduce((sum, i) => sum + i.minutes, 0);
    const onCurrent = (store.now() - Date.parse(now.item_shown_at)) / 60000;
    const elapsed = (store.now() - Date.parse(run.started_at)) / 60000;
    const late = Math.round(elapsed - before - Math.min(onCurrent, now.item.minutes));
    if (late >= 1) return t("console.late", { minutes: late });
    if (late <= -1) return t("console.ahead", { minutes: -late });
    return t("console.ontime");
  }

  function renderSessions() {
    const picker = $("#session-picker");
    const all = sessions();
    if (picked === null || !all.some((s) => s.id === picked)) {
      picked = live().session_id || (all[0] && all[0].id);
    }
    if (!changed("sessions", all, picked)) return;
    const options = all.map((s) => h("option", { value: s.id, selected: s.id === picked },
      `${t("session.label", { number: s.position })} · ${s.title}`));
    replace(picker, options);
  }

  function renderAgenda() {
    const now = live();
    const items = itemsOf(picked);
    if (!changed("agenda", picked, now.session_id, now.item && now.item.id, drives,
      items.map((item) => [item.id, item.title, item.minutes, actualMinutes(item)]))) return;
    const rows = items.map((item) => {
      const current = now.session_id === picked && now.item.id === item.id;
      const actual = actualMinutes(item);
      const label = [
        h("span", { class: "pos" }, item.position),
        h("span", { class: `kind kind-${item.kind}` }, t(`kind.${item.kind}`)),
        h("span", { class: "title" }, item.title),
        h("span", { class: "mins" }, t("console.planned", { minutes: item.minutes }),
          actual === null ? "" : ` · ${t("console.actual", { minutes: actual })}`),
      ];
      const canJump = drives && now.session_id === picked && !current;
      const body = canJump
        ? h("button", { type: "button", onclick: () => send("agenda.goto", { item_id: item.id }) }, label)
        : h("div", {}, label);
      return h("li", { class: current ? "current" : "", "aria-current": current ? "step" : null,
        "data-item": item.id, "data-key": item.key || null }, body);
    });
    replace($("#agenda"), rows);
  }

  function renderDrive() {
    const now = live();
    if (!changed("drive", drives, now.session_id, picked, Boolean(store.get("runs", String(picked))),
      problem)) return;
    const buttons = [];
    if (drives) {
      if (now.session_id === picked) {
        buttons.push(
          h("button", { type: "button", onclick: () => send("agenda.back") }, t("console.back")),
          h("button", { type: "button", class: "primary", onclick: () => send("agenda.next") }, t("console.next")),
          h("button", { type: "button", class: "danger", onclick: () => {
            if (confirm(t("console.end.confirm"))) send("session.end");
          } }, t("console.end")));
      } else if (picked) {
        const run = store.get("runs", String(picked));
        buttons.push(h("button", { type: "button", class: "primary",
          onclick: () => send("session.start", { session_id: picked }) },
        t(run ? "console.resume" : "console.start")));
      }
    } else {
      buttons.push(h("p", {}, t("cohost.driving")));
    }
    replace($("#drive"), buttons, problem ? h("p", { class: "error", role: "alert" }, problem) : null);
  }

  function renderCurrent() {
    const now = live();
    if (!changed("current", now.session_id, now.item)) return;
    if (!now.session_id) {
      replace($("#current"), h("p", { class: "lead" }, t("console.notlive")));
      replace($("#item-notes"));
      return;
    }
    const full = store.get("agenda", String(now.item.id));
    const notes = full && full.notes_html
      ? h("aside", { class: "notes" }, h("h2", {}, t("console.notes")), trustedHtml("div", full.notes_html))
      : null;
    const hasPanel = [...POLL_ITEM_KINDS, "assessment", "prework", "presentation", "board"]
      .includes(now.item.kind);
    replace($("#current"), itemView(now.item, { headingLevel: "h2", activity: !hasPanel }));
    replace($("#item-notes"), notes);
  }

  // The poll of the current item, and the quick polls of this session, each with its panel.
  const panels = new Map();
  function panel(key, quick) {
    if (!panels.has(key)) panels.set(key, new StaffPoll({ connection, drives, quick, room }));
    return panels.get(key);
  }

  function renderPolls() {
    const now = live();
    const online = (store.aggregates.presence || { count: 0 }).count;
    const box = $("#item-poll");
    if (now.session_id && POLL_ITEM_KINDS.includes(now.item.kind)) {
      const poll = pollOfItem(store, now.item);
      const view = poll || previewOfItem(store.get("agenda", String(now.item.id)) || now.item);
      const shown = panel(`item:${now.item.id}`, false);
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
    const list = $("#quick-list");
    const nodes = quick.map((poll) => {
      const shown = panel(`poll:${poll.id}`, true);
      shown.show(poll, tallyOf(store, poll), online);
      return shown.node;
    });
    const current = [...list.children];
    if (current.length !== nodes.length || current.some((node, i) => node !== nodes[i])) {
      replace(list, nodes);
    }
    $("#quick-polls").hidden = !drives && !nodes.length;
  }

  // The assessment of the current item (for a debrief item, the latest run of its questionnaire).
  const assessmentPanels = new Map();
  function renderAssessment() {
    const now = live();
    const box = $("#item-assessment");
    if (now.session_id && now.item.kind === "assessment") {
      const item = store.get("agenda", String(now.item.id)) || now.item;
      const run = runOfItem(store, item);
      if (!assessmentPanels.has(item.id)) {
        assessmentPanels.set(item.id, new StaffAssessment({ connection, drives, room }));
      }
      const shown = assessmentPanels.get(item.id);
      shown.show({ item, run, debrief: isDebrief(store, item), result: resultsOf(store, run),
        progress: progressOf(store, run), participants: store.all("participants") });
      if (box.firstChild !== shown.node) replace(box, shown.node);
      box.hidden = false;
    } else if (!box.hidden) {
      box.hidden = true;
      replace(box);
    }
  }

  // The current prework or presentation item's panel, and every pre-work task's table.
  const prework = new StaffPrework({ connection, drives, room });
  const presentations = new Map();
  function renderPrework() {
    const now = live();
    const box = $("#item-prework");
    const item = now.session_id ? store.get("agenda", String(now.item.id)) || now.item : null;
    let node = null;
    if (item && item.kind === "prework") node = prework.itemNode(store, item);
    if (item && item.kind === "presentation") {
      if (!presentations.has(item.id)) {
        presentations.set(item.id, new StaffPresentation({ connection, drives, store }));
      }
      const shown = presentations.get(item.id);
      shown.show(item, presentationOfItem(store, item));
      node = shown.node;
    }
    if (node && box.firstChild !== node) replace(box, node);
    if (!node && !box.hidden) replace(box);
    box.hidden = !node;
    const onScreen = item && item.kind === "prework" ? taskOfItem(store, item) : null;
    const nodes = prework.listNodes(store, onScreen ? onScreen.id : null);
    const list = $("#prework-list");
    const current = [...list.children];
    if (current.length !== nodes.length || current.some((n, i) => n !== nodes[i])) replace(list, nodes);
  }

  // The board of the current item (or an Open button), or a breakout's team boards.
  const boardViews = new Map(); // board id → [its box, its BoardView]
  const boardModerated = (board) => drives || (role === "cofacilitator" && board.team_id !== null);
  function boardBox(board) {
    if (!boardViews.has(board.id)) {
      const box = h("div", { class: "board-box" });
      boardViews.set(board.id, [box, mountBoard(box, { connection, role, drives, room,
        moderates: boardModerated })]);
    }
    const [box, view] = boardViews.get(board.id);
    view.update(board);
    return box;
  }

  let openItemId = null;
  const openButton = h("button", { type: "button", class: "primary open-board",
    onclick: () => send("board.open", { item_id: openItemId }) }, t("board.open"));

  function renderBoards() {
    const now = live();
    const box = $("#item-board");
    const item = now.session_id ? store.get("agenda", String(now.item.id)) || now.item : null;
    let nodes = [];
    if (item && item.kind === "board") {
      const board = boardOfItem(store, item);
      if (board) nodes = [boardBox(board)];
      else if (drives) {
        openItemId = item.id;
        nodes = [openButton];
      }
    } else if (item && item.kind === "breakout") {
      nodes = teamBoardsOf(store, item).map(boardBox);
    }
    const current = [...box.children];
    if (current.length !== nodes.length || current.some((node, i) => node !== nodes[i])) replace(box, nodes);
    box.hidden = !nodes.length;
    const made = liveBoards(store).map(boardBox);
    const list = $("#live-board-list");
    const shown = [...list.children];
    if (shown.length !== made.length || shown.some((node, i) => node !== made[i])) replace(list, made);
    $("#live-boards").hidden = !drives && !made.length;
  }

  function renderRoster() {
    const people = store.all("participants").sort((a, b) => a.name.localeCompare(b.name));
    const online = new Set((store.aggregates.presence || { online: [] }).online);
    $("#roster-title").textContent = t("roster.title");
    $("#roster-count").textContent = people.length
      ? t("roster.online", { online: online.size, total: people.length })
      : t("roster.empty");
    replace($("#roster"), people.map((p) => h("li", { class: online.has(p.id) ? "online" : "offline" },
      h("span", { class: "dot", "aria-hidden": "true" }), p.name)));
    const cohosts = store.all("cofacilitators");
    $("#cohosts-title").textContent = cohosts.length ? t("roster.cohosts") : "";
    replace($("#cohosts"), cohosts.map((c) => h("li", {}, c.name)));
  }

  function render() {
    renderSessions();
    renderAgenda();
    renderDrive();
    renderCurrent();
    renderPolls();
    renderAssessment();
    renderPrework();
    renderBoards();
    renderRoster();
    teams.render();
    $("#late").textContent = lateness();
  }

  $("#session-picker").addEventListener("change", (event) => {
    picked = Number(event.target.value);
    render();
  });
  let lastLive = null;
  store.subscribe(() => {
    const now = live().session_id;
    if (now !== lastLive) picked = now || picked; // follow the session the room moved to
    lastLive = now;
  });
  onChange(store, render);
  setInterval(() => {
    $("#late").textContent = lateness();
    renderAgenda();
  }, 15000);

  if (drives) {
    document.addEventListener("keydown", (event) => {
      if (event.target.closest("input, select, textarea")) return;
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (live().session_id === null) return;
      const forward = document.dir === "rtl" ? "ArrowLeft" : "ArrowRight";
      const backward = document.dir === "rtl" ? "ArrowRight" : "ArrowLeft";
      if (event.key === forward) send("agenda.next");
      if (event.key === backward) send("agenda.back");
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
