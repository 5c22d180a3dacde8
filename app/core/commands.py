"""The command registry and dispatcher: one path for every state change.

client command {id, type, data} -> schema -> authorize -> service -> one transaction
(state rows + RoomEvents + the applied command id) -> commit -> ack -> publish.
"""
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import Row, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.core.clock import iso, now
from app.core.errors import CommandError, Conflict, Forbidden, Invalid, NotFound, TooLarge
from app.core.models import AppliedCommand, Room, RoomEvent
from app.core.scopes import Actor
from app.extensions import db

log = logging.getLogger(__name__)


class EnvelopeSchema(Schema):
    """The outer shape of every command; `data` is checked by the command's own schema."""

    id = fields.String(required=True, validate=[validate.Length(1, 64),
                                                validate.Regexp(r"^[A-Za-z0-9_.:-]+$")])
    type = fields.String(required=True, validate=validate.Length(1, 64))
    data = fields.Dict(load_default=dict)


ENVELOPE = EnvelopeSchema()


@dataclass(frozen=True)
class Command:
    type: str
    schema: Schema
    #: roles allowed to send it; finer scope checks (own note, own team) live in the service
    roles: tuple[str, ...]
    handler: Callable[["Context", dict], dict | None]
    #: its data must leave no trace tied to the sender (anonymous answers): the stored
    #: digest then covers the type only
    private: bool = False


REGISTRY: dict[str, Command] = {}


def command(type: str, schema: type[Schema], roles: tuple[str, ...], private: bool = False):
    """Register a service function as the handler of a command type."""

    def register(handler):
        REGISTRY[type] = Command(type, schema(), roles, handler, private)
        return handler

    return register


@dataclass
class Context:
    """What a handler may touch: the locked room, who acts, and the events it records."""

    room_id: int
    actor: Actor
    #: the room's live session when it was locked (ctx.room's own value once loaded)
    locked_session_id: int | None = None
    #: rows for room_event, numbered at commit
    events: list[dict] = field(default_factory=list)
    #: aggregates this command changed, marked dirty once it has committed
    touched: set[tuple[str, str | None]] = field(default_factory=set)
    _room: Room | None = field(default=None, repr=False)

    @property
    def room(self) -> Room:
        """The locked room as an ORM object, loaded when a handler first asks: most
        commands need only its id, and loading it costs more than the rest of an answer."""
        if self._room is None:
            self._room = db.session.get(Room, self.room_id)
        return self._room

    @property
    def session_id(self) -> int | None:
        """The room's live session, as a handler that starts or ends one has left it."""
        if self._room is None:
            return self.locked_session_id
        return self._room.current_session_id

    def find(self, model, row_id: int, missing: str):
        """The row of this room with that id, or NotFound: an id a client sends may name
        another room's row."""
        row = db.session.get(model, row_id)
        if row is None or row.room_id != self.room_id:
            raise NotFound(missing)
        return row

    def touch(self, name: str, key: str | None = None) -> None:
        """The aggregate `name` (for `key`) changed: recompute it after the commit, so
        that no flush in between can send the old value and clear the mark."""
        self.touched.add((name, key))

    def record(self, type: str, data: dict | None = None, scope: str = "room",
               changes: list | tuple = ()) -> None:
        """Add an event to this command's transaction.

        `changes` are [collection, key, value] upserts (value None deletes) built with the
        same serializers as the snapshot, so applying them to a snapshot gives the next one.
        """
        self.events.append({
            "room_id": self.room_id, "session_id": self.session_id, "type": type,
            "scope": scope, "actor": self.actor.key,
            "payload": {"data": data or {}, "changes": [list(c) for c in changes]},
        })


def event_message(event) -> dict:
    """The wire form of an event (a room_event row or mapping), identical in live pushes
    and in sync answers."""
    return {
        "seq": event["seq"], "type": event["type"], "session": event["session_id"],
        "scope": event["scope"], "at": iso(event["created_at"]), **event["payload"],
    }


_LOCK = (update(Room).where(Room.id == bindparam("room")).values(last_seq=Room.last_seq)
         .returning(Room.last_seq, Room.current_session_id))
_ADVANCE = update(Room).where(Room.id == bindparam("room")).values(last_seq=bindparam("seq"))
_APPLIED = select(AppliedCommand.ack, AppliedCommand.digest).where(
    AppliedCommand.room_id == bindparam("room"), AppliedCommand.actor == bindparam("actor"),
    AppliedCommand.command_id == bindparam("id"))
_LOG = insert(RoomEvent)
_MARK_APPLIED = insert(AppliedCommand)


def lock_room(room_id: int) -> Row:
    """Start a write transaction holding the room: commands in one room apply one at a time.

    The no-op UPDATE takes SQLite's write lock (or PostgreSQL's row lock) before anything
    is read, so rules such as "one answer per poll" are checked against committed state;
    it returns the room's last seq and live session, so the room need not be loaded.
    """
    db.session.rollback()
    locked = db.session.connection().execute(_LOCK, {"room": room_id}).one_or_none()
    if locked is None:
        raise Invalid(_("This room does not exist."))
    return locked


def execute(actor: Actor, envelope) -> tuple[dict, list[dict]]:
    """Apply one command; return its ack and the event messages to publish after commit."""
    try:
        env = ENVELOPE.load(envelope if isinstance(envelope, dict) else {})
    except ValidationError as err:
        return Invalid(_("The command envelope is malformed."), err.messages).as_ack(), []
    data_json = json.dumps(env["data"], sort_keys=True, separators=(",", ":"))
    if len(data_json) > current_app.config["MAX_COMMAND_BYTES"]:
        return TooLarge(_("The command is too large.")).as_ack(), []
    spec = REGISTRY.get(env["type"])
    if spec is None:
        return Invalid(_("Unknown command type %(type)s.", type=repr(env["type"]))).as_ack(), []
    content = env["type"] if spec.private else f"{env['type']}\n{data_json}"
    digest = hashlib.sha256(content.encode()).hexdigest()
    try:
        return _apply(actor, spec, env["id"], digest, env["data"])
    except (CommandError, IntegrityError) as err:
        # A command id used before gets its first answer, whether applying it again is
        # refused (the poll has closed since) or collides on the applied id (a retry, or
        # the same command from another device, committed first). Only here is the id
        # looked up: a new command, the usual case, needs no extra read.
        db.session.rollback()
        previous = _applied(actor, env["id"], digest)
        if previous is not None:
            return previous, []
        if isinstance(err, IntegrityError):
            raise
        return err.as_ack(), []
    finally:
        db.session.close()


def _applied(actor: Actor, command_id: str, digest: str) -> dict | None:
    """The first ack of this command id, or a conflict if it came with other content
    (rows from before digests were kept have none)."""
    row = db.session.connection().execute(
        _APPLIED, {"room": actor.room_id, "actor": actor.key, "id": command_id}).one_or_none()
    if row is None:
        return None
    if row.digest and row.digest != digest:
        return Conflict(_("This command id was already used for another command.")).as_ack()
    return row.ack


def _apply(actor: Actor, spec: Command, command_id: str, digest: str,
           raw: dict) -> tuple[dict, list[dict]]:
    """In one transaction: lock the room, check, handle, log, mark the id applied, commit.

    Marking the id applied fails on its unique key if it was applied before, which undoes
    everything: a retry changes nothing and `execute` answers it with the first ack."""
    locked = lock_room(actor.room_id)
    if actor.role not in spec.roles:
        raise Forbidden(_("Your role may not do this."))
    try:
        data = spec.schema.load(raw)
    except ValidationError as err:
        raise Invalid(_("Some fields are not valid."), err.messages) from err
    ctx = Context(room_id=actor.room_id, actor=actor, locked_session_id=locked.current_session_id)
    result = spec.handler(ctx, data) or {}
    moment, seq = now(), locked.last_seq
    for event in ctx.events:
        seq += 1
        event.update(seq=seq, created_at=moment)
    ack = {"ok": True, "seq": seq, "result": result}
    db.session.flush()  # the handler's rows
    connection = db.session.connection()
    if ctx.events:
        connection.execute(_ADVANCE, {"room": actor.room_id, "seq": seq})
        connection.execute(_LOG, ctx.events)
    connection.execute(_MARK_APPLIED, {
        "room_id": actor.room_id, "actor": actor.key, "command_id": command_id,
        "type": spec.type, "digest": digest, "ack": ack, "created_at": moment})
    db.session.commit()
    coalescer = current_app.extensions["workshop.coalescer"]
    for name, key in ctx.touched:
        coalescer.touch(actor.room_id, name, key)
    return ack, [event_message(e) for e in ctx.events]
