"""Taking text out of the event log once nobody may read it any more.

The log is what `sync {since: 0}` and a reconnect replay, so a note hidden by a moderator
or deleted by its author would still be readable in the events that posted and edited it.
Redaction rewrites those earlier events in place: seq, type and scope stay (clients still
see a gapless log and apply every event), the named fields of the entity's values become
empty. The event that hides or deletes comes later in the log and sets what everyone sees
now, so applying the redacted log to any snapshot still gives the current one.

Domains call `Context.redact` from a command (it runs in the command's transaction, after
its own events are logged); `redact` itself serves whatever runs outside a command (the
erasure of a participant).
"""
from collections.abc import Iterable

from sqlalchemy import Text, bindparam, cast, select, update

from app.core.models import RoomEvent
from app.extensions import db

_REWRITE = (update(RoomEvent).where(RoomEvent.id == bindparam("event_id"))
            .values(payload=bindparam("new_payload")))


def _emptied(value: dict, fields: tuple[str, ...]) -> dict | None:
    """The value with those fields emptied, or None when none of them held anything."""
    if not any(value.get(name) for name in fields):
        return None
    return {**value, **{name: "" for name in fields if name in value}}


def redact(room_id: int, collection: str, keys: Iterable, fields: tuple[str, ...] = ("text",),
           through_seq: int | None = None) -> int:
    """Empty `fields` in every logged change of `collection` entries `keys` (up to and
    including `through_seq`); return how many events were rewritten."""
    wanted = {str(key) for key in keys}
    if not wanted:
        return 0
    query = select(RoomEvent.id, RoomEvent.payload).where(
        RoomEvent.room_id == room_id,
        cast(RoomEvent.payload, Text).like(f'%"{collection}"%'))
    if through_seq is not None:
        query = query.where(RoomEvent.seq <= through_seq)
    rewrites = []
    for event_id, payload in db.session.execute(query):
        changes, touched = [], False
        for change in payload.get("changes", []):
            name, key, value = change
            emptied = (_emptied(value, fields) if name == collection and key in wanted
                       and isinstance(value, dict) else None)
            touched |= emptied is not None
            changes.append([name, key, value if emptied is None else emptied])
        if touched:
            rewrites.append({"event_id": event_id, "new_payload": {**payload, "changes": changes}})
    if rewrites:
        db.session.connection().execute(_REWRITE, rewrites)
    return len(rewrites)


def redact_names(room_id: int, names: Iterable[str],
                 fields: tuple[str, ...] = ("name", "author_name", "by_name")) -> int:
    """Empty these names wherever a logged value holds one of them in a name field, at
    any depth (a team's member list, a help request, a note's author)."""
    wanted = {name for name in names if name}
    if not wanted:
        return 0

    def scrub(value):
        if isinstance(value, dict):
            return {k: "" if k in fields and v in wanted else scrub(v) for k, v in value.items()}
        if isinstance(value, list):
            return [scrub(v) for v in value]
        return value

    rewrites = []
    events = select(RoomEvent.id, RoomEvent.payload).where(RoomEvent.room_id == room_id)
    for event_id, payload in db.session.execute(events):
        scrubbed = scrub(payload)
        if scrubbed != payload:
            rewrites.append({"event_id": event_id, "new_payload": scrubbed})
    if rewrites:
        db.session.connection().execute(_REWRITE, rewrites)
    return len(rewrites)


def forget_scope(room_id: int, scope: str) -> int:
    """Empty the payload of every event only `scope` could see (a person's own devices):
    seq and type stay, data and changes go."""
    result = db.session.connection().execute(
        update(RoomEvent).where(RoomEvent.room_id == room_id, RoomEvent.scope == scope)
        .values(payload={"data": {}, "changes": []}))
    return result.rowcount
