"""What a client may see: the snapshot on connect, the events since on `sync`.

Domains contribute snapshot parts ({collection: {key: value}}) and aggregates (tallies,
presence) that are recomputed and pushed at most every AGGREGATE_INTERVAL seconds.
"""
from collections.abc import Callable
from dataclasses import dataclass, replace
from time import monotonic

from flask import current_app
from sqlalchemy import bindparam, select

from app.core.clock import iso, now
from app.core.commands import event_message
from app.core.models import Room, RoomEvent
from app.core.scopes import (
    Actor,
    can_see,
    pinned,
    pseudonym,
    scopes_of,
    sees_every_team,
    visible_to,
)
from app.extensions import db

SnapshotPart = Callable[[Room, Actor], dict[str, dict]]
SNAPSHOT_PARTS: list[SnapshotPart] = []


@dataclass(frozen=True)
class Aggregate:
    """A value derived from many rows (a tally, who is online), pushed coalesced.

    `compute(room_id, key)` returns (scope, data), or None when there is nothing to show;
    `keys(room_id)` lists the keys a snapshot should carry (one per poll, say). The wire
    name is "name" for a key of None, else "name:key".
    """

    name: str
    compute: Callable[[int, str | None], tuple[str, dict] | None]
    keys: Callable[[int], list[str | None]]

    def wire_name(self, key: str | None) -> str:
        return self.name if key is None else f"{self.name}:{key}"


AGGREGATES: dict[str, Aggregate] = {}


def snapshot_part(part: SnapshotPart) -> SnapshotPart:
    SNAPSHOT_PARTS.append(part)
    return part


def aggregate(name: str, keys: Callable[[int], list[str | None]] = lambda _room: [None]):
    def register(compute):
        AGGREGATES[name] = Aggregate(name, compute, keys)
        return compute

    return register


def snapshot(room_id: int, actor: Actor) -> dict:
    """Everything the actor may see now, with the seq it is current to.

    The seq is read first: whatever commits meanwhile is in the parts too and its event,
    applied again, changes nothing (changes are upserts).
    """
    room = _fresh_room(room_id)
    actor = pinned(actor)
    return _view(room, actor, room.last_seq, _state(room, actor))


def first_snapshot(room_id: int, actor: Actor) -> dict:
    """The snapshot of a socket that connects without `since`: what `snapshot` gives, for
    less work when a crowd arrives.

    A participant with nothing of its own in the log (no event in its own scope: every
    arrival of a join storm) sees what any participant of its teams sees. That state is
    built once for all of them and reused for SHARED_VIEW_S seconds: each arrival gets it
    with the events visible to it since folded in, the stale-snapshot-plus-events rule the
    sync property tests hold for every domain, so the answer equals a fresh snapshot."""
    room = _fresh_room(room_id)
    actor = pinned(actor)
    if actor.role != "participant" or db.session.connection().execute(
            _OWN_EVENT, {"room": room.id, "scope": actor.key}).first() is not None:
        return _view(room, actor, room.last_seq, _state(room, actor))
    shared = current_app.extensions.setdefault("workshop.shared_states", {})
    key = (room.id, room.join_code, actor.teams)
    built = shared.get(key)
    if (built is None or monotonic() - built.at > SHARED_VIEW_S
            or built.seq > room.last_seq):
        stand_in = replace(actor, id=0, name="")  # a participant of these teams, no rows
        built = _Shared(monotonic(), room.last_seq, _state(room, stand_in))
        for stale in [k for k, v in shared.items() if monotonic() - v.at > SHARED_VIEW_S]:
            del shared[stale]
        shared[key] = built
    if built.seq == room.last_seq:
        return _view(room, actor, built.seq, built.state)
    since = sync(room.id, actor, built.seq)
    if "snapshot" in since:
        return since["snapshot"]
    return _view(room, actor, since["seq"], _folded(built.state, since["events"]))


#: how long one participants' state serves later arrivals (with the events since)
SHARED_VIEW_S = 1.0


@dataclass(frozen=True)
class _Shared:
    """The state a participant of some teams with nothing of its own sees (kept per app
    in extensions["workshop.shared_states"] by room, join code and teams)."""

    at: float
    seq: int
    state: dict[str, dict]


_OWN_EVENT = select(RoomEvent.seq).where(RoomEvent.room_id == bindparam("room"),
                                         RoomEvent.scope == bindparam("scope")).limit(1)


def _fresh_room(room_id: int) -> Room:
    room = db.session.get(Room, room_id)
    db.session.refresh(room)
    return room


def _state(room: Room, actor: Actor) -> dict[str, dict]:
    state: dict[str, dict] = {}
    for part in SNAPSHOT_PARTS:
        state.update(part(room, actor))
    return state


def _folded(shared: dict[str, dict], events: list[dict]) -> dict[str, dict]:
    """The events' changes applied in order to a copy of what they touch (the shared state
    itself stays as built)."""
    state = dict(shared)
    copied: set[str] = set()
    for event in events:
        for collection, key, value in event.get("changes", []):
            if collection not in copied:
                state[collection] = dict(state.get(collection, {}))
                copied.add(collection)
            if value is None:
                state[collection].pop(key, None)
            else:
                state[collection][key] = value
    return state


def _view(room: Room, actor: Actor, seq: int, state: dict[str, dict]) -> dict:
    me = {"role": actor.role, "id": actor.id, "name": actor.name, "room": room.id,
          "pseudonym": pseudonym(actor.key)}
    aggregates = {}
    for spec in AGGREGATES.values():
        for key in spec.keys(room.id):
            computed = spec.compute(room.id, key)
            if computed is not None and can_see(actor, computed[0]):
                aggregates[spec.wire_name(key)] = computed[1]
    return {"seq": seq, "server_time": iso(now()), "me": me, "state": state,
            "aggregates": aggregates}


_LAST_SEQ = select(Room.last_seq).where(Room.id == bindparam("room"))
#: the events after `since` one actor may see, at most `limit`; one statement per kind of
#: actor (sees every team or not), built once
_EVENTS_SINCE = {
    every_team: select(RoomEvent.seq, RoomEvent.type, RoomEvent.session_id, RoomEvent.scope,
                       RoomEvent.created_at, RoomEvent.payload)
    .where(RoomEvent.room_id == bindparam("room"), RoomEvent.seq > bindparam("since"),
           RoomEvent.seq <= bindparam("last_seq"), visible_to(every_team))
    .order_by(RoomEvent.seq).limit(bindparam("limit"))
    for every_team in (False, True)
}


def sync(room_id: int, actor: Actor, since: int) -> dict:
    """The visible events after `since`, or a fresh snapshot when the gap is too old or odd.

    Plain rows from prepared statements: a reconnect storm is a thousand of these at once.
    """
    connection = db.session.connection()
    last_seq = connection.execute(_LAST_SEQ, {"room": room_id}).scalar_one()
    limit = current_app.config["SYNC_MAX_EVENTS"]
    if since < 0 or since > last_seq:
        return {"snapshot": snapshot(room_id, actor)}
    events = connection.execute(_EVENTS_SINCE[sees_every_team(actor)], {
        "room": room_id, "since": since, "last_seq": last_seq, "limit": limit + 1,
        "scopes": scopes_of(actor)}).mappings().all()
    if len(events) > limit:
        return {"snapshot": snapshot(room_id, actor)}
    return {"seq": last_seq, "events": [event_message(e) for e in events]}
