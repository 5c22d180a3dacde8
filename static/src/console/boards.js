// The board of the current item (or an Open button), a breakout's team boards, the boards made
// up live in this session, and the form for a new one.

import { liveBoardForm, liveBoards, boardOfItem, mountBoard, teamBoardsOf } from "../boards.js";
import { $, h, keep } from "../dom.js";
import { t } from "../i18n.js";
import { ConsolePanel } from "./panel.js";

export class BoardsPanel extends ConsolePanel {
  constructor(view) {
    super(view);
    this.views = new Map(); // board id → [its box, its BoardView]
    this.openItemId = null;
    this.openButton = h("button", { type: "button", class: "primary open-board",
      onclick: () => view.send("board.open", { item_id: this.openItemId }) }, t("board.open"));
    if (view.drives) $("#board-form").append(liveBoardForm(view.connection));
    else $("#board-form").remove();
  }

  /** Whether this console may moderate the board: the facilitator any, a co-facilitator team boards. */
  moderates(board) {
    return this.drives || (this.view.role === "cofacilitator" && board.team_id !== null);
  }

  /** A board in its box; a team board under its team's name. `item`: the item on screen, whose
   * title, when the board's prompt repeats it, is not shown twice (the prompt stays for screen
   * readers). */
  boardBox(board, item = null) {
    if (!this.views.has(board.id)) {
      const place = h("div");
      const teamName = board.team_id === null ? null : h("h3", { class: "team-board-name" });
      const box = h("div", { class: "board-box" }, teamName, place);
      this.views.set(board.id, [box, mountBoard(place, { connection: this.connection, role: this.view.role,
        drives: this.drives, room: this.view.room, moderates: (b) => this.moderates(b) }), teamName]);
    }
    const [box, view, teamName] = this.views.get(board.id);
    view.update(board);
    if (teamName) {
      const team = this.store.get("teams", String(board.team_id));
      teamName.textContent = team ? team.name : "";
      teamName.hidden = !team;
    }
    view.prompt.classList.toggle("sr-only", Boolean(item) && board.prompt.trim() === item.title.trim());
    return box;
  }

  render() {
    const store = this.store;
    const box = $("#item-board");
    const item = this.view.item();
    let nodes = [];
    if (item && item.kind === "board") {
      const board = boardOfItem(store, item);
      if (board) nodes = [this.boardBox(board, item)];
      else if (this.drives) {
        this.openItemId = item.id;
        nodes = [this.openButton];
      }
    } else if (item && item.kind === "breakout") {
      nodes = teamBoardsOf(store, item).map((board) => this.boardBox(board, item));
    }
    keep(box, nodes);
    box.hidden = !nodes.length;
    const made = liveBoards(store).map((board) => this.boardBox(board));
    keep($("#live-board-list"), made);
    $("#live-boards").hidden = !this.drives && !made.length;
  }
}
