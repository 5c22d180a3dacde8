"""The spine's tables: the room that owns a log, the log itself, and the applied command ids."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import now
from app.extensions import db


class Room(db.Model):
    """One live run of a course for one group: one join code, one event log."""

    __tablename__ = "room"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the short code participants type to join; unique across the server
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    #: shown on every page of the room
    title: Mapped[str] = mapped_column(String(200))
    #: the course this room runs
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    #: the course session now live in this room; every event records it
    current_session_id: Mapped[int | None] = mapped_column(ForeignKey("course_session.id"))
    #: the last sequence number handed out; the log is gapless, so this is also its length
    last_seq: Mapped[int] = mapped_column(default=0)
    #: when the room was opened
    created_at: Mapped[datetime] = mapped_column(default=now)


class RoomEvent(db.Model):
    """One committed change, in the order it happened; the source of every client's state."""

    __tablename__ = "room_event"
    __table_args__ = (UniqueConstraint("room_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"))
    #: position in the room's log, 1, 2, 3 … without gaps
    seq: Mapped[int]
    #: the course session that was live when it happened (None before the first start)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("course_session.id"))
    #: what happened, e.g. "agenda.moved"
    type: Mapped[str] = mapped_column(String(64))
    #: who may see it: room, staff, facilitators, team:<id> or participant:<id>
    scope: Mapped[str] = mapped_column(String(64))
    #: who caused it, e.g. "facilitator:1", "participant:42"
    actor: Mapped[str] = mapped_column(String(64))
    #: {"data": …, "changes": [[collection, key, value-or-null], …]}
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=now)


class AppliedCommand(db.Model):
    """A command id that has been applied, with its answer: a retry gets the same answer."""

    __tablename__ = "applied_command"
    __table_args__ = (UniqueConstraint("room_id", "actor", "command_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"))
    #: the actor key; ids are only unique per actor, so one client cannot replay another's
    actor: Mapped[str] = mapped_column(String(64))
    #: made by the client, e.g. a UUID
    command_id: Mapped[str] = mapped_column(String(64))
    #: the command type, kept for audits
    type: Mapped[str] = mapped_column(String(64))
    #: sha256 of type and data: a reused id with other content is refused, not answered
    digest: Mapped[str] = mapped_column(String(64), default="")
    #: the ack that was sent the first time
    ack: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=now)


Index("ix_room_event_room_scope_seq", RoomEvent.room_id, RoomEvent.scope, RoomEvent.seq)
