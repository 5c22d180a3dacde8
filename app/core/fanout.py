"""Sending to clients: events to the Socket.IO rooms their scope names, a burst of them
batched per scope, and coalesced aggregates, so that a burst of votes or notes is not a
message per vote or note per participant."""
import logging
import threading
from collections import defaultdict

from flask import Flask, current_app

from app.core.scopes import audience
from app.core.state import AGGREGATES
from app.extensions import db, socketio

log = logging.getLogger(__name__)


class Publisher:
    """Sends committed events at once, unless the room sent some within the last window:
    then they wait for the window's end and go out together, one `events` message per
    scope. A slide change is sent at once; 1,000 notes in five seconds become a few dozen
    messages per watcher instead of 1,000."""

    def __init__(self):
        self._waiting: dict[int, list[dict]] = {}
        self._lock = threading.Lock()

    def publish(self, room_id: int, messages: list[dict]) -> None:
        if not messages:
            return
        window = current_app.config["FANOUT_WINDOW"]
        if window <= 0:
            return self._send(room_id, messages)
        with self._lock:
            waiting = self._waiting.get(room_id)
            if waiting is not None:
                waiting.extend(messages)
                return
            self._waiting[room_id] = []
        # the window's end is scheduled first, so that it closes even if this send fails
        socketio.start_background_task(self._drain, current_app._get_current_object(),
                                       room_id, window)
        self._send(room_id, messages)

    def _drain(self, app: Flask, room_id: int, window: float) -> None:
        """Send what came in during each window, until a window passes with nothing."""
        while True:
            socketio.sleep(window)
            with self._lock:
                batch = self._waiting[room_id]
                if not batch:
                    del self._waiting[room_id]
                    return
                self._waiting[room_id] = []
            with app.app_context():
                try:
                    self._send(room_id, batch)
                except Exception:  # keep draining: the clients catch up by sync
                    log.exception("event batch failed")
                finally:
                    db.session.remove()

    @staticmethod
    def _send(room_id: int, messages: list[dict]) -> None:
        by_scope: dict[str, list[dict]] = defaultdict(list)
        for message in messages:
            by_scope[message["scope"]].append(message)
        for scope, events in by_scope.items():
            to = audience(room_id, scope)
            if len(events) == 1:
                socketio.emit("event", events[0], to=to)
            else:  # the shape of a sync answer: {seq, events}
                socketio.emit("events", {"seq": events[-1]["seq"], "events": events}, to=to)


def publish(room_id: int, messages: list[dict]) -> None:
    """Push committed events; called only after commit."""
    current_app.extensions["workshop.publisher"].publish(room_id, messages)


class Coalescer:
    """Marks aggregates dirty and flushes each at most once per interval.

    One background task per process; a burst of 1,000 votes in a second becomes
    1/interval tally messages, whatever the vote rate. With several processes each marks
    what its own commands changed, and an emit from any of them reaches every socket
    through the message queue: each flush first claims the aggregate in Redis for one
    interval, and a process that finds it claimed keeps it dirty for its next round, so
    the room still gets at most one message per aggregate and interval, never a stale one.
    """

    def __init__(self, claims_url: str | None = None):
        self._dirty: set[tuple[int, str, str | None]] = set()
        self._lock = threading.Lock()
        self._started = False
        self._claims = None
        if claims_url and claims_url.startswith(("redis://", "rediss://", "unix://")):
            import redis

            self._claims = redis.Redis.from_url(claims_url, socket_timeout=2)

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
            dirty = self._claimed(dirty, interval)
            with app.app_context():
                try:
                    self.flush(dirty)
                except Exception:  # a failing aggregate must not stop the others for good
                    log.exception("aggregate flush failed")
                finally:
                    db.session.remove()

    def _claimed(self, dirty: set[tuple[int, str, str | None]],
                 interval: float) -> set[tuple[int, str, str | None]]:
        """The aggregates this process may flush now; the others stay dirty.

        A claim set after another process's flush began can only defer this one's, whose
        compute then runs after the other's and sees every commit this process marked."""
        if self._claims is None:
            return dirty
        ttl = max(1, round(interval * 1000))
        try:
            pipe = self._claims.pipeline(transaction=False)
            ordered = sorted(dirty, key=str)
            for room_id, name, key in ordered:
                pipe.set(f"workshop:aggregate:{room_id}:{name}:{key}", 1, nx=True, px=ttl)
            granted = pipe.execute()
        except Exception:  # Redis away: a message twice is better than none
            log.exception("aggregate claim failed")
            return dirty
        mine = {item for item, ok in zip(ordered, granted, strict=True) if ok}
        with self._lock:
            self._dirty |= dirty - mine
        return mine

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
