"""Breakouts and help requests: teams working apart for a while, and their calls for help."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import now
from app.extensions import db


class Breakout(db.Model):
    """Teams working apart for a while. The countdown is derived from started_at and
    minutes, so it survives reloads and restarts without any process keeping a timer."""

    __tablename__ = "breakout"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"), index=True)
    #: the agenda item it runs, if any
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("course_session.id"))
    grouping_id: Mapped[int] = mapped_column(ForeignKey("grouping.id"))
    task: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(default=now)
    #: total length including extensions
    seconds: Mapped[int]
    closed_at: Mapped[datetime | None]
    #: the facilitator's latest message to all teams ("5 minutes left"), kept for reloads
    message: Mapped[str | None] = mapped_column(Text)
    message_at: Mapped[datetime | None]


class HelpRequest(db.Model):
    """A team's "we need help": who asked, when, and who picked it up."""

    __tablename__ = "help_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    breakout_id: Mapped[int | None] = mapped_column(ForeignKey("breakout.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    asked_at: Mapped[datetime] = mapped_column(default=now)
    #: actor key and name of the staff member who picked it up
    taken_by: Mapped[str | None] = mapped_column(String(64))
    taken_name: Mapped[str | None] = mapped_column(String(80))
    taken_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]


Index("ix_help_request_open", HelpRequest.room_id, HelpRequest.resolved_at)
