"""Pre-work over Socket.IO in the app's own server, on SQLite and PostgreSQL: the completion
table is one coalesced aggregate to the facilitator, not a message per submission to
everyone; a co-facilitator sees only the teams given to them."""
import time

from app.extensions import db
from app.teams.models import TeamModerator
from tests.prework.helpers import SDG_PREP, SLIDES_PREP, store_upload, tiny_pdf
from tests.support import item_id, make_teams, wait_for


def drain(peer, into: list) -> list:
    """Add what the peer received since the last call to `into` (get_received empties it)."""
    into.extend(peer.client.get_received())
    return into


def named(messages, kind, name=None):
    return [m["args"][0] for m in messages
            if m["name"] == kind and (name is None or m["args"][0]["name"] == name)]


def ok(peer, type, data):
    ack = peer.send(type, data)
    assert ack["ok"] is True, ack
    return ack["result"]


def test_the_completion_table_is_coalesced_and_for_the_facilitator_only(app, course, room,
                                                                      people):
    fac, cohost = people.facilitator(room), people.cofacilitator(room)
    crowd = [people.participant(room, f"P{i}") for i in range(12)]
    task_id = ok(fac, "prework.open", {"item_id": item_id(app, course.id, SDG_PREP)})["task_id"]
    for peer in (fac, cohost, *crowd):
        peer.client.get_received()  # drop what came before
    for peer in crowd:
        ok(peer, "prework.submit", {"task_id": task_id, "answers": [f"SDG {peer.id}"]})
    name = f"prework:{task_id}"
    got = {id(peer): [] for peer in (fac, cohost, *crowd)}

    def last_table():
        tables = [a["data"] for a in named(drain(fac, got[id(fac)]), "aggregate", name)]
        return tables and len(tables[-1]["rows"]) == 12 and tables

    tables = wait_for(last_table, 3)
    assert tables, "the facilitator got no full completion table"
    assert len(tables) < len(crowd)  # several submissions per push
    assert {r["by"] for r in tables[-1]["rows"]} == {p.id for p in crowd}
    time.sleep(0.2)
    for peer in (cohost, *crowd):
        assert named(drain(peer, got[id(peer)]), "aggregate", name) == []
        assert name not in peer.snapshot["aggregates"]
    # every submission went to its author alone
    for peer in crowd:
        (event,) = named(got[id(peer)], "event")
        assert (event["type"], event["scope"]) == ("prework.submitted", f"participant:{peer.id}")
    assert named(got[id(fac)], "event") == [] and named(got[id(cohost)], "event") == []


def test_a_cofacilitator_receives_only_their_teams_submissions(app, course, room, people):
    fac = people.facilitator(room)
    theirs, other = people.cofacilitator(room, "Cody"), people.cofacilitator(room, "Oli")
    ana, chen = people.participant(room, "Ana"), people.participant(room, "Chen")
    one, two = make_teams(app, room.id, [ana.id], [chen.id])
    with app.app_context():
        db.session.add(TeamModerator(team_id=one, cofacilitator_id=theirs.id))
        db.session.add(TeamModerator(team_id=two, cofacilitator_id=other.id))
        db.session.commit()
        db.session.remove()
    task_id = ok(fac, "prework.open", {"item_id": item_id(app, course.id, SLIDES_PREP)})["task_id"]
    for peer in (fac, theirs, other, ana, chen):
        peer.events()
    upload_id = store_upload(app, ana.actor, tiny_pdf(1))
    ok(ana, "prework.submit", {"task_id": task_id, "upload_id": upload_id})
    for peer in (fac, theirs, ana):
        (event,) = peer.events()
        assert (event["type"], event["scope"]) == ("prework.submitted", f"team:{one}")
    for peer in (other, chen):
        assert peer.events() == []
    assert list(people.cofacilitator(room, "Late").snapshot["state"]["team_submissions"]) == []
