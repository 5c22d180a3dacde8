"""Plain helpers for the poll tests: a room with its people acting through the dispatcher,
row counts that prove a refusal stored nothing, and the reference course's poll items."""
import hashlib
import json

import sqlalchemy as sa

from app.core.scopes import Actor
from app.course.models import AgendaItem, CourseSession
from app.extensions import db
from app.people import tokens
from app.polls.models import Poll, PollBallot, PollResponse
from tests import support
from tests.support import log_footprint, number_of

#: the reference course's poll items (sessions/online-course.yaml)
OBSTACLES = "s5-obstacles"  # multiple, nine choices, up to 3, the ninth is "something else"
MATURITY = "s2-maturity-grid"  # grid, 9 pillars x 4 maturity levels
EVALUATION = "s3-evaluation"  # three questions, anonymous

#: sha256 of the command type alone, as the dispatcher has encoded it: ["poll.answer"] as
#: compact JSON, or the bare type (app/core/commands.py is being reworked around this)
ANSWER_DIGESTS = {
    hashlib.sha256(json.dumps(["poll.answer"], separators=(",", ":")).encode()).hexdigest(),
    hashlib.sha256(b"poll.answer").hexdigest(),
}

RANDOM_ID = r"^[0-9a-f]{32}$"


def item_id(app, course_id: int, key: str) -> int:
    """The id of an agenda item of a course by its id in the course file."""
    with app.app_context():
        value = db.session.execute(
            sa.select(AgendaItem.id).join(CourseSession)
            .where(CourseSession.course_id == course_id, AgendaItem.key == key)).scalar_one()
        db.session.remove()
    return value


def slide_id(app, course_id: int) -> int:
    """Some agenda item that is not a poll."""
    with app.app_context():
        value = db.session.execute(
            sa.select(AgendaItem.id).join(CourseSession)
            .where(CourseSession.course_id == course_id, AgendaItem.kind == "slide")
            .order_by(AgendaItem.id).limit(1)).scalar_one()
        db.session.remove()
    return value


def rows(app, model, *where, order_by=None) -> list[dict]:
    """Rows of a table as plain dicts of their columns."""
    with app.app_context():
        query = sa.select(model).where(*where)
        if order_by is not None:
            query = query.order_by(order_by)
        found = db.session.execute(query).scalars().all()
        result = [{c.key: getattr(r, c.key) for c in model.__table__.columns} for r in found]
        db.session.remove()
    return result


def footprint(app, room_id: int) -> dict:
    """Everything a poll command could write in a room: a refusal leaves it unchanged."""
    with app.app_context():
        polls = sa.select(Poll.id).where(Poll.room_id == room_id)

        value = {
            **log_footprint(room_id),
            "polls": number_of(Poll, Poll.room_id == room_id),
            "responses": number_of(PollResponse, PollResponse.poll_id.in_(polls)),
            "ballots": number_of(PollBallot, PollBallot.poll_id.in_(polls)),
            "answers": sorted(json.dumps(a, sort_keys=True) for a in db.session.execute(
                sa.select(PollResponse.answer).where(PollResponse.poll_id.in_(polls))
            ).scalars()),
            "statuses": sorted(db.session.execute(
                sa.select(Poll.status).where(Poll.room_id == room_id)).scalars()),
        }
        db.session.remove()
    return value


def tally_of(app, room_id: int, poll_id: int) -> tuple[str, dict] | None:
    """(scope, data) of the poll's tally, as the coalescer and the snapshot compute it."""
    from app.polls.state import poll_tally

    with app.app_context():
        try:
            return poll_tally(room_id, str(poll_id))
        finally:
            db.session.remove()


class Stage(support.Stage):
    """The shared stage, with polls: create, open and answer them, read their tallies."""

    def token(self, participant: Actor) -> str:
        with self.app.app_context():
            return tokens.issue("participant", self.room.id, participant.id)

    def create(self, kind: str = "single", question: str = "Which one?", **details) -> int:
        if kind in ("single", "multiple"):
            details.setdefault("options", ["Red", "Green", "Blue"])
        return self.ok(self.fac, "poll.create",
                       {"kind": kind, "question": question, **details})["poll_id"]

    def open(self, poll_id: int) -> int:
        return self.ok(self.fac, "poll.open", {"poll_id": poll_id})["poll_id"]

    def open_item(self, key: str) -> int:
        return self.ok(self.fac, "poll.open",
                       {"item_id": item_id(self.app, self.course_id, key)})["poll_id"]

    def opened(self, kind: str = "single", **details) -> int:
        return self.open(self.create(kind, **details))

    def answer(self, participant: Actor, poll_id: int, id: str | None = None, **data) -> dict:
        return self.do(participant, "poll.answer", {"poll_id": poll_id, **data}, id)

    def answered(self, participant: Actor, poll_id: int, **data) -> dict:
        ack = self.answer(participant, poll_id, **data)
        assert ack["ok"] is True, ack
        return ack["result"]

    def footprint(self) -> dict:
        return footprint(self.app, self.room.id)

    def tally(self, poll_id: int) -> dict:
        scope, data = tally_of(self.app, self.room.id, poll_id)
        return data

    def poll(self, poll_id: int) -> dict:
        (row,) = rows(self.app, Poll, Poll.id == poll_id)
        return row
