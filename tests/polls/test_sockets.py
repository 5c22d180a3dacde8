"""Polls over Socket.IO, on SQLite and PostgreSQL: who receives which event, whose answer
goes where, who sees the tallies and when, and that a burst of answers is coalesced."""
import math
import threading
import time

import pytest
from sqlalchemy import event as sa_event

from app.extensions import db
from app.people import tokens
from tests.polls.helpers import EVALUATION
from tests.support import (
    QUIET,
    Inbox,
    Peer,
    apply_events,
    guest_join,
    inboxes,
    item_id,
    last_seq,
    ok,
    wait_for,
)


def tallies(box: Inbox, poll_id: int) -> list[dict]:
    return box.aggregates(f"poll:{poll_id}")


def last_tally(box: Inbox, poll_id: int) -> dict | None:
    return box.last(f"poll:{poll_id}")


def create(fac: Peer, **spec) -> int:
    spec = {"kind": "single", "question": "Which one?", **spec}
    if spec["kind"] in ("single", "multiple"):
        spec.setdefault("options", ["A", "B", "C", "D"])
    return ok(fac, "poll.create", spec)["result"]["poll_id"]


def wait_tally(box: Inbox, poll_id: int, n: int, timeout: float = 2.0) -> dict:
    tally = wait_for(lambda: (last_tally(box, poll_id) or {}).get("n") == n
                     and last_tally(box, poll_id), timeout)
    assert tally, f"{box.peer.role} got no tally with n={n}: {tallies(box, poll_id)}"
    return tally


# --------------------------------------------------------------------------- drafts

def test_participants_and_the_projector_never_see_a_draft(app, course, room, people):
    fac, cohost = people.facilitator(room), people.cofacilitator(room)
    ana, projector = people.participant(room, "Ana"), people.projector(room)
    staff, audience = inboxes(fac, cohost), inboxes(ana, projector)
    stale = ana.client.emit("sync", {"since": 10**6}, callback=True)["snapshot"]

    pid = create(fac, question="Secret draft question")

    for box in staff:
        (event,) = box.take_events()
        assert (event["type"], event["scope"]) == ("poll.created", "staff")
        assert event["changes"][0][:2] == ["polls", str(pid)]
        assert event["changes"][0][2]["status"] == "draft"
    time.sleep(QUIET)
    for box in audience:
        assert box.take_events() == [] and tallies(box, pid) == []
    assert all(tallies(box, pid) == [] for box in staff)  # a draft has no tally yet
    # not in their snapshots nor in what sync returns
    for peer in (people.participant(room, "Late"), people.projector(room)):
        assert peer.snapshot["state"]["polls"] == {}
        assert f"poll:{pid}" not in peer.snapshot["aggregates"]
    assert ana.client.emit("sync", {"since": stale["seq"]}, callback=True)["events"] == []
    late_cohost = people.cofacilitator(room, "Late cohost")
    assert late_cohost.snapshot["state"]["polls"][str(pid)]["status"] == "draft"

    ok(fac, "poll.open", {"poll_id": pid})
    for box in audience:
        (event,) = box.take_events()
        assert event["type"] == "poll.opened"
        assert event["changes"][0][2]["question"] == "Secret draft question"
    answer = ana.client.emit("sync", {"since": stale["seq"]}, callback=True)
    fresh = ana.client.emit("sync", {"since": 10**6}, callback=True)["snapshot"]
    assert apply_events(stale["state"], answer["events"]) == fresh["state"]


# --------------------------------------------------------------------------- own answers

@pytest.mark.parametrize("anonymous", [False, True], ids=["named", "anonymous"])
def test_an_answer_goes_to_the_participants_own_devices_only(app, course, room, people,
                                                             anonymous):
    fac, cohost = people.facilitator(room), people.cofacilitator(room)
    ana, bo, projector = (people.participant(room, "Ana"), people.participant(room, "Bo"),
                          people.projector(room))
    ana_phone = people.connect_participant(room, ana.id, ana.token)
    if anonymous:
        pid = ok(fac, "poll.open", {"item_id": item_id(app, course.id, EVALUATION)}
                 )["result"]["poll_id"]
        data, expected = {"texts": ["Liked it", "", ""]}, None
    else:
        pid = create(fac)
        ok(fac, "poll.open", {"poll_id": pid})
        data, expected = {"choices": [2]}, {"choices": [2]}
    mine, others = inboxes(ana, ana_phone), inboxes(bo, fac, cohost, projector)
    stale = ana_phone.client.emit("sync", {"since": 10**6}, callback=True)["snapshot"]

    ack = ana.send("poll.answer", {"poll_id": pid, **data})

    assert ack["ok"] is True and ack["result"] == {"poll_id": pid, "answered": True,
                                                   "answer": expected}
    for box in mine:
        (event,) = box.take_events()
        assert (event["type"], event["scope"], event["seq"]) == (
            "poll.answered", f"participant:{ana.id}", ack["seq"])
        assert event["changes"] == [["my_answers", str(pid),
                                     {"answered": True, "answer": expected}]]
    for box in others:
        assert box.take_events() == [], box.peer.role

    again = people.connect_participant(room, ana.id, ana.token)
    assert again.snapshot["state"]["my_answers"] == {
        str(pid): {"answered": True, "answer": expected}}
    assert people.connect_participant(room, bo.id, bo.token).snapshot["state"]["my_answers"] == {}
    assert "my_answers" not in people.facilitator(room).snapshot["state"]
    # a device that missed it catches up through sync
    caught_up = ana_phone.client.emit("sync", {"since": stale["seq"]}, callback=True)
    assert apply_events(stale["state"], caught_up["events"]) == again.snapshot["state"]


# --------------------------------------------------------------------------- tallies

def test_hidden_results_reach_staff_only_until_the_reveal(app, course, room, people):
    fac, cohost = people.facilitator(room), people.cofacilitator(room)
    ana, bo, projector = (people.participant(room, "Ana"), people.participant(room, "Bo"),
                          people.projector(room))
    pid = create(fac)
    staff, audience = inboxes(fac, cohost), inboxes(ana, bo, projector)

    ok(fac, "poll.open", {"poll_id": pid})
    ok(ana, "poll.answer", {"poll_id": pid, "choices": [0]})
    ok(bo, "poll.answer", {"poll_id": pid, "choices": [3]})

    for box in staff:
        assert wait_tally(box, pid, 2)["counts"] == [1, 0, 0, 1]
    ok(fac, "poll.close", {"poll_id": pid})
    time.sleep(QUIET)
    for box in audience:
        assert tallies(box, pid) == [], box.peer.role
    late = people.participant(room, "Late")
    assert f"poll:{pid}" not in late.snapshot["aggregates"]
    assert f"poll:{pid}" not in people.projector(room).snapshot["aggregates"]
    assert people.facilitator(room).snapshot["aggregates"][f"poll:{pid}"]["n"] == 2
    assert people.cofacilitator(room, "Late cohost").snapshot["aggregates"][
        f"poll:{pid}"]["counts"] == [1, 0, 0, 1]

    ok(fac, "poll.reveal", {"poll_id": pid})
    for box in audience:
        assert wait_tally(box, pid, 2)["counts"] == [1, 0, 0, 1]
    assert people.participant(room, "Later")\
        .snapshot["aggregates"][f"poll:{pid}"]["counts"] == [1, 0, 0, 1]
    assert people.projector(room).snapshot["aggregates"][f"poll:{pid}"]["n"] == 2


def test_live_results_reach_everyone_while_the_poll_runs(app, course, room, people):
    fac = people.facilitator(room)
    ana, bo, projector = (people.participant(room, "Ana"), people.participant(room, "Bo"),
                          people.projector(room))
    pid = create(fac, kind="likert", question="Agree?", results="live")
    boxes = inboxes(fac, ana, bo, projector)
    ok(fac, "poll.open", {"poll_id": pid})
    ok(ana, "poll.answer", {"poll_id": pid, "value": 0})
    ok(bo, "poll.answer", {"poll_id": pid, "value": 1})

    for box in boxes:
        tally = wait_tally(box, pid, 2)
        assert tally["counts"] == [1, 1, 0, 0, 0] and tally["mean"] == 1.5
    assert people.participant(room, "Late").snapshot["aggregates"][f"poll:{pid}"]["n"] == 2


def test_a_refused_poll_command_reaches_no_one(app, course, room, people):
    fac, ana, bo = (people.facilitator(room), people.participant(room, "Ana"),
                    people.participant(room, "Bo"))
    pid = create(fac)
    boxes = inboxes(fac, ana, bo)
    ok(fac, "poll.open", {"poll_id": pid})
    wait_tally(boxes[0], pid, 0)  # the opening's tally, for staff
    time.sleep(QUIET)  # a flush that began before the opening may send it once more
    for box in boxes:
        box.clear()
    before = last_seq(app, room.id)

    refusals = [(ana, "poll.reveal", {"poll_id": pid}, "forbidden"),
                (ana, "poll.close", {"poll_id": pid}, "forbidden"),
                (fac, "poll.answer", {"poll_id": pid, "choices": [0]}, "forbidden"),
                (ana, "poll.answer", {"poll_id": pid, "choices": [7]}, "invalid"),
                (fac, "poll.open", {"poll_id": pid}, "conflict"),
                (fac, "poll.close", {"poll_id": pid + 1000}, "not_found")]
    for peer, type, data, code in refusals:
        ack = peer.send(type, data)
        assert ack["ok"] is False and ack["error"]["code"] == code, (type, ack)
        assert peer.client.is_connected()

    time.sleep(QUIET)
    assert last_seq(app, room.id) == before
    for box in boxes:
        assert box.take_events() == [] and tallies(box, pid) == []
    ok(ana, "poll.answer", {"poll_id": pid, "choices": [1]})


# --------------------------------------------------------------------------- coalescing

INTERVAL = 0.2
CROWD = 40
#: each voter changes their answer this many times, so the burst spans several intervals
ROUNDS = 5


@pytest.mark.app_config(AGGREGATE_INTERVAL=INTERVAL)
def test_a_burst_of_answers_becomes_a_few_tally_messages(app, course, room, people):
    fac = people.facilitator(room)
    crowd = []
    for i in range(CROWD):
        voter = guest_join(app, room, f"Voter {i}")
        with app.app_context():
            token = tokens.issue("participant", room.id, voter)
        crowd.append(people.connect_participant(room, voter, token))
    pid = create(fac, results="live", changeable=True)
    ok(fac, "poll.open", {"poll_id": pid})
    boxes = [Inbox(p) for p in (fac, *crowd)]
    for box in boxes:  # the opening's empty tally (maybe twice), then a clean slate
        wait_tally(box, pid, 0)
    time.sleep(2 * INTERVAL)
    for box in boxes:
        box.clear()

    started = time.monotonic()
    for turn in range(ROUNDS):
        for i, voter in enumerate(crowd):
            ok(voter, "poll.answer", {"poll_id": pid, "choices": [(i + turn) % 4]})
    duration = time.monotonic() - started

    answers = CROWD * ROUNDS
    expected = {"poll_id": pid, "n": CROWD, "hidden": 0, "counts": [CROWD // 4] * 4,
                "others": []}
    bound = math.ceil(duration / INTERVAL) + 2
    assert bound < answers / 10, f"the burst was too slow to prove much: {duration:.2f} s"
    for box in boxes:
        wait_for(lambda box=box: last_tally(box, pid) == expected, timeout=1)
    time.sleep(2 * INTERVAL)  # whatever was still due has come
    for box in boxes:
        received = len(tallies(box, pid))
        assert 1 <= received <= bound, (received, bound, duration)
    # each voter got their own answers back, and no one else's
    assert boxes[0].take_events() == []
    for box, voter in zip(boxes[1:], crowd, strict=True):
        assert [e["scope"] for e in box.take_events()] == [f"participant:{voter.id}"] * ROUNDS
    assert all(last_tally(box, pid) == expected for box in boxes)


def test_a_flush_during_a_commit_does_not_leave_a_stale_tally(app, course, room, people,
                                                              monkeypatch):
    """The background flush is made to run right before the answer's commit, as it may by
    chance in production (threads, or eventlet with psycogreen yielding during the commit).
    A tally marked changed before the commit would be sent as it was and the mark cleared,
    so the answer would never reach it (as with fanout.touch inside the handler)."""
    fac, ana = people.facilitator(room), people.participant(room, "Ana")
    coalescer = app.extensions["workshop.coalescer"]
    monkeypatch.setattr(coalescer, "_take", lambda: set())  # the background loop idles

    def flush_now():
        with coalescer._lock:
            dirty, coalescer._dirty = coalescer._dirty, set()

        def flush():
            with app.app_context():
                try:
                    coalescer.flush(dirty)
                finally:
                    db.session.remove()

        worker = threading.Thread(target=flush)  # as the background task: its own session
        worker.start()
        worker.join()

    pid = create(fac, results="live")
    box = Inbox(fac)
    ok(fac, "poll.open", {"poll_id": pid})
    flush_now()
    assert wait_tally(box, pid, 0)["counts"] == [0, 0, 0, 0]

    fired = []

    def flush_before_commit(_session):
        if not fired:
            fired.append(True)
            flush_now()  # the interval happens to end here

    sa_event.listen(db.session, "before_commit", flush_before_commit)
    try:
        ok(ana, "poll.answer", {"poll_id": pid, "choices": [2]})
    finally:
        sa_event.remove(db.session, "before_commit", flush_before_commit)
    assert fired
    flush_now()  # the next interval: whatever is marked now goes out

    wait_for(lambda: last_tally(box, pid)["n"] == 1, timeout=QUIET)
    assert last_tally(box, pid)["counts"] == [0, 0, 1, 0], tallies(box, pid)
