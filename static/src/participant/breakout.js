// The participant's team during a breakout: the team picker when they may choose, and the
// team space (task, countdown, roles, help) with the team's board in its place.

import { replace } from "../dom.js";

export class BreakoutPart {
  constructor({ store, teams, cards }) {
    this.store = store;
    this.teams = teams;
    this.cards = cards;
  }

  /** The team picker, when the participant may pick a team, else nothing. */
  picker() {
    return this.teams.choices();
  }

  /** The team space while a breakout runs ({key, nodes}), else null. */
  render() {
    const space = this.teams.stage();
    if (!space) return null;
    this.mountTeamBoard(space);
    return { key: "breakout", nodes: [space] };
  }

  mountTeamBoard(space) {
    const box = space.querySelector(".team-board");
    const breakout = this.store.get("breakout");
    const team = Number(box.dataset.teamBoard);
    const board = breakout && breakout.item_id !== null ? this.store.all("boards").find((b) =>
      b.team_id === team && (b.item_ids || []).includes(breakout.item_id)) : null;
    const node = board ? this.cards.board(board) : null;
    if (box.firstChild !== node || box.childNodes.length !== (node ? 1 : 0)) {
      replace(box, node ? [node] : []);
    }
  }
}
