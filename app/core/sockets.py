"""The Socket.IO surface of the spine: connect, command, sync, disconnect.

Domains plug in without core importing them: `create_app` installs the function that turns
a connect's `auth` payload into an Actor (`authenticate_with`), and the `socket_connected`
and `socket_disconnected` signals (core/signals.py) let them see each socket come and go
(presence).

Connect and disconnect run in Flask's request context (the sign-in cookie, the browser's
language); `command` and `sync`, the events of a busy room, run in the app context only,
with the actor and language their socket had when it connected (`serve_events`).
"""
import logging
from collections.abc import Callable
from typing import NamedTuple

from babel import Locale
from flask import Flask, current_app, request
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_socketio import join_room
from marshmallow import Schema, ValidationError, fields, validate
from socketio.exceptions import ConnectionRefusedError

from app.core import signals
from app.core.commands import Prepared, prepare
from app.core.errors import Invalid, RateLimited, internal_error
from app.core.ratelimit import Buckets
from app.core.scopes import Actor, pinned, socket_rooms_of
from app.core.state import first_snapshot, snapshot, sync
from app.extensions import db, socketio

log = logging.getLogger(__name__)

def _nobody(_auth: dict) -> Actor | None:
    return None


#: turns a connect's `auth` payload into an Actor, or None to refuse (people/access.py)
_authenticator: Callable[[dict], Actor | None] = _nobody


class Connected(NamedTuple):
    """Who is behind a socket, and the language of the page that opened it."""

    actor: Actor
    language: Locale


#: the sockets of this process
CONNECTED: dict[str, Connected] = {}


class SyncSchema(Schema):
    since = fields.Integer(required=True, strict=True, validate=validate.Range(0, 2**62))
    #: ask for a whole snapshot: what the actor may see has changed (a new team)
    fresh = fields.Boolean(load_default=False)


def _bucket() -> Buckets:
    return current_app.extensions["workshop.command_buckets"]


def authenticate_with(authenticator: Callable[[dict], Actor | None]) -> None:
    global _authenticator
    _authenticator = authenticator


def authenticate(auth) -> Actor | None:
    return _authenticator(auth if isinstance(auth, dict) else {})


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
        CONNECTED[request.sid] = Connected(actor, get_locale())
        for name in socket_rooms_of(actor):
            join_room(name)
        watching = pinned(actor)  # its teams, looked up once for presence and the catch-up
        signals.socket_connected.send(watching, sid=request.sid)
        _catch_up(watching, auth.get("since") if isinstance(auth, dict) else None)
    except Exception:
        log.exception("connect failed")
        db.session.rollback()
        _forget(request.sid)
        raise ConnectionRefusedError("unavailable") from None
    finally:
        db.session.remove()
    app = current_app._get_current_object()
    app.extensions["workshop.coalescer"].start(app)
    app.extensions["workshop.heartbeat"].start(app)


def _catch_up(actor: Actor, since) -> None:
    """A reconnecting client names the seq it has: send what it missed, not everything."""
    if isinstance(since, int) and not isinstance(since, bool) and since >= 0:
        answer = sync(actor.room_id, actor, since)
        if "events" in answer:
            socketio.emit("events", answer, to=request.sid)
            return
        fresh = answer["snapshot"]
    else:
        fresh = first_snapshot(actor.room_id, actor)
    socketio.emit("snapshot", fresh, to=request.sid)


@socketio.on("disconnect")
def on_disconnect(*_reason):
    try:
        _forget(request.sid)
    finally:
        db.session.remove()


def _forget(sid: str) -> None:
    connected = CONNECTED.pop(sid, None)
    _bucket().forget(sid)
    if connected is not None:
        signals.socket_disconnected.send(connected.actor, sid=sid)


def serve_events(app: Flask) -> None:
    """Register `command` and `sync` on the Socket.IO server itself, without Flask-SocketIO's
    request context per event: building one costs about what applying an answer does."""
    socketio.server.on("command", _in_app_context(app, on_command))
    socketio.server.on("sync", _in_app_context(app, on_sync))


def _in_app_context(app: Flask, handler):
    def handle(sid: str, data=None):
        with app.app_context():
            connected = CONNECTED.get(sid)
            if connected is None:
                return Invalid(_("Not connected.")).as_ack()
            with force_locale(connected.language):
                try:
                    return handler(sid, connected.actor, data)
                except Exception:
                    log.exception("%s failed: %r", handler.__name__, data)
                    db.session.rollback()
                    return internal_error()
                finally:
                    db.session.remove()

    return handle


def on_command(sid: str, actor: Actor, envelope) -> dict:
    """A client changes something: {id, type, data}; the return value is the ack.

    The rate limit holds per connection and per actor: more sockets with one token (or
    reconnecting) get no fresh budget."""
    buckets = _bucket()
    if not (buckets.allow(sid) and buckets.allow(f"actor:{actor.room_id}:{actor.key}")):
        return RateLimited(_("Too many commands; slow down and retry.")).as_ack()
    command = prepare(actor, envelope)
    if not isinstance(command, Prepared):
        return command
    return current_app.extensions["workshop.batcher"].apply(command)


def on_sync(_sid: str, actor: Actor, data) -> dict:
    """A client back from a drop: {since}; answered with the events since or a snapshot."""
    try:
        asked = SyncSchema().load(data if isinstance(data, dict) else {})
    except ValidationError as err:
        return Invalid(_("sync needs {since: integer >= 0}."), err.messages).as_ack()
    if asked["fresh"]:
        return {"ok": True, "snapshot": snapshot(actor.room_id, actor)}
    return {"ok": True, **sync(actor.room_id, actor, asked["since"])}


@socketio.on_error_default
def on_error(err):
    """Any other failure in a handler: log it, keep the connection."""
    log.exception("socket handler failed: %s", err)
    db.session.rollback()
    return internal_error()
