"""Plain helpers for the board tests: the room's people acting through the dispatcher,
teams inserted as rows (as the breakouts package stores them), the board rows a refusal
must leave alone, and the reference course's board items."""
import json

import sqlalchemy as sa

from app.boards.models import Board, Cluster, Comment, Note, Reaction, Vote
from app.core.scopes import Actor
from app.extensions import db
from tests.support import Stage, make_teams, number_of, rows

#: the reference course's board items (sessions/online-course.yaml)
DIGITAL_VALUE = "s1-digital-value"  # a plain board
ONE_ACTION = "s2-one-action"  # one note each
LIKE_THIS_IDEA = "s2-like-this-idea"  # refers to ONE_ACTION, positive comments
IDEAS = "s3-dt-ideas"  # diverge …
BEST_IDEAS = "s3-best-ideas"  # … then converge on IDEAS with 3 dots
YES_NO = "s4-mistakes-risks"  # two columns, Yes / No
SDG_BREAKOUT = "s1-ndp-sdgs"  # a breakout with team boards


def board_rows(room_id: int) -> dict:
    """Everything a board command could write in a room (a part of the footprint)."""
    boards = sa.select(Board.id).where(Board.room_id == room_id)
    notes = sa.select(Note.id).where(Note.board_id.in_(boards))

    def dump(model, *where):
        found = db.session.execute(sa.select(model).where(*where)).scalars()
        return sorted(json.dumps({c.key: str(getattr(r, c.key))
                                  for c in model.__table__.columns}) for r in found)

    return {
        "boards": dump(Board, Board.room_id == room_id),
        "notes": dump(Note, Note.board_id.in_(boards)),
        "comments": dump(Comment, Comment.note_id.in_(notes)),
        "clusters": dump(Cluster, Cluster.board_id.in_(boards)),
        "votes": number_of(Vote, Vote.board_id.in_(boards)),
        "reactions": number_of(Reaction, Reaction.board_id.in_(boards)),
    }


class Wall(Stage):
    """One room with boards: the people act through the dispatcher (no sockets)."""

    parts = (board_rows,)

    def board(self, **spec) -> int:
        spec.setdefault("prompt", "Ideas?")
        return self.ok(self.fac, "board.create", spec)["board_id"]

    def open_item(self, key: str) -> int:
        return self.ok(self.fac, "board.open", {"item_id": self.item(key)})["board_id"]

    def post(self, actor: Actor, board_id: int, text: str = "An idea", **data) -> int:
        return self.ok(actor, "note.post", {"board_id": board_id, "text": text,
                                            **data})["note_id"]

    def phase(self, board_id: int, phase: str) -> None:
        self.ok(self.fac, "board.phase", {"board_id": board_id, "phase": phase})

    def board_row(self, board_id: int) -> dict:
        (row,) = rows(self.app, Board, Board.id == board_id)
        return row

    def note_row(self, note_id: int) -> dict:
        (row,) = rows(self.app, Note, Note.id == note_id)
        return row

    def votes(self, board_id: int) -> dict:
        from app.boards.state import board_votes

        with self.app.app_context():
            try:
                return board_votes(self.room.id, str(board_id))
            finally:
                db.session.remove()

    def teams(self, members: list[list[Actor]], moderators=None) -> list[int]:
        return make_teams(self.app, self.room.id, *members, moderators=moderators)
