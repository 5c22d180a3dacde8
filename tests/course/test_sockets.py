"""Live navigation over sockets, as the console, phones and the projector live it."""
from tests.support import apply_events, open_room


def test_live_pushes_keep_every_client_equal_to_a_fresh_snapshot(app, course, room, people):
    fac = people.facilitator(room)
    peers = [fac, people.participant(room, "Ana"), people.projector(room),
             people.cofacilitator(room)]
    states = {id(p): p.client.emit("sync", {"since": 10 ** 6}, callback=True)["snapshot"]
              for p in peers}
    for p in peers:
        p.events()
    one, two = course.sessions[0], course.sessions[1]

    for type, data in [("session.start", {"session_id": one.id}), ("agenda.next", {}),
                       ("agenda.goto", {"item_id": one.items[10]}), ("agenda.back", {}),
                       ("session.start", {"session_id": two.id}), ("agenda.next", {}),
                       ("session.end", {}), ("session.start", {"session_id": one.id})]:
        assert fac.send(type, data)["ok"], (type, data)

    for p in peers:
        pushed = p.events()
        fresh = p.client.emit("sync", {"since": 10 ** 6}, callback=True)["snapshot"]
        assert apply_events(states[id(p)]["state"], pushed) == fresh["state"], p.role
        assert fresh["state"]["live"]["current"]["item"]["id"] == one.items[9]


def test_the_console_sees_runs_and_timings_change(app, course, room, people):
    fac = people.facilitator(room)
    session = course.sessions[0]
    fac.send("session.start", {"session_id": session.id})
    fac.send("agenda.next")
    events = fac.events()
    timed = [e for e in events if e["type"] == "agenda.timed"]
    assert len(timed) == 2
    collections = {(c[0], c[1]) for e in timed for c in e["changes"]}
    assert ("runs", str(session.id)) in collections
    assert ("timings", str(session.items[0])) in collections
    assert ("timings", str(session.items[1])) in collections
    run = [c[2] for c in timed[-1]["changes"] if c[0] == "runs"][0]
    assert run["current_item_id"] == session.items[1] and run["ended_at"] is None


def test_a_facilitator_drives_only_the_room_it_connected_to(app, course, room, people):
    other = open_room(app, course.id, "Other cohort")
    fac_here = people.facilitator(room)
    fac_there = people.facilitator(other)
    watcher = people.participant(other, "There")
    watcher.events()

    assert fac_here.send("session.start", {"session_id": course.sessions[0].id})["ok"]

    assert watcher.events() == []
    assert fac_there.snapshot["state"]["live"]["current"] == {"session_id": None}
    ack = fac_there.send("agenda.next")
    assert ack["error"]["code"] == "conflict"  # nothing is live in the other room


def test_conflicts_reach_only_the_sender(app, course, room, people):
    fac = people.facilitator(room)
    ana = people.participant(room, "Ana")
    fac.send("session.start", {"session_id": course.sessions[0].id})
    fac.events(), ana.events()

    back = fac.send("agenda.back")
    goto = fac.send("agenda.goto", {"item_id": course.sessions[2].items[0]})

    assert back["error"]["code"] == "conflict"
    assert goto["error"]["code"] == "not_found"
    assert fac.events() == [] and ana.events() == []
    assert fac.client.is_connected()
