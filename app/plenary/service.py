"""Writes for the plenary tools: hands (raise, lower, lower one or all), reactions, the
plenary timer (start, extend, stop) and the message to everyone (send, clear)."""
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.core.clock import now
from app.core.commands import Context
from app.core.errors import Conflict, Invalid, NotFound, RateLimited
from app.course.models import KINDS
from app.course.service import item_of_room
from app.extensions import db
from app.plenary.models import Announcement, PlenaryTimer, RaisedHand, Reaction
from app.plenary.state import (
    announcement_view,
    current_announcement,
    hand_view,
    my_hand_view,
    raised_hands,
    running_timer,
    timer_view,
)
from app.settings.service import require

#: a participant's reactions within REACTION_WINDOW: a steady stream, not a flood
REACTION_LIMIT = 5
REACTION_WINDOW = timedelta(seconds=10)


# hands


def _record_hand(ctx: Context, type: str, hand: RaisedHand) -> None:
    """The staff's queue and the participant's own hand change together."""
    up = hand.lowered_at is None
    ctx.record(type, {"hand_id": hand.id}, scope="staff",
               changes=[("hands", str(hand.id), hand_view(hand) if up else None)])
    ctx.record(type, {"hand_id": hand.id}, scope=f"participant:{hand.participant_id}",
               changes=[("my_hand", "current", my_hand_view(hand) if up else None)])
    ctx.touch("live")


def _own_hand(ctx: Context) -> RaisedHand | None:
    return db.session.execute(select(RaisedHand).where(
        RaisedHand.room_id == ctx.room_id, RaisedHand.participant_id == ctx.actor.id,
        RaisedHand.lowered_at.is_(None))).scalar_one_or_none()


def raise_hand(ctx: Context) -> dict:
    require(ctx.room_id, "hands")
    if _own_hand(ctx) is not None:
        raise Conflict(_("Your hand is already raised."))
    hand = RaisedHand(room_id=ctx.room_id, participant_id=ctx.actor.id, raised_at=now())
    db.session.add(hand)
    db.session.flush()
    _record_hand(ctx, "hand.raised", hand)
    return {"hand_id": hand.id}


def _lower(ctx: Context, hand: RaisedHand) -> dict:
    hand.lowered_at, hand.lowered_by = now(), ctx.actor.key
    _record_hand(ctx, "hand.lowered", hand)
    return {"hand_id": hand.id}


def lower_own(ctx: Context) -> dict:
    hand = _own_hand(ctx)
    if hand is None:
        raise Conflict(_("Your hand is not raised."))
    return _lower(ctx, hand)


def lower(ctx: Context, hand_id: int) -> dict:
    """A staff member lowers one hand (they gave the floor, or it was raised by mistake)."""
    hand = ctx.find(RaisedHand, hand_id, _("No such raised hand."))
    if hand.lowered_at is not None:
        raise Conflict(_("This hand is already lowered."))
    return _lower(ctx, hand)


def lower_all(ctx: Context) -> dict:
    """Every hand down in one event per audience, however many were up."""
    hands = raised_hands(ctx.room_id)
    moment = now()
    for hand in hands:
        hand.lowered_at, hand.lowered_by = moment, ctx.actor.key
    ctx.record("hands.lowered", {"count": len(hands)}, scope="staff",
               changes=[("hands", str(h.id), None) for h in hands])
    ctx.record("hands.lowered", {"count": len(hands)},
               changes=[("my_hand", "current", None)])
    ctx.touch("live")
    return {"count": len(hands)}


# reactions


def react(ctx: Context, kind: str) -> dict:
    """Counted, never sent on one by one: the room sees the coalesced counts."""
    require(ctx.room_id, "reactions")
    moment = now()
    recent = db.session.execute(select(func.count()).select_from(Reaction).where(
        Reaction.participant_id == ctx.actor.id,
        Reaction.created_at > moment - REACTION_WINDOW)).scalar_one()
    if recent >= REACTION_LIMIT:
        raise RateLimited(_("Easy: a few reactions at a time."))
    db.session.add(Reaction(room_id=ctx.room_id, session_id=ctx.session_id,
                            participant_id=ctx.actor.id, kind=kind, created_at=moment))
    ctx.touch("live")
    return {"kind": kind}


# the plenary timer


def _record_timer(ctx: Context, type: str, timer: PlenaryTimer, data: dict | None = None):
    db.session.flush()
    view = None if timer.stopped_at else timer_view(timer)
    ctx.record(type, {"timer_id": timer.id, **(data or {})},
               changes=[("timer", "current", view)])


def start_timer(ctx: Context, data: dict) -> dict:
    """A countdown for everyone; one that is running is replaced."""
    item_id = data["item_id"]
    if item_id is not None:
        item_of_room(ctx, item_id, KINDS, "")
    moment = now()
    previous = running_timer(ctx.room_id)
    if previous is not None:
        previous.stopped_at = moment
    timer = PlenaryTimer(room_id=ctx.room_id, item_id=item_id, label=data["label"].strip(),
                         started_at=moment, seconds=data["seconds"])
    db.session.add(timer)
    _record_timer(ctx, "timer.started", timer)
    return {"timer_id": timer.id}


def _running(ctx: Context) -> PlenaryTimer:
    timer = running_timer(ctx.room_id)
    if timer is None:
        raise Conflict(_("No timer is running."))
    return timer


def extend_timer(ctx: Context, seconds: int) -> dict:
    """More time, counted on from the planned end (or from now, when it is already over)."""
    timer = _running(ctx)
    elapsed = int((now() - timer.started_at).total_seconds())
    timer.seconds = max(timer.seconds, elapsed) + seconds
    _record_timer(ctx, "timer.extended", timer, {"seconds": seconds})
    return {"timer_id": timer.id, "seconds": timer.seconds}


def stop_timer(ctx: Context) -> dict:
    timer = _running(ctx)
    timer.stopped_at = now()
    _record_timer(ctx, "timer.stopped", timer)
    return {"timer_id": timer.id}


# the message to everyone


def announce(ctx: Context, text: str) -> dict:
    """A banner on every page until each person dismisses it; a new one replaces it."""
    text = text.strip()
    if not text:
        raise Invalid(_("Write a message."), {"text": [_("Write a message.")]})
    moment = now()
    previous = current_announcement(ctx.room_id)
    if previous is not None:
        previous.cleared_at = moment
    message = Announcement(room_id=ctx.room_id, text=text, sent_at=moment)
    db.session.add(message)
    db.session.flush()
    ctx.record("announcement.sent", {"announcement_id": message.id},
               changes=[("announcement", "current", announcement_view(message))])
    return {"announcement_id": message.id}


def clear_announcement(ctx: Context) -> dict:
    message = current_announcement(ctx.room_id)
    if message is None:
        raise NotFound(_("There is no message to take down."))
    message.cleared_at = now()
    ctx.record("announcement.cleared", {"announcement_id": message.id},
               changes=[("announcement", "current", None)])
    return {"announcement_id": message.id}
