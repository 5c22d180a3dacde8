"""Burst commands that arrive for a room while it is busy wait and are applied together.

A thousand answers within a second, each in a transaction of its own, cost a thousand room
locks and commits, one after the other in one process. Here a burst command (answers,
notes, dots: `@command(..., burst=True)`) that finds its room idle leads: it lets the
commands that are ready queue up behind it, applies them all in one transaction
(`apply_together`), publishes their events in seq order and hands the lead to the first
command that queued meanwhile. Each command still gets its own ack, after the commit.
"""
import threading
from dataclasses import dataclass

from app.core.commands import Prepared, apply, apply_together
from app.core.fanout import publish
from app.extensions import socketio

#: the most commands one transaction applies (the first of them waits for the others)
BATCH_LIMIT = 100


@dataclass
class _Waiting:
    command: Prepared
    woken: object  # an Event of the async mode in use
    leads: bool = False
    #: its (ack, messages) once applied together; None: apply it alone
    outcome: tuple[dict, list[dict]] | None = None


class Batcher:
    """Per process: the rooms applying commands, and the burst commands waiting for them."""

    def __init__(self):
        #: a room is here while a command leads it; the list holds those waiting
        self._queues: dict[int, list[_Waiting]] = {}
        self._lock = threading.Lock()

    def apply(self, command: Prepared) -> dict:
        """Apply a command and publish its events after the commit; return its ack."""
        if not command.spec.burst:
            return _alone(command)
        waiting = _Waiting(command, socketio.server.eio.create_event())
        room_id = command.actor.room_id
        with self._lock:
            queue = self._queues.get(room_id)
            if queue is None:
                self._queues[room_id] = []
                waiting.leads = True
            else:
                queue.append(waiting)
        if not waiting.leads:
            waiting.woken.wait()
        if waiting.leads:
            self._lead(waiting)
        if waiting.outcome is None:
            return _alone(command)
        return waiting.outcome[0]

    def _lead(self, leader: _Waiting) -> None:
        room_id = leader.command.actor.room_id
        batch = [leader]
        try:  # whatever happens, those waiting are woken and the lead handed on
            socketio.sleep(0)  # the commands that are ready to run queue up behind this one
            with self._lock:
                queue = self._queues[room_id]
                batch += queue[:BATCH_LIMIT - 1]
                del queue[:BATCH_LIMIT - 1]
            outcomes = apply_together([w.command for w in batch]) if len(batch) > 1 else None
            if outcomes is not None:
                for waiting, outcome in zip(batch, outcomes, strict=True):
                    waiting.outcome = outcome
                publish(room_id, [m for _, messages in outcomes for m in messages])
        finally:
            self._hand_on(room_id, batch[1:])

    def _hand_on(self, room_id: int, applied: list[_Waiting]) -> None:
        """Wake those whose commands were applied (or are to be applied alone), and the
        first still waiting, to lead the next batch."""
        with self._lock:
            queue = self._queues[room_id]
            successor = queue.pop(0) if queue else None
            if successor is None:
                del self._queues[room_id]
            else:
                successor.leads = True
        for waiting in applied:
            waiting.woken.set()
        if successor is not None:
            successor.woken.set()


def _alone(command: Prepared) -> dict:
    ack, messages = apply(command)
    publish(command.actor.room_id, messages)
    return ack
