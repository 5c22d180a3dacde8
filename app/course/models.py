"""Course content (course → sessions → agenda items) and how a room moves through it."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import now
from app.extensions import db

KINDS = ("slide", "poll", "board", "breakout", "evaluation", "assessment", "prework",
         "presentation")


class Course(db.Model):
    __tablename__ = "course"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: stable name used by import/export and the CLI
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    #: the language the content is written in (BCP 47)
    language: Mapped[str] = mapped_column(String(16), default="en")
    description: Mapped[str] = mapped_column(Text, default="")
    #: top-level blocks other domains own (e.g. assessments), kept for round-trip export
    extras: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=now)

    sessions: Mapped[list["CourseSession"]] = relationship(
        back_populates="course", order_by="CourseSession.position", cascade="all, delete-orphan")


class CourseSession(db.Model):
    """One live meeting of the course (Session 1 … 5)."""

    __tablename__ = "course_session"
    __table_args__ = (UniqueConstraint("course_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    #: 1-based order within the course
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    #: planned length of the meeting
    minutes: Mapped[int] = mapped_column(default=120)
    #: when this cohort meets for it (UTC); set in the editor, not part of the course file
    starts_at: Mapped[datetime | None]

    course: Mapped[Course] = relationship(back_populates="sessions")
    items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="session", order_by="AgendaItem.position", cascade="all, delete-orphan")


class AgendaItem(db.Model):
    """A slide, poll, board, breakout … in the order the facilitator takes them."""

    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("session_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("course_session.id", ondelete="CASCADE"))
    #: 1-based order within the session
    position: Mapped[int]
    #: the optional id from the course file, for references between items
    key: Mapped[str | None] = mapped_column(String(80))
    #: one of KINDS
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    #: planned minutes
    minutes: Mapped[int] = mapped_column(default=0)
    #: Markdown as written, and the sanitized HTML shown to people
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    #: facilitator-only notes, Markdown and sanitized HTML
    notes: Mapped[str] = mapped_column(Text, default="")
    notes_html: Mapped[str] = mapped_column(Text, default="")
    #: a slide's image (a name in app/course/images.py's store), shown below its text
    image: Mapped[str | None] = mapped_column(String(80))
    #: the kind's own block from the course file (poll options, board columns …)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)

    session: Mapped[CourseSession] = relationship(back_populates="items")


class SessionRun(db.Model):
    """A course session as run in one room: when it started, ended, and where it stands."""

    __tablename__ = "session_run"
    __table_args__ = (UniqueConstraint("room_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("course_session.id"))
    started_at: Mapped[datetime] = mapped_column(default=now)
    #: set when the facilitator ends it; a session can be resumed, which clears it
    ended_at: Mapped[datetime | None]
    #: the agenda item on screen (or last on screen)
    current_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"))
    #: when the current item came on screen; None while the session is not live
    item_shown_at: Mapped[datetime | None]


class ItemTiming(db.Model):
    """Actual time spent on an agenda item in a room, for planned-vs-actual."""

    __tablename__ = "item_timing"
    __table_args__ = (UniqueConstraint("room_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"))
    #: first time it came on screen
    first_shown_at: Mapped[datetime] = mapped_column(default=now)
    #: seconds on screen, summed over every visit that has ended
    seconds: Mapped[int] = mapped_column(default=0)


class CourseEdit(db.Model):
    """An edit applied to a course's content: its command id and first answer, so that an
    edit sent twice (a retry after a drop) is applied once."""

    __tablename__ = "course_edit"
    __table_args__ = (UniqueConstraint("course_id", "actor", "command_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    #: who sent it, e.g. "facilitator:1"
    actor: Mapped[str] = mapped_column(String(64))
    #: the client's id for the command
    command_id: Mapped[str] = mapped_column(String(64))
    #: the command type, e.g. "item.edit"
    type: Mapped[str] = mapped_column(String(64))
    #: sha256 of type and data: the same id with other content is a conflict
    digest: Mapped[str] = mapped_column(String(64))
    #: the answer given the first time
    ack: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=now)
