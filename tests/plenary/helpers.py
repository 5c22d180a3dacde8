"""Plain helpers for the tests of the live tools: a stage whose refusals must leave every
row of the plenary, Q&A and settings tables as it was."""
import json

import sqlalchemy as sa

from app.chat.models import ChatMessage, ChatMute
from app.core.scopes import Actor
from app.extensions import db
from app.plenary.models import Announcement, PlenaryTimer, RaisedHand, Reaction
from app.questions.models import Question, QuestionVote
from app.settings.models import RoomSettings
from tests import support

TABLES = (RaisedHand, Reaction, PlenaryTimer, Announcement, Question, RoomSettings,
          ChatMessage, ChatMute)


def _plain(rows) -> list[str]:
    return sorted(json.dumps({c.key: str(getattr(row, c.key)) for c in row.__table__.columns},
                             sort_keys=True) for row in rows)


def live_rows(room_id: int) -> dict:
    """Every live-tool row of a room (a part of the footprint)."""
    value = {model.__tablename__: _plain(db.session.execute(
        sa.select(model).where(model.room_id == room_id)).scalars()) for model in TABLES}
    value["question_vote"] = _plain(db.session.execute(
        sa.select(QuestionVote).join(Question).where(Question.room_id == room_id)).scalars())
    return value


class Stage(support.Stage):
    """The shared stage, with the live tools' rows in its footprint."""

    parts = (live_rows,)

    def snapshot(self, actor: Actor) -> dict:
        return support.snapshot_of(self.app, actor)

    def state(self, actor: Actor) -> dict:
        return self.snapshot(actor)["state"]

    def aggregate(self, actor: Actor, name: str) -> dict | None:
        return self.snapshot(actor)["aggregates"].get(name)
