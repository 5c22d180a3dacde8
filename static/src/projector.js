// The projector: big type for screen sharing; the join code until the session starts.
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
import { itemView, onChange, showConnection } from "./widgets.js";

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

function boardCard(board) {
  let view = boardViews.get(board.id);
  if (!view) {
    view = new BoardView({ connection, role: "projector", readOnly: true });
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

onChange(store, () => {
  const live = store.get("live");
  const stage = $("#main");
  if (!live || !live.session_id) {
    const info = store.get("room");
    replace(stage, h("section", { class: "join-banner" },
      h("h1", {}, info ? info.title : ""),
      h("p", {}, t("projector.join", { url: joinUrl })),
      h("p", { class: "big-code" }, code)));
    return;
  }
  const quick = quickPolls.visible(store, live.item.id)
    .map((poll) => projectorPollView(poll, tallyOf(store, poll), { quick: true }));
  const itemPoll = pollOfItem(store, live.item);
  const itemPresentation = presentationOfItem(store, live.item);
  const itemBoard = live.item.kind === "board" ? boardOfItem(store, live.item) : null;
  const breakout = runningBreakout(store);
  const shared = !breakout && live.item.kind === "breakout" ? sharedBoards(live.item) : [];
  const onTop = [...quick, ...liveBoards(store).filter((b) => b.phase !== "locked").map(boardCard)];
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
    item = run ? projectorAssessmentView(live.item, run, resultsOf(store, run)) : itemView(live.item);
  } else if (itemBoard) item = boardCard(itemBoard);
  else if (shared.length) item = shared;
  else item = itemView(live.item);
  replace(stage, onTop, item,
    h("p", { class: "join-footer" }, t("projector.join", { url: joinUrl }), " ", h("strong", {}, code)));
});
