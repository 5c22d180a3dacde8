// The cards the participant's stage parts show, each built once and kept (poll id, board id,
// run id), so what someone is typing and the keyboard focus survive the events that keep coming.

import { ParticipantAssessment, resultsOf } from "../assessment.js";
import { BoardView } from "../boards.js";
import { ParticipantPoll, tallyOf } from "../polls.js";

export class Cards {
  constructor({ connection, code, onDismissPoll, onBack }) {
    this.connection = connection;
    this.store = connection.store;
    this.code = code;
    this.onDismissPoll = onDismissPoll;
    this.onBack = onBack;
    this.polls = new Map();
    this.boards = new Map();
    this.assessments = new Map();
  }

  poll(poll, quick) {
    let view = this.polls.get(poll.id);
    if (!view) {
      view = new ParticipantPoll(poll, { connection: this.connection, quick, onDismiss: this.onDismissPoll });
      this.polls.set(poll.id, view);
    }
    view.update(poll, this.store.get("my_answers", String(poll.id)), tallyOf(this.store, poll));
    return view.node;
  }

  /** A board; `headingLevel` h1 when it is the item on screen, the page's main heading. */
  board(board, headingLevel = "h2") {
    let view = this.boards.get(board.id);
    if (!view) {
      view = new BoardView({ connection: this.connection, role: "participant", headingLevel });
      this.boards.set(board.id, view);
    }
    view.update(board);
    return view.node;
  }

  /** A run's questionnaire; `detached` when opened from "To do" rather than by the agenda. */
  assessment(run, detached) {
    let view = this.assessments.get(run.id);
    if (!view) {
      view = new ParticipantAssessment(run, { connection: this.connection,
        storageKey: `wr:assess:${this.code}:${run.id}`, onBack: this.onBack });
      this.assessments.set(run.id, view);
    }
    view.setDetached(detached);
    view.update(run, this.store.get("my_assessments", String(run.id)), resultsOf(this.store, run));
    return view;
  }
}
