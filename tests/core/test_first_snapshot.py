"""A crowd's first snapshots share one state: a participant with nothing of its own gets
the state built for its teams' participants a moment ago with the events since folded in,
and that equals a fresh snapshot of its own; anyone else gets a snapshot of its own."""
from app.core.scopes import Actor
from tests.support import make_teams, snapshot_of


def shared_states(app) -> dict:
    return app.extensions["workshop.shared_states"]


def assert_fresh(app, peer, name: str) -> None:
    fresh = snapshot_of(app, Actor("participant", peer.id, peer.room_id, name))
    assert peer.snapshot["state"] == fresh["state"]
    assert peer.snapshot["seq"] == fresh["seq"]
    assert peer.snapshot["me"] == fresh["me"]
    assert peer.snapshot["aggregates"] == fresh["aggregates"]


def test_arrivals_share_one_state_with_the_events_since_folded_in(app, course, room, people):
    fac = people.facilitator(room)
    ana_id, ana_token = people.join_ok(room, "Ana")
    ben_id, ben_token = people.join_ok(room, "Ben")
    (team,) = make_teams(app, room.id, [ben_id])  # rows, before any state is shared
    assert fac.send("session.start", {"session_id": course.sessions[0].id})["ok"]

    ben = people.connect_participant(room, ben_id, ben_token)
    assert_fresh(app, ben, "Ben")
    (key,) = shared_states(app)
    built = shared_states(app)[key]
    assert key == (room.id, room.code, (team,))  # built for the participants of his team
    # the room moves on: a slide, a live poll that Ana answers (hers alone)
    assert fac.send("agenda.next")["ok"]
    poll = fac.send("poll.create", {"kind": "single", "question": "Pick one",
                                    "options": ["A", "B"], "results": "live"})
    assert fac.send("poll.open", {"poll_id": poll["result"]["poll_id"]})["ok"]
    ana = people.connect_participant(room, ana_id, ana_token)
    assert (room.id, room.code, ()) in shared_states(app)  # no team: a state of its own
    assert_fresh(app, ana, "Ana")
    assert ana.send("poll.answer", {"poll_id": poll["result"]["poll_id"], "choices": [1]})["ok"]

    # Cleo, placed into Ben's team as she joins, gets the state built for Ben, several
    # events old, with them folded in
    cleo = people.participant(room, "Cleo")
    assert shared_states(app)[key] is built
    assert built.seq < cleo.snapshot["seq"]
    assert cleo.snapshot["state"] != built.state
    assert_fresh(app, cleo, "Cleo")
    # Ana, back without `since` once no state is shared any more, has an answer of her own
    # that no state built for others holds: a snapshot of her own
    shared_states(app).clear()
    again = people.connect_participant(room, ana_id, ana_token)
    assert again.snapshot["state"]["my_answers"]
    assert_fresh(app, again, "Ana")
