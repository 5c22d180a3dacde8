"""With several processes on one message queue: each process beats in Redis while it runs,
and one of them at a time closes the attendance spans of a process that stopped beating.

A process that restarts closes its own slot's spans at start (`close_stale_spans`); one that
is killed and not started again (a cluster made smaller, a host lost) would leave its
participants "online" for good, although their browsers have long reconnected elsewhere.
"""
import logging

from flask import Flask

from app.extensions import db, socketio
from app.people import service

log = logging.getLogger(__name__)


class Heartbeat:
    """A process counts as gone `gone_after` seconds after its last beat (long enough for a
    busy process, whose green threads wait their turn, to beat late); it beats six times
    as often."""

    def __init__(self, queue_url: str | None, gone_after: float):
        self._redis = None
        self._started = False
        self.gone_after, self.every = gone_after, gone_after / 6
        if queue_url and queue_url.startswith(("redis://", "rediss://", "unix://")):
            import redis

            self._redis = redis.Redis.from_url(queue_url, socket_timeout=2)

    def start(self, app: Flask) -> None:
        """Beat once now (before any sweep could miss this process), then regularly."""
        if self._redis is None or self._started:
            return
        self._started = True
        try:
            self.beat(app.config["WORKER_NAME"])
        except Exception:  # Redis away: the loop beats again soon; the connect goes on
            log.exception("heartbeat failed")
        socketio.start_background_task(self._run, app)

    def beat(self, worker: str) -> None:
        self._redis.set(f"workshop:worker:{worker}", 1, px=int(self.gone_after * 1000))

    def _run(self, app: Flask) -> None:
        while True:
            socketio.sleep(self.every)
            try:
                self.beat(app.config["WORKER_NAME"])
                # one sweep per beat across all processes
                if self._redis.set("workshop:span-sweep", 1, nx=True, px=int(self.every * 1000)):
                    with app.app_context():
                        try:
                            service.close_spans_of_gone_workers(self.alive, self.gone_after)
                        finally:
                            db.session.remove()
            except Exception:  # Redis or the database away for a moment: beat again later
                log.exception("heartbeat failed")

    def alive(self, workers: list[str]) -> set[str]:
        beats = self._redis.mget([f"workshop:worker:{w}" for w in workers])
        return {worker for worker, beat in zip(workers, beats, strict=True) if beat}
