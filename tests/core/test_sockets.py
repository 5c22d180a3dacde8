"""The spine over Socket.IO: commands and acks, live events, refusals, sync and scopes."""
import time
import uuid

import pytest

import app.people.state as people_state
from app.extensions import socketio
from tests.support import apply_events, last_seq, open_room, room_log

STAFF_ONLY = {"agenda", "participants", "cofacilitators", "runs", "timings"}


def live_item(event: dict) -> int | None:
    (change,) = [c for c in event["changes"] if c[:2] == ["live", "current"]]
    item = change[2].get("item")
    return item["id"] if item else None


def test_the_facilitator_drives_and_everyone_sees_the_live_item(app, course, room, people):
    fac = people.facilitator(room)
    ana, bo = people.participant(room, "Ana"), people.participant(room, "Bo")
    projector = people.projector(room)
    cohost = people.cofacilitator(room)
    for peer in (fac, ana, bo, projector, cohost):
        peer.events()  # the joins so far are not this test's subject
    session = course.sessions[0]

    steps = [("session.start", {"session_id": session.id}, session.items[0]),
             ("agenda.next", {}, session.items[1]),
             ("agenda.next", {}, session.items[2]),
             ("agenda.back", {}, session.items[1]),
             ("agenda.goto", {"item_id": session.items[7]}, session.items[7])]
    for type, data, expected_item in steps:
        ack = fac.send(type, data)
        assert ack["ok"] is True, ack
        for peer in (ana, bo, projector):
            (event,) = peer.events()
            assert event["seq"] == ack["seq"] - 1  # then agenda.timed, for staff only
            assert event["type"] in ("session.started", "agenda.moved")
            assert live_item(event) == expected_item
            assert event["session"] == session.id
        for peer in (fac, cohost):
            staff = peer.events()
            assert [e["type"] for e in staff][1:] == ["agenda.timed"]
            assert [e["seq"] for e in staff] == [ack["seq"] - 1, ack["seq"]]
            assert live_item(staff[0]) == expected_item

    # a new device gets the same live item in its snapshot
    late = people.participant(room, "Late")
    assert late.snapshot["state"]["live"]["current"]["item"]["id"] == session.items[7]
    assert late.snapshot["seq"] == last_seq(app, room.id)


@pytest.mark.parametrize("who", ["participant", "projector", "cofacilitator"])
def test_only_the_facilitator_may_advance(app, course, room, people, who):
    fac = people.facilitator(room)
    assert fac.send("session.start", {"session_id": course.sessions[0].id})["ok"]
    watcher = people.participant(room, "Watcher")
    peer = {"participant": lambda: people.participant(room, "Ana"),
            "projector": lambda: people.projector(room),
            "cofacilitator": lambda: people.cofacilitator(room)}[who]()
    for p in (fac, watcher, peer):
        p.events()
    before = last_seq(app, room.id)

    for type, data in [("agenda.next", {}), ("agenda.back", {}),
                       ("agenda.goto", {"item_id": course.sessions[0].items[3]}),
                       ("session.start", {"session_id": course.sessions[1].id}),
                       ("session.end", {})]:
        ack = peer.send(type, data)
        assert ack["ok"] is False and ack["error"]["code"] == "forbidden", ack

    assert last_seq(app, room.id) == before
    assert fac.events() == [] and watcher.events() == [] and peer.events() == []
    assert peer.client.is_connected()
    # still in the room: the facilitator's next move reaches it
    assert fac.send("agenda.next")["ok"]
    assert live_item(peer.events()[0]) == course.sessions[0].items[1]


def test_a_repeated_command_id_is_applied_once(app, course, room, people):
    fac = people.facilitator(room)
    ana = people.participant(room, "Ana")
    fac.events(), ana.events()
    fac.send("session.start", {"session_id": course.sessions[0].id})
    fac.events(), ana.events()

    first = fac.send("agenda.next", id="move-42")
    seq = last_seq(app, room.id)
    again = fac.send("agenda.next", id="move-42")  # a retry after a drop

    assert again == first and first["ok"]
    assert last_seq(app, room.id) == seq
    assert len(ana.events()) == 1  # one agenda.moved, not two
    assert [e["type"] for e in fac.events()] == ["agenda.moved", "agenda.timed"]
    # a new id moves on
    assert fac.send("agenda.next", id="move-43")["seq"] == seq + 2


def test_a_client_that_missed_events_catches_up_with_sync(app, course, room, people):
    fac = people.facilitator(room)
    live = people.participant(room, "Live")
    dropped = people.participant(room, "Dropped")
    cohost_live = people.cofacilitator(room, "Cohost live")
    cohost_dropped = people.cofacilitator(room, "Cohost dropped")
    for peer in (live, dropped, cohost_live, cohost_dropped):
        peer.events()
    # what the two would-be-dropped clients hold now (a sync from the future is a snapshot)
    old = {peer.role: peer.client.emit("sync", {"since": 10 ** 6}, callback=True)["snapshot"]
           for peer in (dropped, cohost_dropped)}
    assert old["participant"]["seq"] == old["cofacilitator"]["seq"] == last_seq(app, room.id)

    session = course.sessions[1]
    for type, data in [("session.start", {"session_id": session.id}), ("agenda.next", {}),
                       ("agenda.next", {}), ("agenda.goto", {"item_id": session.items[5]}),
                       ("agenda.back", {})]:
        assert fac.send(type, data)["ok"]
    people.join_ok(room, "Someone new")
    assert live.send("participant.rename", {"name": "Live again"})["ok"]

    for live_peer, missed in ((live, dropped), (cohost_live, cohost_dropped)):
        pushed = live_peer.events()
        missed.events()  # what the dropped client would have lost
        answer = missed.client.emit("sync", {"since": old[missed.role]["seq"]}, callback=True)
        assert answer["ok"] is True and "snapshot" not in answer
        assert answer["seq"] == last_seq(app, room.id)
        assert answer["events"] == pushed
        assert pushed  # the comparison is not vacuous
        fresh = missed.client.emit("sync", {"since": answer["seq"] + 1}, callback=True)
        assert apply_events(old[missed.role]["state"], answer["events"]) == \
            fresh["snapshot"]["state"]
    assert {e["type"] for e in cohost_live.events()} == set()


def test_sync_from_the_present_is_empty(app, course, room, people):
    fac = people.facilitator(room)
    fac.send("session.start", {"session_id": course.sessions[0].id})
    answer = fac.client.emit("sync", {"since": last_seq(app, room.id)}, callback=True)
    assert answer == {"ok": True, "seq": 2, "events": []}


def test_sync_from_the_future_gets_a_snapshot(app, course, room, people):
    fac = people.facilitator(room)
    ana = people.participant(room, "Ana")
    fac.send("session.start", {"session_id": course.sessions[0].id})
    answer = ana.client.emit("sync", {"since": 99}, callback=True)
    assert answer["ok"] is True and "events" not in answer
    snap = answer["snapshot"]
    assert snap["seq"] == last_seq(app, room.id)
    assert snap["state"]["live"]["current"]["item"]["id"] == course.sessions[0].items[0]
    assert snap["me"]["id"] == ana.id


def test_a_fresh_sync_always_gets_a_snapshot(app, course, room, people):
    fac = people.facilitator(room)
    ana = people.participant(room, "Ana")
    fac.send("session.start", {"session_id": course.sessions[0].id})
    seq = last_seq(app, room.id)
    answer = ana.client.emit("sync", {"since": seq, "fresh": True}, callback=True)
    assert answer["ok"] is True and "events" not in answer
    assert answer["snapshot"]["seq"] == seq and answer["snapshot"]["me"]["id"] == ana.id
    assert ana.client.emit("sync", {"since": seq, "fresh": False}, callback=True)["events"] == []


@pytest.mark.app_config(SYNC_MAX_EVENTS=3)
def test_sync_across_too_long_a_gap_gets_a_snapshot(app, course, room, people):
    fac = people.facilitator(room)
    ana = people.participant(room, "Ana")
    fac.send("session.start", {"session_id": course.sessions[0].id})
    for _ in range(3):
        fac.send("agenda.next")
    # four visible events for a participant since 0: more than the limit
    answer = ana.client.emit("sync", {"since": 0}, callback=True)
    assert "events" not in answer
    assert answer["snapshot"]["state"]["live"]["current"]["item"]["id"] == \
        course.sessions[0].items[3]
    # three are still sent as events
    answer = ana.client.emit("sync", {"since": 2}, callback=True)
    assert [e["type"] for e in answer["events"]] == ["agenda.moved"] * 3


@pytest.mark.parametrize("payload", [None, "7", {"since": "7"}, {"since": -1}, {"since": 1.5},
                                     {}, {"since": 1, "extra": True}, [1],
                                     {"since": 1, "fresh": "maybe"}])
def test_a_bad_sync_is_invalid_and_keeps_the_connection(app, course, room, people, payload):
    ana = people.participant(room, "Ana")
    answer = ana.client.emit("sync", payload, callback=True)
    assert answer["ok"] is False and answer["error"]["code"] == "invalid"
    assert ana.client.is_connected()
    assert ana.client.emit("sync", {"since": 0}, callback=True)["ok"] is True


BAD_ENVELOPES = [
    pytest.param("agenda.next", id="string"),
    pytest.param([1, 2], id="list"),
    pytest.param(12, id="number"),
    pytest.param({"type": "agenda.next"}, id="no id"),
    pytest.param({"id": "abc"}, id="no type"),
    pytest.param({"id": "a b", "type": "agenda.next"}, id="bad id characters"),
    pytest.param({"id": "<script>", "type": "agenda.next"}, id="markup id"),
    pytest.param({"id": "abc", "type": "agenda.next", "data": "x"}, id="data not a dict"),
    pytest.param({"id": "abc", "type": "agenda.jump", "data": {}}, id="unknown type"),
    pytest.param({"id": "abc", "type": "agenda.goto", "data": {"item_id": "3"}},
                 id="wrong field type"),
    pytest.param({"id": "abc", "type": "agenda.next", "data": {"by": 2}}, id="unknown field"),
]


@pytest.mark.parametrize("envelope", BAD_ENVELOPES)
def test_bad_input_is_refused_and_the_connection_stays_up(app, course, room, people, envelope):
    fac = people.facilitator(room)
    ana = people.participant(room, "Ana")
    assert fac.send("session.start", {"session_id": course.sessions[0].id})["ok"]
    fac.events(), ana.events()
    before = last_seq(app, room.id)

    ack = fac.client.emit("command", envelope, callback=True)

    assert ack["ok"] is False and ack["error"]["code"] == "invalid", ack
    assert set(ack["error"]) == {"code", "message", "fields"}
    assert fac.client.is_connected()
    assert last_seq(app, room.id) == before
    assert ana.events() == [] and fac.events() == []
    ack = fac.send("agenda.next")
    assert ack["ok"] and ack["seq"] == before + 2


def test_a_refusal_speaks_the_language_the_page_was_opened_in(app, room, people):
    """Commands run without a request context of their own: the socket keeps the language
    its connect asked for."""
    participant_id, token = people.join_ok(room, "Ana")
    client = socketio.test_client(app, auth={"role": "participant", "token": token},
                                  query_string="lang=fr")
    people.opened.append(client)
    english = people.participant(room, "Bo")
    envelope = {"id": "abc", "type": "agenda.jump", "data": {}}

    french = client.emit("command", envelope, callback=True)
    assert french["error"]["message"] == "Type de commande inconnu : 'agenda.jump'."
    assert english.client.emit("command", envelope, callback=True)["error"]["message"] == (
        "Unknown command type 'agenda.jump'.")
    assert client.emit("sync", {"since": -1}, callback=True)["error"]["message"] != (
        english.client.emit("sync", {"since": -1}, callback=True)["error"]["message"])


def test_a_command_without_a_payload_is_invalid(app, room, people):
    fac = people.facilitator(room)
    ack = fac.client.emit("command", callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid"
    assert fac.client.is_connected()


@pytest.mark.app_config(MAX_COMMAND_BYTES=1024)
def test_an_oversize_command_is_too_large(app, course, room, people):
    ana = people.participant(room, "Ana")
    ana.events()
    ack = ana.send("participant.rename", {"name": "Ana", "bio": "x" * 2000})
    assert ack["ok"] is False and ack["error"]["code"] == "too_large"
    assert ana.client.is_connected()
    assert last_seq(app, room.id) == 1  # the join
    assert ana.send("participant.rename", {"name": "Ana M"})["ok"]


@pytest.mark.app_config(COMMAND_BURST=3, COMMAND_RATE=2.0)
def test_a_burst_beyond_the_limit_is_rate_limited(app, course, room, people):
    fac = people.facilitator(room)
    other = people.facilitator(room)
    ana = people.participant(room, "Ana")
    assert fac.send("session.start", {"session_id": course.sessions[0].id})["ok"]
    assert fac.send("agenda.next")["ok"]
    assert fac.send("agenda.next")["ok"]
    before = last_seq(app, room.id)

    ack = fac.send("agenda.next", id="over-the-limit")

    assert ack["ok"] is False and ack["error"]["code"] == "rate_limited"
    assert last_seq(app, room.id) == before
    assert fac.client.is_connected()
    # the budget is the actor's too: a second console of the same facilitator shares it,
    # while someone else is not slowed down
    assert other.send("agenda.next")["error"]["code"] == "rate_limited"
    assert ana.send("participant.rename", {"name": "Ana M"})["ok"]
    assert last_seq(app, room.id) == before + 1
    # after a pause the same command goes through: the refusal recorded nothing
    time.sleep(0.6)
    ack = fac.send("agenda.next", id="over-the-limit")
    assert ack["ok"] is True and ack["seq"] == before + 3


@pytest.mark.app_config(COMMAND_BURST=3, COMMAND_RATE=0.5)
def test_more_connections_with_one_token_share_one_budget(app, course, room, people):
    """A participant who opens sockets (or reconnects) with their token gets no fresh
    budget: the limit is per actor as well as per connection."""
    ana = people.participant(room, "Ana")
    sockets = [ana] + [people.connect_participant(room, ana.id, ana.token) for _ in range(3)]
    acks = [peer.send("participant.rename", {"name": f"Ana {n}"})
            for n, peer in enumerate(sockets)]
    assert [a["ok"] for a in acks] == [True, True, True, False]
    assert acks[-1]["error"]["code"] == "rate_limited"
    sockets[-1].client.disconnect()
    again = people.connect_participant(room, ana.id, ana.token)
    assert again.send("participant.rename", {"name": "Ana again"})["error"]["code"] == (
        "rate_limited")


def test_events_stay_in_their_room(app, course, room, people):
    other_room = open_room(app, course.id, "Another group")
    fac = people.facilitator(room)
    here = people.participant(room, "Here")
    there = people.participant(other_room, "There")
    there_fac = people.facilitator(other_room)
    for peer in (here, there, there_fac):
        peer.events()

    fac.send("session.start", {"session_id": course.sessions[0].id})
    people.join_ok(room, "Newcomer")

    assert len(here.events()) == 1
    assert there.events() == [] and there_fac.events() == []
    assert room_log(app, other_room.id) == [(1, "participant.joined", "staff")]


def test_participants_never_receive_staff_events(app, course, room, people):
    fac = people.facilitator(room)
    ana = people.participant(room, "Ana")
    projector = people.projector(room)
    cohost = people.cofacilitator(room)
    for peer in (fac, ana, projector, cohost):
        peer.events()

    fac.send("session.start", {"session_id": course.sessions[0].id})
    fac.send("agenda.next")
    people.join_ok(room, "Bo")
    ana.send("participant.rename", {"name": "Ana Maria"})
    people.cofacilitator(room, "Second cohost")
    fac.send("session.start", {"session_id": course.sessions[1].id})
    fac.send("session.end")

    staff_types = [e["type"] for e in fac.events()]
    assert {"participant.joined", "participant.renamed", "agenda.timed",
            "cofacilitator.joined", "session.ended"} <= set(staff_types)
    assert [e["type"] for e in cohost.events()] == staff_types
    for peer in (ana, projector):
        seen = peer.events()
        assert {e["scope"] for e in seen} == {"room"}
        assert [e["type"] for e in seen] == ["session.started", "agenda.moved",
                                             "session.started", "session.ended"]
        for event in seen:
            assert {c[0] for c in event["changes"]} == {"live"}
        # sync agrees with the live pushes
        answer = peer.client.emit("sync", {"since": 0}, callback=True)
        assert [e["type"] for e in answer["events"]] == [e["type"] for e in seen]


def test_snapshots_are_scoped(app, course, room, people):
    fac = people.facilitator(room)
    fac.send("session.start", {"session_id": course.sessions[0].id})
    ana = people.participant(room, "Ana")
    projector = people.projector(room)
    cohost = people.cofacilitator(room)
    fac = people.facilitator(room)  # a fresh snapshot, after the others joined

    for peer in (ana, projector):
        state = peer.snapshot["state"]
        assert not STAFF_ONLY & set(state), set(state)
        assert {"room", "sessions", "live"} <= set(state)
        assert ("my_answers" in state) == (peer is ana)  # private data: participants only
        assert set(peer.snapshot["aggregates"]) == {"live"}  # the room's live counts only
        assert "notes_html" not in state["live"]["current"]["item"]
    me = ana.snapshot["me"]
    assert me == {"role": "participant", "id": ana.id, "name": "Ana", "room": room.id,
                  "pseudonym": me["pseudonym"]}
    assert me["pseudonym"].startswith("anonymous:") and me["pseudonym"] != \
        people.participant(room, "Bo").snapshot["me"]["pseudonym"]
    for peer in (fac, cohost):
        state = peer.snapshot["state"]
        assert STAFF_ONLY <= set(state)
        assert len(state["agenda"]) == len(course.item_ids)
        assert str(ana.id) in state["participants"]
        assert "presence" in peer.snapshot["aggregates"]
    assert fac.snapshot["state"]["participants"][str(ana.id)]["name"] == "Ana"
    assert str(cohost.id) in fac.snapshot["state"]["cofacilitators"]


def test_every_connection_gets_one_snapshot_of_the_current_seq(app, course, room, people):
    fac = people.facilitator(room)
    assert fac.snapshot["seq"] == 0
    fac.send("session.start", {"session_id": course.sessions[0].id})
    again = people.facilitator(room)
    assert again.snapshot["seq"] == 2
    assert again.snapshot["state"]["runs"][str(course.sessions[0].id)]["ended_at"] is None
    assert again.snapshot["server_time"].endswith("Z")


def test_the_ack_comes_with_the_commit(app, course, room, people):
    """An acked command is in the log when the ack arrives (ack after commit)."""
    fac = people.facilitator(room)
    ack = fac.send("session.start", {"session_id": course.sessions[0].id},
                   id=uuid.uuid4().hex)
    assert room_log(app, room.id)[-1][0] == ack["seq"]


def test_a_connect_that_fails_half_way_is_refused_and_forgotten(app, course, room, people):
    from app.core import signals, sockets

    fac = people.facilitator(room)
    pid, token = people.join_ok(room, "Ana")

    def database_gone(actor, sid):
        raise RuntimeError("the database went away")

    known = len(sockets.CONNECTED)

    with signals.socket_connected.connected_to(database_gone):  # after presence
        client = people.raw({"role": "participant", "token": token})

    assert not client.is_connected()
    assert len(sockets.CONNECTED) == known
    with app.app_context():
        assert people_state.online_ids(room.id) == []  # its span was closed again
    assert fac.client.is_connected() and fac.send("session.start", {
        "session_id": course.sessions[0].id})["ok"]


def test_an_open_socket_keeps_its_actor_and_no_copy_of_the_session(app, course, room,
                                                                  people):
    """What each open socket costs the server: its Actor, with no per-instance dict, and no
    copy of the Flask session (the sign-in cookie is read at connect and never written)."""
    from app.core import sockets

    fac = people.facilitator(room)
    ana = people.participant(room, "Ana")
    assert fac.send("session.start", {"session_id": course.sessions[0].id})["ok"]
    assert ana.send("participant.rename", {"name": "Ana B"})["ok"]

    for peer in (fac, ana):
        sid = socketio.server.manager.sid_from_eio_sid(peer.client.eio_sid, "/")
        assert "saved_session" not in socketio.server.get_environ(sid)
        actor = sockets.CONNECTED[sid].actor
        assert (actor.role, actor.id) == (peer.role, peer.id)
        assert not hasattr(actor, "__dict__")
