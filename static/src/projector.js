// The projector: big type for screen sharing; the join code until the session starts.
// Whatever it shows fits the screen without scrolling: the type shrinks until it does.
// It sees what the whole room sees: boards read-only (team boards once shared), and while a
// breakout runs its countdown, task and teams instead of the current item.

import { projectorAssessmentView, resultsOf, runOfItem } from "./assessment.js";
import { BoardView, boardOfItem, liveBoards, teamBoardsOf } from "./boards.js";
import { BreakoutScreen, runningBreakout } from "./breakouts.js";
import { Connection } from "./connection.js";
import { $, h, replace } from "./dom.js";
import { t } from "./i18n.js";
import { mountProjectorLive } from "./live.js";
import { QuickPolls, pollOfItem, projectorPollView, tallyOf } from "./polls.js";
import { PresentationStage, presentationOfItem } from "./prework.js";
import { contentLanguage, itemView, onChange, showConnection } from "./widgets.js";

const { room, key, code, joinUrl } = document.body.dataset;
const connection = new Connection({
  auth: { role: "projector", token: key },
  storageKey: `projector:${room}`,
});
const store = connection.store;
const quickPolls = new QuickPolls();
const presentation = new PresentationStage(store, { role: "projector" });
const breakoutScreen = new BreakoutScreen(store);
const boardViews = new Map(); // board id → its read-only BoardView, built once
showConnection(connection, $("#connection"));
mountProjectorLive(store, `projector:${room}`);

function boardCard(board, headingLevel = "h2") {
  let view = boardViews.get(board.id);
  if (!view) {
    view = new BoardView({ connection, role: "projector", readOnly: true, headingLevel });
    boardViews.set(board.id, view);
  }
  view.update(board);
  return view.node;
}

/** The team boards of a breakout item shared with the room, one after another. */
function sharedBoards(item) {
  return teamBoardsOf(store, item).filter((b) => b.shared).map((board) => {
    const team = store.get("teams", String(board.team_id));
    return h("section", { class: "shared-board", "data-board": board.id },
      h("h2", { class: "team-name" }, team ? team.name : t("projector.team_board")), boardCard(board));
  });
}

/** Shrink the type of `stage` (its --fit, down to a third) until its content needs no scroll. */
function fit(stage) {
  let scale = 1;
  stage.style.setProperty("--fit", "1");
  while (stage.scrollHeight > stage.clientHeight + 1 && scale > 0.34) {
    scale *= 0.9;
    stage.style.setProperty("--fit", scale.toFixed(3));
  }
}

onChange(store, () => {
  const stage = $("#main");
  draw(stage);
  fit(stage);
});
window.addEventListener("resize", () => fit($("#main")));

function draw(stage) {
  const live = store.get("live");
  if (!live || !live.session_id) {
    const info = store.get("room");
    replace(stage, h("section", { class: "join-banner" },
      h("h1", {}, info ? info.title : ""),
      h("p", {}, t("projector.join", { url: joinUrl })),
      h("p", { class: "big-code" }, code)));
    replace($("#join-footer"));
    return;
  }
  const quick = quickPolls.visible(store, live.item.id)
    .map((poll) => projectorPollView(poll, tallyOf(store, poll), { quick: true }));
  const itemPoll = pollOfItem(store, live.item);
  const itemPresentation = presentationOfItem(store, live.item);
  const itemBoard = live.item.kind === "board" ? boardOfItem(store, live.item) : null;
  const breakout = runningBreakout(store);
  const shared = !breakout && live.item.kind === "breakout" ? sharedBoards(live.item) : [];
  const alsoOpen = [...quick, ...liveBoards(store).filter((b) => b.phase !== "locked").map((b) => boardCard(b))];
  let item;
  if (breakout) {
    const title = live.item.id === breakout.item_id ? live.item.title : t("kind.breakout");
    item = breakoutScreen.update(title, breakout);
  } else if (itemPresentation) {
    presentation.update(itemPresentation);
    item = presentation.node;
  } else if (itemPoll) item = projectorPollView(itemPoll, tallyOf(store, itemPoll));
  else if (live.item.kind === "assessment") {
    const run = runOfItem(store, live.item);
    item = run ? projectorAssessmentView(live.item, run, resultsOf(store, run)) : itemView(live.item, { content: contentLanguage(store) });
  } else if (itemBoard) item = boardCard(itemBoard, "h1");
  else if (shared.length) item = shared;
  else item = itemView(live.item, { content: contentLanguage(store) });
  replace(stage, item, alsoOpen); // the item on screen first, anything else still open after it
  replace($("#join-footer"), t("projector.join", { url: joinUrl }), " ", h("strong", {}, code));
}
