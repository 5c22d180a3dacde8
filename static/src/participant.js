// The participant page: one thing at a time, whatever the facilitator shows.
//
// A poll or evaluation item shows its poll once the facilitator opens it; a quick poll made up
// live sits on top of the current item while it runs, the item still below it. An assessment
// item shows its questionnaire (or, once revealed, the results); "To do" in the header reaches
// open questionnaires at any time, also between sessions, when they are pre-work. A board item
// shows its board once the facilitator opens it; a breakout shows the team's board under its task;
// a board made up live sits on top of the current item until the facilitator locks it.

import { ParticipantAssessment, TodoList, TodoMenu, resultsOf, runOfItem } from "./assessment.js";
import { ParticipantTeams } from "./breakouts.js";
import { BoardView, boardOfItem, liveBoards } from "./boards.js";
import { Connection } from "./connection.js";
import { mountParticipantLive } from "./live.js";
import { $, h, replace } from "./dom.js";
import { t } from "./i18n.js";
import { ParticipantPoll, QuickPolls, pollOfItem, tallyOf } from "./polls.js";
import { ParticipantPrework, PresentationStage, presentationOfItem, taskOfItem } from "./prework.js";
import { itemView, onChange, sessionLabel, showConnection, waitingView } from "./widgets.js";

const code = document.body.dataset.code;
const token = localStorage.getItem(`wr:token:${code}`);

function backToJoin() {
  localStorage.removeItem(`wr:token:${code}`);
  alert(t("error.unauthorized"));
  window.location.assign(`/join?code=${encodeURIComponent(code)}`);
}

if (!token) {
  window.location.replace(`/join?code=${encodeURIComponent(code)}`);
} else {
  const connection = new Connection({
    auth: { role: "participant", token },
    storageKey: `participant:${code}`,
    onUnauthorized: backToJoin,
  });
  const store = connection.store;
  showConnection(connection, $("#connection"), $("#outbox"));
  mountParticipantLive(connection, `participant:${code}`, backToJoin);

  const teams = new ParticipantTeams(connection);
  const quickPolls = new QuickPolls();
  const cards = new Map(); // poll id → ParticipantPoll, kept so typing survives updates
  const assessments = new Map(); // run id → ParticipantAssessment, kept for the same reason
  const boards = new Map(); // board id → BoardView, kept so a note being written survives updates
  const picked = `wr:todo:${code}`;
  let chosenRun = Number(sessionStorage.getItem(picked)) || null; // opened from "To do"
  let focusChosen = false;
  let stageKey = null;
  let itemId = null;
  let itemNode = null;
  let waitingNode = null;

  function card(poll, quick) {
    let view = cards.get(poll.id);
    if (!view) {
      view = new ParticipantPoll(poll, { connection, quick, onDismiss: (id) => {
        quickPolls.dismiss(id);
        render();
      } });
      cards.set(poll.id, view);
    }
    view.update(poll, store.get("my_answers", String(poll.id)), tallyOf(store, poll));
    return view.node;
  }

  function assessment(run, detached) {
    let view = assessments.get(run.id);
    if (!view) {
      view = new ParticipantAssessment(run, { connection, storageKey: `wr:assess:${code}:${run.id}`,
        onBack: () => choose(null) });
      assessments.set(run.id, view);
    }
    view.setDetached(detached);
    view.update(run, store.get("my_assessments", String(run.id)), resultsOf(store, run));
    return view;
  }

  function boardCard(board) {
    let view = boards.get(board.id);
    if (!view) {
      view = new BoardView({ connection, role: "participant" });
      boards.set(board.id, view);
    }
    view.update(board);
    return view.node;
  }

  /** The team's board of the running breakout, in its place in the team space. */
  function mountTeamBoard(space) {
    const box = space.querySelector(".team-board");
    const breakout = store.get("breakout");
    const team = Number(box.dataset.teamBoard);
    const board = breakout && breakout.item_id !== null ? store.all("boards").find((b) =>
      b.team_id === team && (b.item_ids || []).includes(breakout.item_id)) : null;
    const node = board ? boardCard(board) : null;
    if (box.firstChild !== node || box.childNodes.length !== (node ? 1 : 0)) {
      replace(box, node ? [node] : []);
    }
  }

  function choose(runId) {
    chosenRun = runId;
    if (runId) sessionStorage.setItem(picked, String(runId));
    else sessionStorage.removeItem(picked);
    focusChosen = true;
    render();
  }

  const prework = new ParticipantPrework({ connection, token, button: $("#prework-button"),
    panel: $("#prework-panel") });
  const presentation = new PresentationStage(store, { connection });

  const todo = new TodoMenu({ button: $("#todo"), panel: $("#todo-panel"), onPick: choose });
  const todoInline = new TodoList({ onPick: choose });
  const todoSection = h("section", { class: "todo-inline", "aria-labelledby": "todo-inline-title" },
    h("h2", { id: "todo-inline-title" }, t("todo.title")), todoInline.node);

  const render = () => {
    const label = sessionLabel(store);
    $("#session-label").textContent = label;
    $("#session-label").title = label;
    $("#me").textContent = store.me ? store.me.name : "";
    $("#team").textContent = teams.badge();
    $("#team").hidden = !teams.badge();
    todo.update(store);
    const live = store.get("live");
    const item = live && live.session_id ? live.item : null;
    const itemRun = runOfItem(store, item);
    const itemTask = taskOfItem(store, item);
    const itemPresentation = presentationOfItem(store, item);
    prework.update(store, itemTask && itemTask.status === "open" ? itemTask.id : null);
    let chosen = chosenRun ? store.get("assessments", String(chosenRun)) : null;
    if (chosenRun && store.me && (!chosen || (itemRun && itemRun.id === chosenRun))) {
      chosenRun = null; // gone, or the agenda brought it up anyway
      chosen = null;
      sessionStorage.removeItem(picked);
    }
    const nodes = item ? quickPolls.visible(store, item.id).map((poll) => card(poll, true)) : [];
    if (item && !chosen) { // a board made up live sits on top of the item until it is locked
      nodes.push(...liveBoards(store).filter((b) => b.phase !== "locked").map(boardCard));
    }
    let key;
    let focusTarget = null;
    const teamSpace = teams.stage();
    const picker = teams.choices();
    if (picker) nodes.push(picker);
    if (teamSpace) {
      mountTeamBoard(teamSpace);
      nodes.push(teamSpace);
      key = "breakout";
    } else if (chosen) {
      const view = assessment(chosen, true);
      nodes.push(view.node);
      key = `run:${chosen.id}`;
      focusTarget = view;
    } else if (!item) {
      itemId = null;
      waitingNode = waitingNode || waitingView(store);
      nodes.push(waitingNode);
      if (todoInline.update(store).length) nodes.push(todoSection);
      key = "waiting";
    } else {
      if (item.id !== itemId) {
        itemId = item.id;
        itemNode = null;
      }
      key = `item:${item.id}`;
      const itemPoll = pollOfItem(store, item);
      const itemBoard = boardOfItem(store, item);
      if (itemPoll) {
        nodes.push(card(itemPoll, false));
      } else if (itemBoard && item.kind === "board") {
        nodes.push(boardCard(itemBoard));
      } else if (itemBoard) { // a breakout: the task, then the team's board
        itemNode = itemNode || itemView(item, { activity: false });
        nodes.push(itemNode, boardCard(itemBoard));
      } else if (itemRun) {
        nodes.push(assessment(itemRun, false).node);
      } else if (itemTask && itemTask.status === "open") {
        nodes.push(prework.card(store, itemTask));
      } else if (itemPresentation) {
        presentation.update(itemPresentation);
        nodes.push(presentation.node);
      } else {
        itemNode = itemNode || itemView(item);
        nodes.push(itemNode);
      }
    }
    const stage = $("#main");
    const current = [...stage.children];
    if (current.length !== nodes.length || current.some((node, i) => node !== nodes[i])) {
      replace(stage, nodes);
    }
    if (key !== stageKey) {
      stageKey = key;
      window.scrollTo(0, 0);
    }
    if (focusChosen) {
      focusChosen = false;
      if (focusTarget) focusTarget.focus();
      else if (!document.activeElement || document.activeElement === document.body) $("#todo").focus();
    }
  };
  onChange(store, render);
}
