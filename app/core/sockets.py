"""The Socket.IO surface of the spine: connect, command, sync, disconnect.

Domains plug in through three hooks: AUTHENTICATORS turn the `auth` payload of a connect
into an Actor; CONNECT_HOOKS and DISCONNECT_HOOKS see each socket come and go (presence).
"""
import logging
from collections.abc import Callable

from flask import current_app, request
from flask_babel import gettext as _
from flask_socketio import join_room
from marshmallow import Schema, ValidationError, fields, validate
from socketio.exceptions import ConnectionRefusedError

from app.core.commands import execute
from app.core.errors import Invalid, RateLimited, internal_error
from app.core.fanout import publish
from app.core.ratelimit import Buckets
from app.core.scopes import Actor, socket_rooms_of
from app.core.state import snapshot, sync
from app.extensions import db, socketio

log = logging.getLogger(__name__)

AUTHENTICATORS: list[Callable[[dict], Actor | None]] = []
CONNECT_HOOKS: list[Callable[[Actor, str], None]] = []
DISCONNECT_HOOKS: list[Callable[[Actor, str], None]] = []

#: who is behind each socket of this process
CONNECTED: dict[str, Actor] = {}


class SyncSchema(Schema):
    since = fields.Integer(required=True, strict=True, validate=validate.Range(0, 2**62))
    #: ask for a whole snapshot: what the actor may see has changed (a new team)
    fresh = fields.Boolean(load_default=False)


def _bucket() -> Buckets:
    return current_app.extensions["workshop.command_buckets"]


def authenticate(auth) -> Actor | None:
    if not isinstance(auth, dict):
        auth = {}
    for authenticator in AUTHENTICATORS:
        actor = authenticator(auth)
        if actor is not None:
            return actor
    return None


@socketio.on("connect")
def on_connect(auth=None):
    """Every client, on each (re)connect: credentials in `auth`, answered with a snapshot."""
    try:
        actor = authenticate(auth)
    except Exception:  # a database hiccup must refuse, not admit an unknown socket
        log.exception("authentication failed")
        db.session.rollback()
        raise ConnectionRefusedError("unavailable") from None
    if actor is None:
        db.session.remove()
        raise ConnectionRefusedError("unauthorized")
    try:
        CONNECTED[request.sid] = actor
        for name in socket_rooms_of(actor):
            join_room(name)
        for hook in CONNECT_HOOKS:
            hook(actor, request.sid)
        _catch_up(actor, auth.get("since") if isinstance(auth, dict) else None)
    except Exception:
        log.exception("connect failed")
        db.session.rollback()
        _forget(request.sid)
        raise ConnectionRefusedError("unavailable") from None
    finally:
        db.session.remove()
    app = current_app._get_current_object()
    app.extensions["workshop.coalescer"].start(app)


def _catch_up(actor: Actor, since) -> None:
    """A reconnecting client names the seq it has: send what it missed, not everything."""
    if isinstance(since, int) and not isinstance(since, bool) and since >= 0:
        answer = sync(actor.room_id, actor, since)
        if "events" in answer:
            socketio.emit("events", answer, to=request.sid)
            return
        fresh = answer["snapshot"]
    else:
        fresh = snapshot(actor.room_id, actor)
    socketio.emit("snapshot", fresh, to=request.sid)


@socketio.on("disconnect")
def on_disconnect(*_reason):
    try:
        _forget(request.sid)
    finally:
        db.session.remove()


def _forget(sid: str) -> None:
    actor = CONNECTED.pop(sid, None)
    _bucket().forget(sid)
    if actor is not None:
        for hook in DISCONNECT_HOOKS:
            hook(actor, sid)


@socketio.on("command")
def on_command(envelope=None):
    """A client changes something: {id, type, data}; the return value is the ack."""
    actor = CONNECTED.get(request.sid)
    if actor is None:
        return Invalid(_("Not connected.")).as_ack()
    if not _bucket().allow(request.sid):
        return RateLimited(_("Too many commands; slow down and retry.")).as_ack()
    try:
        ack, messages = execute(actor, envelope)
    except Exception:
        log.exception("command failed: %r", envelope)
        db.session.rollback()
        return internal_error()
    finally:
        db.session.remove()
    publish(actor.room_id, messages)
    return ack


@socketio.on("sync")
def on_sync(data=None):
    """A client back from a drop: {since}; answered with the events since or a snapshot."""
    actor = CONNECTED.get(request.sid)
    if actor is None:
        return Invalid(_("Not connected.")).as_ack()
    try:
        asked = SyncSchema().load(data if isinstance(data, dict) else {})
    except ValidationError as err:
        return Invalid(_("sync needs {since: integer >= 0}."), err.messages).as_ack()
    try:
        if asked["fresh"]:
            return {"ok": True, "snapshot": snapshot(actor.room_id, actor)}
        return {"ok": True, **sync(actor.room_id, actor, asked["since"])}
    finally:
        db.session.remove()


@socketio.on_error_default
def on_error(err):
    """Any other failure in a handler: log it, keep the connection."""
    log.exception("socket handler failed: %s", err)
    db.session.rollback()
    return internal_error()
