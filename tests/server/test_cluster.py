"""Two server processes behind the real nginx of `make cluster`, on PostgreSQL and Redis.

A participant on each process, both through the one balancer address; the process of one
of them is killed, and its clients reconnect through the same address to the other process
and catch up from their seq: every acked command is in the room's log, which stays one
gapless sequence, and nobody needs a fresh snapshot.
"""
import os
import types
import urllib.request
import uuid

import pytest
import serverproc
from roomclients import Http, LiveClient, facilitator_client, postgres_url
from test_two_processes import REDIS_URL, redis_reachable

import cluster

pytestmark = pytest.mark.server

#: seconds after its last beat a process counts as gone (30 by default)
GONE_AFTER = 2.0


def missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} (make test installs and starts what the cluster needs)")
    pytest.skip(what)


@pytest.fixture
def balanced(tmp_path):
    if cluster.nginx_binary() is None:
        missing("nginx is missing")
    if not redis_reachable():
        missing(f"Redis is not reachable at {REDIS_URL}")
    if postgres_url() is None:
        missing("TEST_DATABASE_URL is not set")
    schema = serverproc.PostgresSchema(postgres_url())
    queue = {"WORKSHOP_MESSAGE_QUEUE": REDIS_URL, "WORKSHOP_TRUSTED_PROXIES": "1",
             "WORKSHOP_WORKER_GONE_AFTER": str(GONE_AFTER)}
    first = serverproc.ServerProcess(tmp_path, database_url=schema.url, extra_env=queue)
    second = serverproc.ServerProcess(tmp_path, database_url=schema.url, extra_env=queue)
    try:
        second.room = first.prepare()
        with first, second:
            first.start()
            second.start()
            with cluster.Balancer(tmp_path / "nginx", [first.port, second.port]) as balancer:
                yield balancer, {first.port: first, second.port: second}
    finally:
        schema.close()


def route_to(balancer: cluster.Balancer, port: int) -> str:
    """A route cookie that nginx sends to the process on `port`."""
    for _ in range(50):
        cookie = f"{cluster.ROUTE_COOKIE}={uuid.uuid4().hex}"
        probe = urllib.request.Request(balancer.url + "/healthz", headers={"Cookie": cookie})
        with urllib.request.urlopen(probe, timeout=5) as answer:
            if answer.headers["X-Workshop-Process"] == f"127.0.0.1:{port}":
                return cookie
    raise AssertionError(f"no route to {port}")


def participant_via(balancer, room, name: str, cookie: str) -> LiveClient:
    """Join and connect through the balancer, with the route cookie a browser would hold."""
    web = Http(balancer.url)
    status, ack = web.post_json("/api/join", {"code": room.code, "name": name,
                                              "id": uuid.uuid4().hex})
    assert status == 200 and ack["ok"], ack
    return LiveClient(balancer.url, {"role": "participant", "token": ack["result"]["token"]},
                      headers={"Cookie": cookie}, label=name)


def ports_holding(server, participant_id: int) -> list[int]:
    """The ports of the processes holding the participant's open sockets (each process
    records its host:port on the attendance span it opens)."""
    return [int(worker.rsplit(":", 1)[1]) for (worker,) in server.query(
        "SELECT worker FROM attendance_span WHERE participant_id = ? AND left_at IS NULL",
        (participant_id,))]


def test_clients_of_a_killed_process_resync_on_the_other_with_nothing_lost(balanced):
    balancer, by_port = balanced
    (port_a, doomed), (port_b, survivor) = by_port.items()
    room = doomed.room
    facilitator, _web = facilitator_client(types.SimpleNamespace(url=balancer.url, room=room))
    ana = participant_via(balancer, room, "Ana", route_to(balancer, port_a))
    ben = participant_via(balancer, room, "Ben", route_to(balancer, port_b))
    clients = [facilitator, ana, ben]
    try:
        for client in clients:
            client.connect()
        # each participant's socket is held by the process its cookie routes to
        assert ports_holding(doomed, ana.me["id"]) == [port_a]
        assert ports_holding(doomed, ben.me["id"]) == [port_b]

        (session_id,) = doomed.query(
            "SELECT id FROM course_session ORDER BY position LIMIT 1")[0]
        acks = [facilitator.command("session.start", {"session_id": session_id}),
                ana.command("participant.rename", {"name": "Ana B."}),
                ben.command("participant.rename", {"name": "Ben C."}),
                facilitator.command("agenda.next")]

        doomed.kill()
        # sent while Ana's process is gone: it waits for her reconnect, then is acked
        acks.append(ana.command("participant.rename", {"name": "Ana Bell"}, timeout=20))
        acks.append(facilitator.command("agenda.next", timeout=20))
        acks.append(ben.command("participant.rename", {"name": "Ben Cole"}))
        assert all(ack["ok"] for ack in acks), acks

        # Ana is on the surviving process now, caught up from her seq (no fresh snapshot),
        # and the span the killed process left open is closed once its beat has run out
        facilitator.wait_for(lambda: ports_holding(survivor, ana.me["id"]) == [port_b],
                             timeout=GONE_AFTER * 4, what="the killed process's span closed")
        assert ports_holding(survivor, ben.me["id"]) == [port_b]  # a living one's stays open
        assert ana.disconnects >= 1 and ben.disconnects == 0
        assert [kind for kind, _ in ana.catch_ups] == ["snapshot", "events"]
        moved_to = acks[-2]["result"]["item_id"]
        for client in (ana, ben):
            client.wait_for(lambda c=client: c.live_item_id() == moved_to, what="the last move")
        names = {"Ana Bell", "Ben Cole"}
        facilitator.wait_for(lambda: names <= {p["name"] for p in
                                               facilitator.state["participants"].values()},
                             what="both renames")

        # one gapless log with every acked command in it
        last = max(ack["seq"] for ack in acks)
        seqs = [e["seq"] for e in facilitator.sync(0)["events"]]
        assert seqs == list(range(1, last + 1))
        assert {ack["seq"] for ack in acks} <= set(seqs)
        assert survivor.query("SELECT last_seq FROM room WHERE id = ?", (room.id,)) == [(last,)]
        # and every client holds the last event it may see
        for client in clients:
            visible = max(e["seq"] for e in client.sync(0)["events"])
            client.wait_for(lambda c=client, v=visible: c.seq >= v, what=f"seq {visible}")
        assert facilitator.seq == last
    finally:
        for client in clients:
            client.close()
