"""Questions to the facilitator and the upvotes they get."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import now
from app.extensions import db

#: pending: waits for the staff's approval (moderated rooms); open: the room sees it;
#: answered: done, still listed; hidden: removed for everyone, its text redacted from the log
STATUSES = ("pending", "open", "answered", "hidden")


class Question(db.Model):
    """A participant's question, to the plenary or, during a breakout, to their team."""

    __tablename__ = "question"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("course_session.id"))
    #: None for the plenary, else the team it was asked in
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    #: who asked; kept for the one-vote and rate rules even when shown anonymously
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    #: the name shown with it, as it was when asked (empty when anonymous)
    author_name: Mapped[str] = mapped_column(String(80), default="")
    #: others see a pseudonym instead of the name
    anonymous: Mapped[bool] = mapped_column(default=False)
    #: plain text, shown as text
    text: Mapped[str] = mapped_column(Text)
    #: one of STATUSES
    status: Mapped[str] = mapped_column(String(16), default="open")
    #: shown on the projector; at most one per plenary or team
    pinned: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=now)


Index("ix_question_room_status", Question.room_id, Question.status)


class QuestionVote(db.Model):
    """One participant's upvote of one question: once each."""

    __tablename__ = "question_vote"
    __table_args__ = (UniqueConstraint("question_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=now)
