"""Team presentations: teams presenting in turn, showing the slides they prepared."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class Presentation(db.Model):
    """Teams presenting in turn. Each turn's clock is derived from when it started, so it
    survives reloads and restarts without a process keeping a timer."""

    __tablename__ = "presentation"
    __table_args__ = (UniqueConstraint("room_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"))
    #: the pre-work task whose team submissions are the slides, if it was opened
    task_id: Mapped[int | None] = mapped_column(ForeignKey("prework_task.id"))
    seconds_per_team: Mapped[int]
    #: team ids in presenting order
    queue: Mapped[list] = mapped_column(JSON, default=list)
    #: index into queue of the team presenting now; None before the first turn
    current: Mapped[int | None]
    turn_started_at: Mapped[datetime | None]
    #: the slide page shown, 1-based
    page: Mapped[int] = mapped_column(default=1)
    #: ready → running → done
    status: Mapped[str] = mapped_column(String(10), default="ready")
    ended_at: Mapped[datetime | None]
