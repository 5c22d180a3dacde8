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
from sqlalchemy.exc import IntegrityError, OperationalError

from app.core.clock import iso, now
from app.core.errors import (
    CommandError,
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    TooLarge,
    Unavailable,
    waited_too_long,
)
from app.core.models import AppliedCommand, Room, RoomEvent
from app.core.redaction import redact
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
    #: sent by many participants at once (answers, notes, dots): applied together with
    #: the others that are waiting for the room (see app/core/batching.py)
    burst: bool = False
    #: what it changes: a room's state ("room", sent on the room's socket) or a course's
    #: content ("course", sent from the course editor; see app/course/dispatch.py)
    target: str = "room"


REGISTRY: dict[str, Command] = {}


def command(type: str, schema: type[Schema], roles: tuple[str, ...], private: bool = False,
            burst: bool = False, target: str = "room"):
    """Register a service function as the handler of a command type."""

    def register(handler):
        REGISTRY[type] = Command(type, schema(), roles, handler, private, burst, target)
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
    #: (collection, keys, fields) whose text the log must no longer hold (see redaction.py)
    redactions: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)
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

    def redact(self, collection: str, keys, fields: tuple[str, ...] = ("text",)) -> None:
        """Take `fields` of these entries out of every event logged so far, including those
        of commands applied in the same transaction (a note posted and deleted in one
        burst): done once this command's events are in the log, before the commit."""
        self.redactions.append((collection, tuple(str(k) for k in keys), fields))

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


def can_write(timeout: float) -> None:
    """Take the write locks a command takes and roll them back, waiting at most `timeout`
    seconds (readiness: a database that answers reads may still refuse every write)."""
    db.session.rollback()
    connection = db.session.connection()
    waits = int(timeout * 1000)
    try:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql(f"PRAGMA busy_timeout={waits}")
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = {waits}")
            connection.exec_driver_sql(f"SET LOCAL statement_timeout = {2 * waits}")
            connection.exec_driver_sql(
                "LOCK TABLE room, room_event, applied_command IN ROW EXCLUSIVE MODE")
    finally:
        if connection.dialect.name == "sqlite":  # back to the commands' own wait
            restore = int(1000 * current_app.config["LOCK_TIMEOUT"])
            connection.exec_driver_sql(f"PRAGMA busy_timeout={restore}")
        db.session.rollback()


@dataclass(frozen=True)
class Prepared:
    """A command that passed every check that needs no database: ready to apply."""

    actor: Actor
    spec: Command
    id: str
    digest: str
    raw: dict


def prepare(actor: Actor, envelope, target: str = "room") -> Prepared | dict:
    """Check the envelope, size and type of a command; its refusal ack if they fail.
    Only commands of `target` are known: a course edit is no room command."""
    try:
        env = ENVELOPE.load(envelope if isinstance(envelope, dict) else {})
    except ValidationError as err:
        return Invalid(_("The command envelope is malformed."), err.messages).as_ack()
    data_json = json.dumps(env["data"], sort_keys=True, separators=(",", ":"))
    if len(data_json) > current_app.config["MAX_COMMAND_BYTES"]:
        return TooLarge(_("The command is too large.")).as_ack()
    spec = REGISTRY.get(env["type"])
    if spec is None or spec.target != target:
        return Invalid(_("Unknown command type %(type)s.", type=repr(env["type"]))).as_ack()
    content = env["type"] if spec.private else f"{env['type']}\n{data_json}"
    digest = hashlib.sha256(content.encode()).hexdigest()
    return Prepared(actor, spec, env["id"], digest, env["data"])


def execute(actor: Actor, envelope) -> tuple[dict, list[dict]]:
    """Apply one command; return its ack and the event messages to publish after commit."""
    command = prepare(actor, envelope)
    if not isinstance(command, Prepared):
        return command, []
    return apply(command)


def apply(command: Prepared) -> tuple[dict, list[dict]]:
    """Apply a prepared command in a transaction of its own."""
    try:
        locked = lock_room(command.actor.room_id)
        applied = [_handle(command, locked.current_session_id, locked.last_seq)]
        _store(command.actor.room_id, applied)
        return applied[0].ack, applied[0].messages
    except (CommandError, IntegrityError) as err:
        # A command id used before gets its first answer, whether applying it again is
        # refused (the poll has closed since) or collides on the applied id (a retry, or
        # the same command from another device, committed first). Only here is the id
        # looked up: a new command, the usual case, needs no extra read.
        db.session.rollback()
        previous = _applied(command.actor, command.id, command.digest)
        if previous is not None:
            return previous, []
        if isinstance(err, IntegrityError):
            raise
        return err.as_ack(), []
    except OperationalError as err:
        db.session.rollback()
        if waited_too_long(err):
            return _busy(), []
        raise
    finally:
        db.session.close()


def _busy() -> dict:
    return Unavailable(_("The room is busy; retry with the same id in a moment.")).as_ack()


def apply_together(commands: list[Prepared]) -> list[tuple[dict, list[dict]]] | None:
    """Apply commands of one room, in order, in one transaction: one lock, one commit.

    A burst of answers or notes costs a fraction of what a transaction each would. If any
    of them is refused or fails, nothing is kept and None says so: each is then applied
    alone, where its refusal gets its own answer (and its sender's language).
    """
    try:
        locked = lock_room(commands[0].actor.room_id)
        session_id, seq, applied = locked.current_session_id, locked.last_seq, []
        for command in commands:
            applied.append(_handle(command, session_id, seq))
            seq = applied[-1].ack["seq"]
        _store(commands[0].actor.room_id, applied)
        return [(done.ack, done.messages) for done in applied]
    except OperationalError as err:
        db.session.rollback()
        if waited_too_long(err):  # applied alone, each would wait as long again
            return [(_busy(), []) for _ in commands]
        return None
    except Exception:  # each is applied alone, where a failure gets its own answer
        db.session.rollback()
        return None
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


@dataclass
class _Applied:
    """A handled command: its context (events, touched aggregates) and its ack."""

    command: Prepared
    ctx: Context
    ack: dict
    moment: object

    @property
    def messages(self) -> list[dict]:
        return [event_message(e) for e in self.ctx.events]


def _handle(command: Prepared, session_id: int | None, seq: int) -> _Applied:
    """Check role and data, run the handler and number its events after `seq`, inside the
    caller's transaction on the locked room."""
    actor, spec = command.actor, command.spec
    if actor.role not in spec.roles:
        raise Forbidden(_("Your role may not do this."))
    try:
        data = spec.schema.load(command.raw)
    except ValidationError as err:
        raise Invalid(_("Some fields are not valid."), err.messages) from err
    ctx = Context(room_id=actor.room_id, actor=actor, locked_session_id=session_id)
    result = spec.handler(ctx, data) or {}
    moment = now()
    for event in ctx.events:
        seq += 1
        event.update(seq=seq, created_at=moment)
    return _Applied(command, ctx, {"ok": True, "seq": seq, "result": result}, moment)


def _store(room_id: int, applied: list[_Applied]) -> None:
    """Log the events, mark the command ids applied and commit; then mark the aggregates
    they touched. Marking an id applied fails on its unique key if it was applied before,
    which undoes everything: a retry changes nothing and gets the first ack instead."""
    db.session.flush()  # the handlers' rows
    connection = db.session.connection()
    events = [event for done in applied for event in done.ctx.events]
    if events:
        connection.execute(_ADVANCE, {"room": room_id, "seq": events[-1]["seq"]})
        connection.execute(_LOG, events)
    for done in applied:
        for redaction in done.ctx.redactions:
            redact(room_id, *redaction, through_seq=done.ack["seq"])
    connection.execute(_MARK_APPLIED, [{
        "room_id": room_id, "actor": done.command.actor.key, "command_id": done.command.id,
        "type": done.command.spec.type, "digest": done.command.digest, "ack": done.ack,
        "created_at": done.moment} for done in applied])
    db.session.commit()
    coalescer = current_app.extensions["workshop.coalescer"]
    for done in applied:
        for name, key in done.ctx.touched:
            coalescer.touch(room_id, name, key)
