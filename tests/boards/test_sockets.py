"""Boards over Socket.IO, on SQLite and PostgreSQL: who receives which note, private writing
and its reveal, team boards reaching their team only until shared, dot votes as a coalesced
aggregate, a refusal reaching no one, and a resent command applying exactly once."""
import time

from app.boards.models import Note, Vote
from tests.boards.helpers import SDG_BREAKOUT
from tests.support import (
    QUIET,
    Inbox,
    apply_events,
    count,
    inboxes,
    item_id,
    make_teams,
    ok,
    wait_for,
)


def board(fac, **spec) -> int:
    return ok(fac, "board.create", {"prompt": "Ideas?", **spec})["result"]["board_id"]


def votes_of(box: Inbox, board_id: int) -> list[dict]:
    return box.aggregates(f"board:{board_id}")


def test_a_note_reaches_the_room_as_one_event_each(app, course, room, people):
    fac, cohost = people.facilitator(room), people.cofacilitator(room)
    ana, bo, projector = (people.participant(room, "Ana"), people.participant(room, "Bo"),
                          people.projector(room))
    bid = board(fac)
    boxes = inboxes(fac, cohost, ana, bo, projector)

    ack = ok(ana, "note.post", {"board_id": bid, "text": "<script>x</script>"})

    for box in boxes:
        (event,) = box.take_events()
        assert (event["type"], event["scope"], event["seq"]) == ("note.posted", "room",
                                                                 ack["seq"])
        assert event["changes"][0][2]["text"] == "<script>x</script>"
        assert event["changes"][0][2] == ack["result"]["note"]


def test_private_notes_reach_their_author_and_the_staff_until_the_reveal(app, course, room,
                                                                          people):
    fac, cohost = people.facilitator(room), people.cofacilitator(room)
    ana, bo, projector = (people.participant(room, "Ana"), people.participant(room, "Bo"),
                          people.projector(room))
    bid = board(fac, private_until_reveal=True)
    staff, mine, others = inboxes(fac, cohost), inboxes(ana), inboxes(bo, projector)
    stale = bo.client.emit("sync", {"since": 10**6}, callback=True)["snapshot"]

    note = ok(ana, "note.post", {"board_id": bid, "text": "Only mine"})["result"]["note_id"]

    for box in [*staff, *mine]:
        events = box.take_events()
        assert [e["changes"][0][2]["text"] for e in events] == ["Only mine"], box.peer.role
    time.sleep(QUIET)
    for box in others:
        assert box.take_events() == [], box.peer.role
    assert people.participant(room, "Late").snapshot["state"]["notes"] == {}

    ok(fac, "board.reveal", {"board_id": bid})
    for box in [*staff, *mine, *others]:
        # (the staff also heard of the late joiner)
        (event,) = [e for e in box.take_events() if e["type"].startswith("board.")]
        assert event["type"] == "board.revealed" and event["scope"] == "room"
        assert ["notes", str(note)] in [c[:2] for c in event["changes"]]
    answer = bo.client.emit("sync", {"since": stale["seq"]}, callback=True)
    fresh = bo.client.emit("sync", {"since": 10**6}, callback=True)["snapshot"]
    assert apply_events(stale["state"], answer["events"]) == fresh["state"]
    assert fresh["state"]["notes"][str(note)]["text"] == "Only mine"


def test_the_room_sees_how_many_private_notes_there_are_but_not_their_text(app, course, room,
                                                                          people):
    fac, ana, projector = (people.facilitator(room), people.participant(room, "Ana"),
                           people.projector(room))
    bid = board(fac, private_until_reveal=True)
    (box,) = inboxes(projector)

    def counts():
        return box.aggregates(f"board_notes:{bid}")

    first = ok(ana, "note.post", {"board_id": bid, "text": "One"})["result"]["note_id"]
    ok(ana, "note.post", {"board_id": bid, "text": "Two"})
    assert wait_for(lambda: (counts() or [{}])[-1] == {"board_id": bid, "notes": 2}, 2.0), counts()
    ok(ana, "note.delete", {"note_id": first})
    assert wait_for(lambda: (counts() or [{}])[-1] == {"board_id": bid, "notes": 1}, 2.0), counts()
    assert box.take_events() == []
    assert projector.client.emit("sync", {"since": 10**6}, callback=True)["snapshot"][
        "aggregates"][f"board_notes:{bid}"] == {"board_id": bid, "notes": 1}

    ok(fac, "board.reveal", {"board_id": bid})
    snapshot = projector.client.emit("sync", {"since": 10**6}, callback=True)["snapshot"]
    assert f"board_notes:{bid}" not in snapshot["aggregates"]
    assert [n["text"] for n in snapshot["state"]["notes"].values()] == ["Two"]


def test_a_team_board_reaches_its_team_until_it_is_shared(app, course, room, people):
    fac = people.facilitator(room)
    ana, bo, cy = (people.participant(room, "Ana"), people.participant(room, "Bo"),
                   people.participant(room, "Cy"))
    cody, cleo = people.cofacilitator(room, "Cody"), people.cofacilitator(room, "Cleo")
    red, _blue = make_teams(app, room.id, [ana.actor, bo.actor], [cy.actor],
                            moderators={0: cody.actor, 1: cleo.actor})
    projector = people.projector(room)
    team, outside = inboxes(fac, ana, bo, cody), inboxes(cy, cleo, projector)
    bid = ok(fac, "board.open_team", {"item_id": item_id(app, course.id, SDG_BREAKOUT),
                                      "team_id": red})["result"]["board_id"]
    ok(ana, "note.post", {"board_id": bid, "text": "SDG 4"})
    refused = cy.send("note.post", {"board_id": bid, "text": "Let me in"})
    assert refused["ok"] is False and refused["error"]["code"] == "forbidden"

    for box in team:
        assert [e["type"] for e in box.take_events()] == ["board.created", "note.posted"]
    time.sleep(QUIET)
    for box in outside:
        assert box.take_events() == [], box.peer.role

    ok(fac, "board.share", {"board_id": bid})
    for box in [*team, *outside]:
        (event,) = box.take_events()
        assert event["type"] == "board.shared"
        texts = [c[2]["text"] for c in event["changes"] if c[0] == "notes"]
        assert texts == ["SDG 4"], box.peer.role
    assert count(app, Note, Note.board_id == bid) == 1


def test_dot_votes_reach_everyone_coalesced_and_each_voter_their_own(app, course, room,
                                                                     people):
    fac, projector = people.facilitator(room), people.projector(room)
    crowd = [people.participant(room, f"Voter {i}") for i in range(6)]
    bid = board(fac, dot_votes=3)
    note = ok(crowd[0], "note.post", {"board_id": bid, "text": "Vote me"})["result"]["note_id"]
    ok(fac, "board.phase", {"board_id": bid, "phase": "voting"})
    boxes = inboxes(fac, projector, *crowd)

    started = time.monotonic()
    for voter in crowd:
        for _ in range(3):
            ok(voter, "note.vote", {"note_id": note})
    duration = time.monotonic() - started

    expected = {"board_id": bid, "votes": {str(note): 18}, "voters": 6, "dots": 18}
    for box in boxes:
        assert wait_for(lambda box=box: (votes_of(box, bid) or [{}])[-1] == expected, 2.0), \
            votes_of(box, bid)
    time.sleep(2 * app.config["AGGREGATE_INTERVAL"])
    bound = duration / app.config["AGGREGATE_INTERVAL"] + 3
    for box in boxes:
        assert 1 <= len(votes_of(box, bid)) <= bound
    assert boxes[0].take_events() == [] and boxes[1].take_events() == []
    for box, voter in zip(boxes[2:], crowd, strict=True):
        events = box.take_events()
        assert [e["scope"] for e in events] == [f"participant:{voter.id}"] * 3
        assert events[-1]["changes"][0] == ["my_votes", str(bid), {str(note): 3}]
    over = crowd[0].send("note.vote", {"note_id": note})
    assert over["error"]["code"] == "conflict"
    assert count(app, Vote, Vote.board_id == bid) == 18


def test_a_refused_board_command_reaches_no_one(app, course, room, people):
    fac, ana, bo = (people.facilitator(room), people.participant(room, "Ana"),
                    people.participant(room, "Bo"))
    bid = board(fac, columns=["Yes", "No"])
    note = ok(ana, "note.post", {"board_id": bid, "text": "Mine"})["result"]["note_id"]
    boxes = inboxes(fac, ana, bo)
    for sender, type, data in [
        (bo, "note.edit", {"note_id": note, "text": "Not mine"}),
        (ana, "note.move", {"note_id": note, "column": 5}),
        (ana, "note.post", {"board_id": bid, "text": ""}),
        (ana, "note.vote", {"note_id": note}),
        (ana, "note.post", {"board_id": bid, "text": "x" * 5000}),
        (ana, "board.phase", {"board_id": bid, "phase": "voting"}),
    ]:
        ack = sender.send(type, data)
        assert ack["ok"] is False, (type, ack)
        assert ack["error"]["code"] in ("forbidden", "invalid", "conflict"), ack
    time.sleep(QUIET)
    for box in boxes:
        assert box.take_events() == []
    assert ana.client.is_connected() and bo.client.is_connected()


def test_a_note_resent_after_a_drop_is_stored_once(app, course, room, people):
    fac, ana = people.facilitator(room), people.participant(room, "Ana")
    bid = board(fac)
    first = ana.send("note.post", {"board_id": bid, "text": "Offline idea"}, id="outbox-1")
    ana.client.disconnect()
    again = people.connect_participant(room, ana.id, ana.token)
    repeat = again.send("note.post", {"board_id": bid, "text": "Offline idea"}, id="outbox-1")
    assert repeat == first
    assert count(app, Note, Note.board_id == bid) == 1
    other = again.send("note.post", {"board_id": bid, "text": "Different"}, id="outbox-1")
    assert other["error"]["code"] == "conflict"
