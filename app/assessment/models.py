"""The capability self-assessment: runs of a course questionnaire in a room, and each
participant's answers to a run."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import now
from app.extensions import db


class AssessmentRun(db.Model):
    """One run of a course questionnaire (the capability self-assessment) in a room; a
    later run of the same questionnaire is compared with the one before."""

    __tablename__ = "assessment_run"
    __table_args__ = (UniqueConstraint("room_id", "key", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"), index=True)
    #: the questionnaire's id in the course file, e.g. "dtca"
    key: Mapped[str] = mapped_column(String(80))
    #: 1 for the first run in this room, 2 for the next …
    number: Mapped[int]
    #: the agenda item that opened it
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"))
    title: Mapped[str] = mapped_column(String(200))
    #: answer labels, first = strongest agreement (scored len(scale) … 1)
    scale: Mapped[list] = mapped_column(JSON)
    #: [{name, description, items: [statement, …]}, …] as in the course file
    dimensions: Mapped[list] = mapped_column(JSON)
    #: when answers are due, if the facilitator set a date; due_text is the course's wording
    due_at: Mapped[datetime | None]
    due_text: Mapped[str] = mapped_column(String(200), default="")
    #: open → closed → revealed
    status: Mapped[str] = mapped_column(String(10), default="open")
    opened_at: Mapped[datetime] = mapped_column(default=now)
    closed_at: Mapped[datetime | None]
    revealed_at: Mapped[datetime | None]


class AssessmentAnswer(db.Model):
    """A participant's answers to one run, saved as they go; submitted when complete."""

    __tablename__ = "assessment_answer"
    __table_args__ = (UniqueConstraint("run_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("assessment_run.id", ondelete="CASCADE"),
                                        index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    #: {"<dimension>.<item>": scale index}
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=now)
    #: set when every item has an answer and the participant submitted
    submitted_at: Mapped[datetime | None]
