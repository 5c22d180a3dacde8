"""What clients see of the plenary tools. The hand queue is the staff's; a participant sees
only their own hand; the projector and everyone see how many hands are up and the reaction
counts, in the one coalesced `live` aggregate (never a message per click to everyone)."""
from collections.abc import Callable

from sqlalchemy import func, select

from app.core.clock import iso
from app.core.models import Room
from app.core.scopes import Actor
from app.core.state import aggregate, snapshot_part
from app.extensions import db
from app.plenary.models import REACTIONS, Announcement, PlenaryTimer, RaisedHand, Reaction


def hand_view(hand: RaisedHand) -> dict:
    """A hand in the staff's queue; the name comes from the roster, which follows renames."""
    return {"id": hand.id, "participant_id": hand.participant_id,
            "raised_at": iso(hand.raised_at)}


def my_hand_view(hand: RaisedHand) -> dict:
    return {"id": hand.id, "raised_at": iso(hand.raised_at)}


def timer_view(timer: PlenaryTimer) -> dict:
    return {"id": timer.id, "item_id": timer.item_id, "label": timer.label,
            "started_at": iso(timer.started_at), "seconds": timer.seconds}


def announcement_view(message: Announcement) -> dict:
    return {"id": message.id, "text": message.text, "sent_at": iso(message.sent_at)}


def raised_hands(room_id: int) -> list[RaisedHand]:
    """The hands up now, first raised first."""
    return list(db.session.execute(select(RaisedHand).where(
        RaisedHand.room_id == room_id, RaisedHand.lowered_at.is_(None))
        .order_by(RaisedHand.raised_at, RaisedHand.id)).scalars())


def running_timer(room_id: int) -> PlenaryTimer | None:
    return db.session.execute(select(PlenaryTimer).where(
        PlenaryTimer.room_id == room_id, PlenaryTimer.stopped_at.is_(None))).scalar_one_or_none()


def current_announcement(room_id: int) -> Announcement | None:
    return db.session.execute(select(Announcement).where(
        Announcement.room_id == room_id, Announcement.cleared_at.is_(None))).scalar_one_or_none()


@snapshot_part
def plenary_part(room: Room, actor: Actor) -> dict[str, dict]:
    timer = running_timer(room.id)
    message = current_announcement(room.id)
    part = {"timer": {"current": timer_view(timer)} if timer else {},
            "announcement": {"current": announcement_view(message)} if message else {}}
    hands = raised_hands(room.id)
    if actor.is_staff:
        part["hands"] = {str(h.id): hand_view(h) for h in hands}
    elif actor.role == "participant":
        mine = next((h for h in hands if h.participant_id == actor.id), None)
        part["my_hand"] = {"current": my_hand_view(mine)} if mine else {}
    return part


#: the parts of the room's live counts, by name (hands, reactions, the plenary's question
#: votes): one coalesced push for all of them, so that a room reacting and upvoting at once
#: gets one message per interval, not one per kind of count
LIVE_COUNTS: dict[str, Callable[[int], dict]] = {}


def live_count(name: str):
    def register(part):
        LIVE_COUNTS[name] = part
        return part

    return register


@aggregate("live")
def live_counts(room_id: int, _key: None) -> tuple[str, dict]:
    return "room", {name: part(room_id) for name, part in LIVE_COUNTS.items()}


@live_count("hands")
def hands_up(room_id: int) -> dict:
    count = db.session.execute(select(func.count()).select_from(RaisedHand).where(
        RaisedHand.room_id == room_id, RaisedHand.lowered_at.is_(None))).scalar_one()
    return {"count": count}


@live_count("reactions")
def reaction_counts(room_id: int) -> dict:
    """Counts per kind in the live session: a page shows a passing burst when one grows."""
    session_id = db.session.execute(
        select(Room.current_session_id).where(Room.id == room_id)).scalar_one_or_none()
    rows = db.session.execute(
        select(Reaction.kind, func.count()).where(
            Reaction.room_id == room_id, Reaction.session_id.is_(None) if session_id is None
            else Reaction.session_id == session_id).group_by(Reaction.kind)).all()
    counts = dict.fromkeys(REACTIONS, 0)
    counts.update({kind: n for kind, n in rows})
    return {"session_id": session_id, "counts": counts}
