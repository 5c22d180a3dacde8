"""Sending to clients: one emit per event to the Socket.IO rooms its scope names, and
coalesced aggregates so that a burst of votes is not a message per vote per participant."""
import logging
import threading

from flask import Flask, current_app

from app.core.scopes import audience
from app.core.state import AGGREGATES
from app.extensions import db, socketio

log = logging.getLogger(__name__)


def publish(room_id: int, messages: list[dict]) -> None:
    """Push committed events; called only after commit."""
    for message in messages:
        socketio.emit("event", message, to=audience(room_id, message["scope"]))


class Coalescer:
    """Marks aggregates dirty and flushes each at most once per interval.

    One background task per process; a burst of 1,000 votes in a second becomes
    1/interval tally messages, whatever the vote rate.
    """

    def __init__(self):
        self._dirty: set[tuple[int, str, str | None]] = set()
        self._lock = threading.Lock()
        self._started = False

    def touch(self, room_id: int, name: str, key: str | None = None) -> None:
        with self._lock:
            self._dirty.add((room_id, name, key))

    def start(self, app: Flask) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
        socketio.start_background_task(self._run, app)

    def _take(self) -> set[tuple[int, str, str | None]]:
        with self._lock:
            dirty, self._dirty = self._dirty, set()
        return dirty

    def _run(self, app: Flask) -> None:
        interval = app.config["AGGREGATE_INTERVAL"]
        while True:
            socketio.sleep(interval)
            dirty = self._take()
            if not dirty:
                continue
            with app.app_context():
                try:
                    self.flush(dirty)
                except Exception:  # a failing aggregate must not stop the others for good
                    log.exception("aggregate flush failed")
                finally:
                    db.session.remove()

    @staticmethod
    def flush(dirty: set[tuple[int, str, str | None]]) -> None:
        for room_id, name, key in sorted(dirty, key=str):
            spec = AGGREGATES[name]
            computed = spec.compute(room_id, key)
            db.session.rollback()  # end the read before sending
            if computed is not None:
                scope, data = computed
                socketio.emit("aggregate", {"name": spec.wire_name(key), "data": data},
                              to=audience(room_id, scope))


def touch(room_id: int, name: str, key: str | None = None) -> None:
    """Mark an aggregate changed; it is pushed within AGGREGATE_INTERVAL seconds."""
    current_app.extensions["workshop.coalescer"].touch(room_id, name, key)
