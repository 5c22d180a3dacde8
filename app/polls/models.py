"""Polls and their answers. Anonymous answers carry no participant id: who answered is
kept apart, in PollBallot, so "answer once" holds without linking a person to an answer."""
import uuid
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import now
from app.extensions import db

KINDS = ("single", "multiple", "likert", "open", "wordcloud", "grid", "evaluation")
STATUSES = ("draft", "open", "closed", "revealed")
#: the default scale of a Likert poll, translated when the poll is made
LIKERT = [_l("Strongly agree"), _l("Agree"), _l("Neither agree nor disagree"), _l("Disagree"),
          _l("Strongly disagree")]


class Poll(db.Model):
    __tablename__ = "poll"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"), index=True)
    #: the agenda item it belongs to; None for a poll made up during the session
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"))
    #: the course session it was opened in, for per-session results and exports
    session_id: Mapped[int | None] = mapped_column(ForeignKey("course_session.id"))
    #: one of KINDS
    kind: Mapped[str] = mapped_column(String(20))
    question: Mapped[str] = mapped_column(String(500))
    #: the kind's details: options, other_option, max_choices, scale, rows, levels,
    #: questions, long (see schemas.PollSpecSchema)
    spec: Mapped[dict] = mapped_column(JSON, default=dict)
    #: no participant id is stored with an answer; answers cannot be changed
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    #: "live": everyone sees results while it runs; "reveal": only after the reveal
    results: Mapped[str] = mapped_column(String(10), default="reveal")
    #: whether a participant may replace their answer while the poll is open
    changeable: Mapped[bool] = mapped_column(Boolean, default=True)
    #: draft → open → closed → revealed
    status: Mapped[str] = mapped_column(String(10), default="draft")
    created_at: Mapped[datetime] = mapped_column(default=now)
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    revealed_at: Mapped[datetime | None]


def random_id() -> str:
    return uuid.uuid4().hex


class PollResponse(db.Model):
    """One participant's answer. For anonymous polls participant_id is None, the id is
    random and no time is kept, so nothing orders or links it to a ballot."""

    __tablename__ = "poll_response"
    __table_args__ = (UniqueConstraint("poll_id", "participant_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"))
    #: the validated answer, shaped by the poll's kind
    answer: Mapped[dict] = mapped_column(JSON)
    #: the facilitator took it off the shared view (open text, word cloud, "other")
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    #: last change, for named answers only
    answered_at: Mapped[datetime | None]


class PollBallot(db.Model):
    """That a participant answered an anonymous poll — and nothing about what."""

    __tablename__ = "poll_ballot"
    __table_args__ = (UniqueConstraint("poll_id", "participant_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
