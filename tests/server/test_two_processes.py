"""Two server processes behind one room, joined by a real Redis message queue.

A facilitator connected to one process and a participant connected to the other drive the
same room: each sees what the other does, and the room's log stays one gapless sequence
although both processes write to it.
"""
import os
import socket
from urllib.parse import urlsplit

import pytest
import serverproc
from roomclients import facilitator_client, participant_client

pytestmark = pytest.mark.server

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_reachable() -> bool:
    where = urlsplit(REDIS_URL)
    try:
        with socket.create_connection((where.hostname, where.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def two_servers(tmp_path):
    if not redis_reachable():
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    queue = {"WORKSHOP_MESSAGE_QUEUE": REDIS_URL}
    first = serverproc.ServerProcess(tmp_path, extra_env=queue)
    first.prepare()
    second = serverproc.ServerProcess(tmp_path, extra_env=queue)  # same database, own port
    second.room = first.room
    with first, second:
        first.start()
        second.start()
        yield first, second


def test_two_processes_share_one_room(two_servers):
    first, second = two_servers
    facilitator, _web = facilitator_client(first)
    zoe, _joined = participant_client(second, "Zoe")
    facilitator.connect()
    zoe.connect()
    try:
        (session_id,) = first.query("SELECT id FROM course_session ORDER BY position LIMIT 1")[0]
        acks = [facilitator.command("session.start", {"session_id": session_id})]
        acks.append(zoe.command("participant.rename", {"name": "Zoé"}))
        acks.append(facilitator.command("agenda.next"))
        acks.append(zoe.command("participant.rename", {"name": "Zoé K."}))
        acks.append(facilitator.command("agenda.next"))
        assert all(ack["ok"] for ack in acks), acks

        # the participant on the second process follows moves made on the first
        moved_to = acks[-1]["result"]["item_id"]
        zoe.wait_for(lambda: zoe.live_item_id() == moved_to, what="the last move")
        # the facilitator on the first process sees the renames made on the second
        facilitator.wait_for(
            lambda: (facilitator.state.get("participants", {}).get(str(zoe.me["id"])) or {})
            .get("name") == "Zoé K.", what="the rename")
        # presence is computed by the process that holds the socket, pushed through Redis
        facilitator.wait_for(
            lambda: zoe.me["id"] in (facilitator.aggregates.get("presence") or {})
            .get("online", []), what="Zoe online")

        # one gapless log although both processes wrote to it
        last = acks[-1]["seq"]
        seqs = [e["seq"] for e in facilitator.sync(0)["events"]]
        assert seqs == list(range(1, last + 1))
        assert first.query("SELECT last_seq FROM room WHERE id = ?", (first.room.id,)) \
            == [(last,)]
    finally:
        zoe.close()
        facilitator.close()
