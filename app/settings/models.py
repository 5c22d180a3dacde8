"""The features a room has turned on or off, over the course file's defaults."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import now
from app.extensions import db

#: every feature a room can turn on or off, with its default when neither the course file
#: nor the facilitator says otherwise
DEFAULTS: dict[str, bool] = {
    "hands": True,
    "reactions": True,
    "questions": True,
    #: participants may ask without their name
    "anonymous_questions": True,
    #: plenary questions wait for the staff's approval before the room sees them
    "moderated_questions": False,
    "chat": True,
    #: a chat per team while a breakout runs
    "team_chat": True,
}


class RoomSettings(db.Model):
    """What the facilitator changed for one room; a feature not named here keeps the
    course file's default (or DEFAULTS)."""

    __tablename__ = "room_settings"

    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"),
                                         primary_key=True)
    #: {feature: bool}, only the features the facilitator set
    features: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=now)
