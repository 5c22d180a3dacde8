"""The plenary's live tools: raised hands, reactions, the plenary timer and the message
to everyone."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import now
from app.extensions import db

#: the reactions a participant can send, in the order the page shows them
REACTIONS = ("applause", "agree", "slower", "cant_hear")


class RaisedHand(db.Model):
    """A participant's hand, from raised until lowered (by them or by the staff)."""

    __tablename__ = "raised_hand"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    #: the queue's order: who raised first speaks first
    raised_at: Mapped[datetime] = mapped_column(default=now)
    #: None while the hand is up
    lowered_at: Mapped[datetime | None]
    #: actor key of whoever lowered it (the participant, or a staff member)
    lowered_by: Mapped[str | None] = mapped_column(String(64))


Index("ix_raised_hand_up", RaisedHand.room_id, RaisedHand.lowered_at)


class Reaction(db.Model):
    """One reaction sent; the room sees only the counts, never who sent what."""

    __tablename__ = "reaction"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"))
    #: the session it was sent in; counts are per session
    session_id: Mapped[int | None] = mapped_column(ForeignKey("course_session.id"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    #: one of REACTIONS
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=now)


Index("ix_reaction_room_session", Reaction.room_id, Reaction.session_id)
Index("ix_reaction_person_time", Reaction.participant_id, Reaction.created_at)


class PlenaryTimer(db.Model):
    """A countdown for everyone ("2 minutes to write notes"). Derived from started_at and
    seconds, like a breakout's, so it survives reloads and restarts."""

    __tablename__ = "plenary_timer"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"), index=True)
    #: the agenda item it was started on, if any
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"))
    #: what the time is for, shown beside the countdown
    label: Mapped[str] = mapped_column(String(120), default="")
    started_at: Mapped[datetime] = mapped_column(default=now)
    #: total length including extensions
    seconds: Mapped[int]
    #: None while it runs (also after it reached zero, until stopped)
    stopped_at: Mapped[datetime | None]


class Announcement(db.Model):
    """The facilitator's message to everyone, shown as a banner until dismissed."""

    __tablename__ = "announcement"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"), index=True)
    #: plain text, shown as text
    text: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(default=now)
    #: when the facilitator took it down for everyone; None while shown
    cleared_at: Mapped[datetime | None]
