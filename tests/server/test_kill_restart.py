"""The real server, killed with SIGKILL mid-session and started again: nothing acked is lost.

A facilitator drives slides while five participants follow; right after the last ack the
process is killed (no shutdown code runs), started again on the same instance, and every
client reconnects with the seq it has. "Ack after commit, never before" and "idempotent
command ids" are checked from outside, as a client would see them.
"""
import threading
import time
import uuid
from dataclasses import dataclass, field

import pytest
import serverproc
from roomclients import Http, LiveClient, facilitator_client, participant_client, postgres_url

pytestmark = pytest.mark.server

NAMES = ["Amina", "Bao", "Carlos", "Dana", "Émile"]


@dataclass
class Crash:
    """What happened before the kill, and the clients as they are after the restart."""

    server: serverproc.ServerProcess
    facilitator: LiveClient
    web: Http
    participants: list[LiveClient]
    joined: list[dict]
    #: the participant who was offline for the last moves and comes back after the restart
    latecomer: LiveClient
    latecomer_seq_before: int
    #: (envelope, ack) of every command acked before the kill, in order
    acked: list[tuple[dict, dict]] = field(default_factory=list)
    session_id: int = 0
    items: list[int] = field(default_factory=list)
    last_item: int = 0
    catch_ups_before: dict[str, int] = field(default_factory=dict)
    drops_before: dict[str, int] = field(default_factory=dict)

    @property
    def everyone(self) -> list[LiveClient]:
        return [self.facilitator, *self.participants]

    @property
    def last_seq(self) -> int:
        return self.acked[-1][1]["seq"]


def close_all(server: serverproc.ServerProcess, clients: list[LiveClient]) -> None:
    """Server first: a client's polite disconnect can wait seconds for the threading-mode
    server to close its websocket, while a dropped one stops at once."""
    server.stop()
    for client in clients:
        try:
            client.sio.shutdown()
        except Exception:  # nothing left to close
            pass


def _drive(crash: Crash, type: str, data: dict | None = None) -> dict:
    envelope = {"id": uuid.uuid4().hex, "type": type, "data": data or {}}
    ack = crash.facilitator.command(type, data, command_id=envelope["id"])
    assert ack["ok"], ack
    crash.acked.append((envelope, ack))
    if "item_id" in ack["result"]:
        crash.last_item = ack["result"]["item_id"]
    return ack


def _session_one(client: LiveClient) -> tuple[int, list[int]]:
    sessions = client.state["sessions"].values()
    first = min(sessions, key=lambda s: s["position"])
    items = sorted((i for i in client.state["agenda"].values() if i["session_id"] == first["id"]),
                   key=lambda i: i["position"])
    return first["id"], [i["id"] for i in items]


def _database(kind: str):
    """The database a server writes to: its SQLite file (None), or a fresh PostgreSQL schema."""
    if kind == "sqlite":
        yield None
        return
    base = postgres_url()
    if base is None:
        pytest.skip("TEST_DATABASE_URL is not set")
    schema = serverproc.PostgresSchema(base)
    try:
        yield schema.url
    finally:
        schema.close()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend(request):
    """The database of the module's crash server."""
    yield from _database(request.param)


@pytest.fixture(params=["sqlite", "postgresql"])
def own_backend(request):
    """A database of the test's own: a room the module's crash server already started is
    no place to start Session 1 again."""
    yield from _database(request.param)


@pytest.fixture(scope="module")
def crash(backend, tmp_path_factory):
    server = serverproc.ServerProcess(tmp_path_factory.mktemp("crash"), "eventlet", backend)
    made: list[LiveClient] = []
    try:
        server.prepare()
        server.start()
        facilitator, web = facilitator_client(server)
        made.append(facilitator.connect())
        participants, joined = [], []
        for name in NAMES:
            client, result = participant_client(server, name)
            made.append(client.connect())
            participants.append(client)
            joined.append(result)
        facilitator.wait_for(lambda: len(facilitator.state.get("participants", {})) == len(NAMES),
                             what="all participants in the roster")

        crash = Crash(server, facilitator, web, participants, joined,
                      latecomer=participants[-1], latecomer_seq_before=0)
        crash.session_id, crash.items = _session_one(facilitator)
        _drive(crash, "session.start", {"session_id": crash.session_id})
        _drive(crash, "agenda.next")
        _drive(crash, "agenda.next")
        # the last participant's phone drops out: it will miss the next moves
        # (it sees the room's events only: its seq stays below the staff-scoped last one)
        crash.latecomer.wait_for(lambda: crash.latecomer.live_item_id() == crash.last_item,
                                 what="the moves so far")
        crash.latecomer.close()
        crash.latecomer_seq_before = crash.latecomer.seq
        _drive(crash, "agenda.back")
        _drive(crash, "agenda.next")
        _drive(crash, "agenda.next")
        crash.catch_ups_before = {c.label: len(c.catch_ups) for c in crash.everyone}
        crash.drops_before = {c.label: c.disconnects for c in crash.everyone}
        # killed right after the last ack: whatever was acked must be on disk already
        server.kill()

        for client in crash.everyone[:-1]:
            client.wait_for(lambda c=client: c.disconnects >= 1, what="the drop")
        server.start()
        for client in crash.everyone[:-1]:  # they reconnect by themselves
            before = crash.catch_ups_before[client.label]
            client.wait_for(lambda c=client, b=before: len(c.catch_ups) > b, timeout=20,
                            what="a catch-up after the restart")
        crash.latecomer.connect()  # comes back later, from where it was
        yield crash
    finally:
        close_all(server, made)


def test_every_client_catches_up_from_its_seq(crash):
    """Each client named its seq on reconnect and got the events since (not a snapshot),
    and after applying them shows the item of the last acked move."""
    for client in crash.everyone:
        kind, answer = client.catch_ups[-1]
        assert kind == "events", (client.label, answer)
        assert answer["seq"] == crash.last_seq
        assert client.live_item_id() == crash.last_item, client.label
    assert crash.last_item == crash.items[3]  # start, next, next, back, next, next
    missed = [e["seq"] for e in crash.latecomer.catch_ups[-1][1]["events"]]
    assert missed and min(missed) > crash.latecomer_seq_before
    assert all(e["scope"] == "room" for e in crash.latecomer.catch_ups[-1][1]["events"])


def test_nobody_dropped_before_the_kill(crash):
    """Up to the kill, each client stayed on the connection it opened: its one catch-up is
    the snapshot it joined with (the latecomer left on purpose, once)."""
    assert crash.catch_ups_before == {c.label: 1 for c in crash.everyone}
    assert crash.drops_before == {c.label: int(c is crash.latecomer) for c in crash.everyone}


def test_log_holds_every_acked_seq_without_gaps(crash):
    answer = crash.facilitator.sync(0)
    assert answer["ok"], answer
    seqs = [e["seq"] for e in answer["events"]]
    assert seqs == list(range(1, crash.last_seq + 1))
    assert answer["seq"] == crash.last_seq
    assert {ack["seq"] for _, ack in crash.acked} <= set(seqs)
    moves = [e for e in answer["events"] if e["type"] in ("session.started", "agenda.moved")]
    assert [e["data"]["item_id"] for e in moves] == [
        crash.items[0], crash.items[1], crash.items[2], crash.items[1], crash.items[2],
        crash.items[3]]
    joins = [e for e in answer["events"] if e["type"] == "participant.joined"]
    assert len(joins) == len(NAMES)
    stored = crash.server.query("SELECT last_seq FROM room WHERE id = ?", (crash.server.room.id,))
    assert stored == [(crash.last_seq,)]


def test_roster_survives(crash):
    fresh, _ = facilitator_client(crash.server, "facilitator-2")
    try:
        fresh.connect()
        kind, snapshot = fresh.catch_ups[-1]
        assert kind == "snapshot"
        assert snapshot["seq"] == crash.last_seq
        roster = {int(k): v["name"] for k, v in snapshot["state"]["participants"].items()}
        assert roster == {j["participant_id"]: name for j, name in zip(crash.joined, NAMES,
                                                                       strict=True)}
        assert snapshot["state"]["live"]["current"]["item"]["id"] == crash.last_item
        # everyone reconnected (the latecomer too), and the live push agrees in time
        ids = sorted(j["participant_id"] for j in crash.joined)
        assert snapshot["aggregates"]["presence"] == {"online": ids, "count": len(ids)}
        crash.facilitator.wait_for(
            lambda: crash.facilitator.aggregates.get("presence", {}).get("online") == ids,
            what="everyone online again")
    finally:
        fresh.sio.shutdown()


def test_attendance_spans_survive(crash):
    rows = crash.web.get_json(f"/facilitate/{crash.server.room.id}/attendance.json")
    attended = {(r["participant_id"], r["session_id"]) for r in rows}
    for joined in crash.joined:
        assert (joined["participant_id"], crash.session_id) in attended
    spans = crash.server.query(
        "SELECT participant_id, left_at FROM attendance_span WHERE room_id = ?",
        (crash.server.room.id,))
    for joined in crash.joined:
        own = [left for pid, left in spans if pid == joined["participant_id"]]
        # one stretch before the kill (closed at start-up), one since the reconnect (open)
        assert len(own) >= 2, own
        assert sum(left is None for left in own) == 1, own


def test_next_command_continues_the_seq(crash):
    before = len(crash.participants[0].events)
    ack = crash.facilitator.command("agenda.next")
    assert ack["ok"], ack
    # agenda.moved (room) and agenda.timed (staff): N+1 and N+2
    assert ack["seq"] == crash.last_seq + 2
    crash.facilitator.wait_for(lambda: crash.facilitator.seq == crash.last_seq + 2,
                               what="the two new events")
    new = [e["seq"] for e in crash.facilitator.events if e["seq"] > crash.last_seq]
    assert new == [crash.last_seq + 1, crash.last_seq + 2]
    for client in crash.participants:
        client.wait_for(lambda c=client: c.live_item_id() == crash.items[4], what="the move")
    assert [e["seq"] for e in crash.participants[0].events[before:]] == [crash.last_seq + 1]
    crash.acked.append(({"id": "after-restart", "type": "agenda.next", "data": {}}, ack))
    crash.last_item = crash.items[4]


def test_retrying_an_acked_command_after_restart_changes_nothing(crash):
    stored = crash.server.query("SELECT last_seq FROM room WHERE id = ?", (crash.server.room.id,))
    seen = len(crash.facilitator.events)
    for envelope, first_ack in (crash.acked[0], crash.acked[-2]):  # session.start, the last move
        again = crash.facilitator.command(envelope["type"], envelope["data"],
                                          command_id=envelope["id"])
        assert again == first_ack
    time.sleep(0.5)
    assert len(crash.facilitator.events) == seen
    assert crash.server.query("SELECT last_seq FROM room WHERE id = ?",
                              (crash.server.room.id,)) == stored
    assert crash.facilitator.live_item_id() == crash.last_item


@pytest.mark.parametrize("mode", ["eventlet", "gevent", "threading"])
def test_short_drive_in_each_async_mode(mode, tmp_path):
    """The same spine under each async mode: websocket upgrade, drive, follow, retry, sync."""
    made: list[LiveClient] = []
    server = serverproc.ServerProcess(tmp_path, mode)
    try:
        server.prepare()
        server.start()
        facilitator, _ = facilitator_client(server)
        made.append(facilitator.connect())
        people = []
        for name in NAMES[:2]:
            client, _ = participant_client(server, name)
            made.append(client.connect())
            people.append(client)
        session_id, items = _session_one(facilitator)
        start = {"id": uuid.uuid4().hex, "type": "session.start",
                 "data": {"session_id": session_id}}
        first = facilitator.command(start["type"], start["data"], command_id=start["id"])
        assert first["ok"], first
        assert facilitator.command("agenda.next")["ok"]
        last = facilitator.command("agenda.next")
        assert last["ok"] and last["result"]["item_id"] == items[2], last
        for client in [facilitator, *people]:
            client.wait_for(lambda c=client: c.live_item_id() == items[2], what="the move")
            client.wait_for(lambda c=client: c.sio.transport() == "websocket",
                            what="the websocket upgrade")
        assert facilitator.command(start["type"], start["data"], command_id=start["id"]) == first
        seqs = [e["seq"] for e in facilitator.sync(0)["events"]]
        assert seqs == list(range(1, last["seq"] + 1))
        assert f"({mode})" in server.log_tail()
    finally:
        close_all(server, made)


def test_a_plain_postgresql_url_works(tmp_path):
    """DATABASE_URL exactly as README.md and docs/deployment.md show it, through the real
    `flask db upgrade`, `flask workshop setup` and wsgi.py (tests/test_health.py checks
    the same in-process)."""
    base = postgres_url()
    if base is None:
        pytest.skip("TEST_DATABASE_URL is not set")
    schema = serverproc.PostgresSchema(base, driver=None)
    try:
        assert schema.url.startswith("postgresql://")
        with serverproc.running_server(tmp_path, "eventlet", schema.url) as server:
            assert server.query("SELECT count(*) FROM room") == [(1,)]
    finally:
        schema.close()


ROUNDS = 3
#: notes each writer sends per round; the kill comes after KILL_AFTER[round] acks in all
BURST = 20
KILL_AFTER = [10, 30, 60]


def _burst(client: LiveClient, envelopes: list[dict], acks: dict) -> None:
    """Send the envelopes one after the other until the server goes away."""
    for envelope in envelopes:
        try:
            acks[envelope["id"]] = client.sio.call("command", envelope, timeout=1)
        except Exception:  # the kill: this one and the rest are unanswered
            return


def test_killed_mid_burst_round_after_round_nothing_acked_is_lost_or_doubled(own_backend,
                                                                             tmp_path):
    """Five participants post notes as fast as they can; the server is killed with SIGKILL
    in the middle of it, started again, and everyone resends every command they sent with
    the same id (what the browser's outbox does). Round after round: each acked note is in
    the log, a resent acked command gets its first ack, and every command id made exactly
    one note."""
    server = serverproc.ServerProcess(tmp_path, "eventlet", own_backend, extra_env={
        "WORKSHOP_COMMAND_BURST": "1000"})  # the rate limit is not what is tested here
    made: list[LiveClient] = []
    try:
        server.prepare()
        server.start()
        facilitator, _web = facilitator_client(server)
        made.append(facilitator.connect())
        session_id, _items = _session_one(facilitator)
        started = facilitator.command("session.start", {"session_id": session_id})
        assert started["ok"], started
        board = facilitator.command("board.create", {"prompt": "Kill me softly"})
        assert board["ok"], board
        writers = [participant_client(server, name)[0] for name in NAMES]
        made.extend(writer.connect() for writer in writers)
        sent: dict[str, tuple[int, dict]] = {}
        for round_ in range(ROUNDS):
            acks: dict[str, dict] = {}
            threads, this_round = [], {}
            for n, writer in enumerate(writers):
                envelopes = [{"id": f"r{round_}-w{n}-{k}", "type": "note.post",
                              "data": {"board_id": board["result"]["board_id"],
                                       "text": f"r{round_}-w{n}-{k}"}} for k in range(BURST)]
                this_round.update((e["id"], (n, e)) for e in envelopes)
                threads.append(threading.Thread(target=_burst, args=(writer, envelopes, acks)))
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + 20
            while len(acks) < KILL_AFTER[round_] and time.monotonic() < deadline:
                time.sleep(0.005)  # somewhere in the middle of the burst
            server.kill()
            for thread in threads:
                thread.join(15)
            acked = {i: a for i, a in acks.items() if a.get("ok")}
            assert len(acked) < len(this_round), "the kill came after the burst"
            server.start()
            sent.update(this_round)
            for n, writer in enumerate(writers):  # each page reloads, as after a long drop
                writer.sio.shutdown()
                writers[n] = LiveClient(server.url, writer.base_auth, label=writer.label)
                made.append(writers[n].connect())
            for command_id, (n, envelope) in this_round.items():
                again = writers[n].command(envelope["type"], envelope["data"],
                                           command_id=command_id)
                assert again["ok"], again
                if command_id in acked:
                    assert again == acked[command_id]  # the first answer, nothing new
        texts = server.query("SELECT text FROM board_note")
        assert sorted(t for (t,) in texts) == sorted(sent)  # one note per command id
        seqs = [s for (s,) in server.query(
            "SELECT seq FROM room_event WHERE room_id = ? ORDER BY seq", (server.room.id,))]
        assert seqs == list(range(1, len(seqs) + 1))  # gapless
        assert server.query("SELECT last_seq FROM room WHERE id = ?",
                            (server.room.id,)) == [(seqs[-1],)]
    finally:
        close_all(server, made)
