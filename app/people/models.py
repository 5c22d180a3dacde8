"""Who takes part: facilitator accounts, participants and co-facilitators of a room, and
attendance as connection spans."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import now
from app.extensions import db


class Facilitator(db.Model):
    """An account that signs in with a password and drives rooms."""

    __tablename__ = "facilitator"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: sign-in name, stored lower-case
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    #: argon2 hash; the password itself is never stored
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=now)


class Participant(db.Model):
    """Someone who joined a room with its code and a display name; no account."""

    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"), index=True)
    #: shown to others as text, never as HTML; emptied when the participant is erased
    name: Mapped[str] = mapped_column(String(80))
    #: a random id the joining browser keeps in a cookie: a removed participant's device
    #: cannot come back under a new name
    device: Mapped[str | None] = mapped_column(String(64))
    joined_at: Mapped[datetime] = mapped_column(default=now)
    #: when their personal data was erased (`flask workshop erase-participant`); their
    #: tokens no longer admit anyone, the row stays so that counts stay right
    erased_at: Mapped[datetime | None]


class Removal(db.Model):
    """A participant the staff removed: their rejoin token stops working, and the device
    they joined from cannot join again under a new name, until the facilitator readmits."""

    __tablename__ = "removal"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"),
                                                index=True)
    #: the joining browser's device id (a cookie), when it sent one
    device: Mapped[str | None] = mapped_column(String(64))
    #: whether their board notes were hidden with them
    notes_hidden: Mapped[bool] = mapped_column(default=False)
    #: actor key of the staff member who removed them
    removed_by: Mapped[str] = mapped_column(String(64))
    removed_at: Mapped[datetime] = mapped_column(default=now)
    #: set when the facilitator lets them (and their device) back in
    readmitted_at: Mapped[datetime | None]


class CoFacilitator(db.Model):
    """Someone who accepted the room's co-facilitator invitation."""

    __tablename__ = "cofacilitator"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    joined_at: Mapped[datetime] = mapped_column(default=now)
    #: set when the facilitator revoked their link: their token stops working
    revoked_at: Mapped[datetime | None]


class RoomLink(db.Model):
    """The current generation of a room's shared link of one kind (projector, co-facilitator
    invitation): renewing it makes every earlier link of that kind stop working."""

    __tablename__ = "room_link"
    __table_args__ = (UniqueConstraint("room_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"))
    #: "projector" or "cofacilitator-invite"
    kind: Mapped[str] = mapped_column(String(32))
    #: links carry it as their subject; 0 (or none) before the first renewal
    generation: Mapped[int] = mapped_column(default=0)


class AttendanceSpan(db.Model):
    """One connected stretch of one participant's device. Attendance per session is the
    overlap of these stretches with the session's run, so nothing has to split them."""

    __tablename__ = "attendance_span"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    joined_at: Mapped[datetime] = mapped_column(default=now)
    #: None while connected
    left_at: Mapped[datetime | None]
    #: the server process slot (host:port) holding the connection; a restarted server
    #: closes its own slot's spans, never those of other processes
    worker: Mapped[str] = mapped_column(String(100), default="")


Index("ix_attendance_open", AttendanceSpan.room_id, AttendanceSpan.left_at)
