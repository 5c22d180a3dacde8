"""Batched fan-out: an event is sent at once, and what a room commits within the next
window goes out together, one `events` message per scope, in seq order."""
import time

import pytest

from tests.support import apply_events, snapshot_of

WINDOW = 0.3

pytestmark = pytest.mark.app_config(FANOUT_WINDOW=WINDOW)


def messages(peer, wait: float = 0.0) -> list[tuple[str, dict]]:
    time.sleep(wait)
    return [(m["name"], m["args"][0]) for m in peer.client.get_received()
            if m["name"] in ("event", "events")]


def settle(*peers) -> None:
    """Let the windows the joins opened pass (a window with events in it is followed by
    another), and forget what they brought."""
    for peer in peers:
        messages(peer, wait=WINDOW * 3 if peer is peers[0] else 0)


def test_a_lone_event_goes_at_once_and_a_burst_waits_for_the_window(app, course, room, people):
    fac = people.facilitator(room)
    ana = people.participant(room, "Ana")
    settle(ana, fac)
    started = time.monotonic()
    fac.send("session.start", {"session_id": course.sessions[0].id})
    first = []
    while not first and time.monotonic() - started < WINDOW:
        first = messages(ana, wait=0.01)
    assert [name for name, _ in first] == ["event"], first  # at once, not held back
    for _ in range(3):
        fac.send("agenda.next")
    burst = messages(ana, wait=WINDOW * 2)
    assert [name for name, _ in burst] == ["events"]
    (_, batch) = burst[0]
    seqs = [e["seq"] for e in batch["events"]]
    assert seqs == sorted(seqs) and len(seqs) == 3 and batch["seq"] == seqs[-1]
    assert {e["type"] for e in batch["events"]} == {"agenda.moved"}


def test_a_batch_splits_by_scope_and_folds_into_the_fresh_snapshot(app, course, room, people):
    fac = people.facilitator(room)
    ana, cohost = people.participant(room, "Ana"), people.cofacilitator(room)
    settle(ana, fac, cohost)
    stale = ana.client.emit("sync", {"since": 10**6}, callback=True)["snapshot"]
    fac.send("session.start", {"session_id": course.sessions[0].id})  # opens the window
    fac.send("agenda.next")  # room scope
    ana.send("participant.rename", {"name": "Ana María"})  # staff scope
    fac.send("agenda.next")
    got_ana = messages(ana, wait=WINDOW * 2)
    got_cohost = messages(cohost)
    # Ana: the start at once, then one batch of the two moves; never the staff event
    assert [n for n, _ in got_ana] == ["event", "events"]
    assert [e["type"] for e in got_ana[1][1]["events"]] == ["agenda.moved", "agenda.moved"]
    # the co-facilitator: the same room events, and the staff ones in messages of their own
    def flat(got):
        return [e for _, m in got for e in (m["events"] if "events" in m else [m])]

    assert [e for e in flat(got_cohost) if e["scope"] == "room"] == flat(got_ana)
    staff = [e["type"] for e in flat(got_cohost) if e["scope"] == "staff"]
    assert "participant.renamed" in staff
    assert all(len({e["scope"] for e in flat([g])}) == 1 for g in got_cohost)
    events = [got_ana[0][1], *got_ana[1][1]["events"]]
    fresh = snapshot_of(app, ana.actor)
    assert apply_events(stale["state"], events) == fresh["state"]


def test_with_several_processes_one_flushes_an_aggregate_per_interval_and_none_is_lost():
    """Two processes' coalescers on one Redis: the one that finds the aggregate claimed
    keeps it dirty and flushes it in a later round, after the claim has run out."""
    import os

    import redis

    from app.core.fanout import Coalescer

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {url}")
        pytest.skip(f"Redis is not reachable at {url}")
    first, second = Coalescer(url), Coalescer(url)
    tally = (10_000 + os.getpid(), "poll", "7")  # a room no other test claims
    interval = 0.2
    assert first._claimed({tally}, interval) == {tally}
    assert second._claimed({tally}, interval) == set()
    assert second._take() == {tally}  # still dirty there
    time.sleep(interval * 1.5)
    assert second._claimed({tally}, interval) == {tally}
    assert Coalescer(None)._claimed({tally}, interval) == {tally}  # one process: no claims
