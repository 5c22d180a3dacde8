"""Pre-work tasks and what participants hand in, uploaded files and private notes."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import now
from app.extensions import db

#: who a task is for: each participant, or each team (any member hands in for the team)
AUDIENCES = ("individual", "team")
#: what is handed in: answers as text, a file (with optional text), notes that stay with
#: their author, or nothing (a reading: participants mark it done)
DELIVERABLES = ("text", "file", "private_notes", "none")
#: file types accepted, recognised by their content
UPLOAD_KINDS = ("pdf", "pptx", "png", "jpeg")


class PreworkTask(db.Model):
    """Something to prepare before a session, opened by the facilitator from an agenda
    item of kind prework or made up live."""

    __tablename__ = "prework_task"
    __table_args__ = (UniqueConstraint("room_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"), index=True)
    #: the agenda item it comes from; None for a task made up live
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"))
    #: the course session that was live when it was opened
    session_id: Mapped[int | None] = mapped_column(ForeignKey("course_session.id"))
    title: Mapped[str] = mapped_column(String(200))
    #: what to do, as plain text (an item's Markdown body is shown from the agenda instead)
    instructions: Mapped[str] = mapped_column(Text, default="")
    #: one of AUDIENCES
    audience: Mapped[str] = mapped_column(String(12))
    #: one of DELIVERABLES
    deliverable: Mapped[str] = mapped_column(String(16))
    #: questions answered one text each; empty: one free text
    questions: Mapped[list] = mapped_column(JSON, default=list)
    #: the slide count the course asks for (shown, not enforced: a PDF is not slides)
    slides_min: Mapped[int | None]
    slides_max: Mapped[int | None]
    #: team roles to appoint while preparing, e.g. ["facilitator", "presenter"]
    roles: Mapped[list] = mapped_column(JSON, default=list)
    #: the deadline, if the facilitator set one; due_text is the course's wording
    due_at: Mapped[datetime | None]
    due_text: Mapped[str] = mapped_column(String(200), default="")
    #: open → closed (no more submissions)
    status: Mapped[str] = mapped_column(String(10), default="open")
    opened_at: Mapped[datetime] = mapped_column(default=now)
    closed_at: Mapped[datetime | None]


class Upload(db.Model):
    """A file a participant uploaded. It is stored under the instance directory by a random
    name; the name it came with is only ever shown or offered as a download name."""

    __tablename__ = "upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    #: random hex; the file is <instance>/uploads/<room>/<stored>
    stored: Mapped[str] = mapped_column(String(64), unique=True)
    #: one of UPLOAD_KINDS, from the content
    kind: Mapped[str] = mapped_column(String(8))
    size: Mapped[int]
    #: the uploader's file name, cleaned, for display and download names only
    name: Mapped[str] = mapped_column(String(120))
    #: pages of a PDF (rendered up to WORKSHOP_MAX_SLIDE_PAGES), else None
    pages: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=now)


class Submission(db.Model):
    """What a participant, or a team, handed in for a task: the latest one counts."""

    __tablename__ = "prework_submission"
    __table_args__ = (UniqueConstraint("task_id", "owner"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("prework_task.id", ondelete="CASCADE"),
                                         index=True)
    #: "participant:<id>" or "team:<id>": whose submission this is
    owner: Mapped[str] = mapped_column(String(32))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    #: who handed it in last (for a team: the member who did)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    #: one text per question (one free text when the task has none)
    answers: Mapped[list] = mapped_column(JSON, default=list)
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("upload.id"))
    submitted_at: Mapped[datetime] = mapped_column(default=now)


class PrivateNote(db.Model):
    """A participant's personal notes for a task: only their author ever sees them."""

    __tablename__ = "private_note"
    __table_args__ = (UniqueConstraint("task_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("prework_task.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"),
                                                index=True)
    answers: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(default=now)
