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
from tests.support import log_footprint

TABLES = (RaisedHand, Reaction, PlenaryTimer, Announcement, Question, RoomSettings,
          ChatMessage, ChatMute)


def footprint(app, room_id: int) -> dict:
    """Every live-tool row of a room, and its log."""
    def plain(row):
        return {c.key: str(getattr(row, c.key)) for c in row.__table__.columns}

    with app.app_context():
        value = log_footprint(room_id)
        for model in TABLES:
            value[model.__tablename__] = sorted(json.dumps(plain(r), sort_keys=True) for r in
                                                db.session.execute(sa.select(model).where(
                                                    model.room_id == room_id)).scalars())
        value["question_vote"] = sorted(json.dumps(plain(r), sort_keys=True) for r in
                                        db.session.execute(sa.select(QuestionVote).join(
                                            Question).where(Question.room_id == room_id))
                                        .scalars())
        db.session.remove()
    return value


class Stage(support.Stage):
    """The shared stage: a refusal answers with its code and changes nothing."""

    def refused(self, actor: Actor, type: str, data: dict | None, code: str) -> dict:
        before = footprint(self.app, self.room.id)
        ack = self.do(actor, type, data)
        assert ack["ok"] is False and ack["error"]["code"] == code, ack
        assert footprint(self.app, self.room.id) == before
        return ack["error"]

    def snapshot(self, actor: Actor) -> dict:
        return support.snapshot_of(self.app, actor)

    def state(self, actor: Actor) -> dict:
        return self.snapshot(actor)["state"]

    def aggregate(self, actor: Actor, name: str) -> dict | None:
        return self.snapshot(actor)["aggregates"].get(name)
