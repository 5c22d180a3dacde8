"""Plain helpers for the poll tests: a room with its people acting through the dispatcher,
the poll and self-assessment rows a refusal must leave alone, and the reference course's
poll items."""
import hashlib
import json

import sqlalchemy as sa

from app.assessment.models import AssessmentAnswer, AssessmentRun
from app.core.scopes import Actor
from app.extensions import db
from app.polls.models import Poll, PollBallot, PollResponse
from tests import support
from tests.support import number_of, rows

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


def poll_rows(room_id: int) -> dict:
    """Everything a poll command could write in a room (a part of the footprint)."""
    polls = sa.select(Poll.id).where(Poll.room_id == room_id)
    return {
        "polls": number_of(Poll, Poll.room_id == room_id),
        "responses": number_of(PollResponse, PollResponse.poll_id.in_(polls)),
        "ballots": number_of(PollBallot, PollBallot.poll_id.in_(polls)),
        "answers": sorted(json.dumps(a, sort_keys=True) for a in db.session.execute(
            sa.select(PollResponse.answer).where(PollResponse.poll_id.in_(polls))
        ).scalars()),
        "statuses": sorted(db.session.execute(
            sa.select(Poll.status).where(Poll.room_id == room_id)).scalars()),
    }


def assessment_rows(room_id: int) -> dict:
    """What a self-assessment command could write in a room (a part of the footprint)."""
    runs = db.session.execute(sa.select(AssessmentRun.id, AssessmentRun.status).where(
        AssessmentRun.room_id == room_id).order_by(AssessmentRun.id)).all()
    answers = db.session.execute(sa.select(
        AssessmentAnswer.participant_id, AssessmentAnswer.answers, AssessmentAnswer.submitted_at
    ).where(AssessmentAnswer.run_id.in_([r.id for r in runs])).order_by(AssessmentAnswer.id)).all()
    return {"runs": [tuple(r) for r in runs], "answers": [tuple(a) for a in answers]}


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

    parts = (poll_rows, assessment_rows)

    def create(self, kind: str = "single", question: str = "Which one?", **details) -> int:
        if kind in ("single", "multiple"):
            details.setdefault("options", ["Red", "Green", "Blue"])
        return self.ok(self.fac, "poll.create",
                       {"kind": kind, "question": question, **details})["poll_id"]

    def open(self, poll_id: int) -> int:
        return self.ok(self.fac, "poll.open", {"poll_id": poll_id})["poll_id"]

    def open_item(self, key: str) -> int:
        return self.ok(self.fac, "poll.open", {"item_id": self.item(key)})["poll_id"]

    def opened(self, kind: str = "single", **details) -> int:
        return self.open(self.create(kind, **details))

    def answer(self, participant: Actor, poll_id: int, id: str | None = None, **data) -> dict:
        return self.do(participant, "poll.answer", {"poll_id": poll_id, **data}, id)

    def answered(self, participant: Actor, poll_id: int, **data) -> dict:
        ack = self.answer(participant, poll_id, **data)
        assert ack["ok"] is True, ack
        return ack["result"]

    def tally(self, poll_id: int) -> dict:
        scope, data = tally_of(self.app, self.room.id, poll_id)
        return data

    def poll(self, poll_id: int) -> dict:
        (row,) = rows(self.app, Poll, Poll.id == poll_id)
        return row
