"""Teams. A room's teams live in groupings: the course teams persist from one
session to the next, and a breakout may run with teams of its own without losing them."""
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import now
from app.extensions import db

TEAM_ROLES = ("facilitator", "presenter")


class Grouping(db.Model):
    """One way of splitting the room into teams. Exactly one per room is active: it decides
    who is in which team now. Earlier groupings stay, with their boards and results."""

    __tablename__ = "grouping"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"), index=True)
    #: e.g. "Course teams", "Breakout: ideas"
    label: Mapped[str] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    #: participants pick (and may switch) their own team, up to `capacity` per team
    self_select: Mapped[bool] = mapped_column(Boolean, default=False)
    capacity: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=now)


class Team(db.Model):
    __tablename__ = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"), index=True)
    grouping_id: Mapped[int] = mapped_column(ForeignKey("grouping.id", ondelete="CASCADE"),
                                             index=True)
    #: shown as text, editable by the facilitator
    name: Mapped[str] = mapped_column(String(80))
    #: order within the grouping, 1-based: also the default presentation order
    position: Mapped[int]


class TeamMember(db.Model):
    """A participant in a team, with the role the team gave them (if any)."""

    __tablename__ = "team_member"
    __table_args__ = (UniqueConstraint("grouping_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    #: repeated from the team so that "one team per grouping" is a database constraint
    grouping_id: Mapped[int] = mapped_column(ForeignKey("grouping.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    #: None, or one of TEAM_ROLES
    role: Mapped[str | None] = mapped_column(String(20))


class TeamModerator(db.Model):
    """A co-facilitator given a team: they see it, moderate it and answer its help calls."""

    __tablename__ = "team_moderator"
    __table_args__ = (UniqueConstraint("team_id", "cofacilitator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    cofacilitator_id: Mapped[int] = mapped_column(
        ForeignKey("cofacilitator.id", ondelete="CASCADE"), index=True)
