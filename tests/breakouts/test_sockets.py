"""Teams and breakouts over Socket.IO, on SQLite and PostgreSQL: a team's private events
(help requests, who is online) reach its members, its co-facilitators and the facilitator,
and nobody else, also after people are moved between teams."""
import time
from dataclasses import replace

from app.core.scopes import can_see
from tests.support import (
    QUIET,
    Peer,
    inboxes,
    last_seq,
    ok,
    received,
    room_log,
    run,
    sign_in,
    wait_for,
)


def fresh(peer: Peer) -> dict:
    """What a client asks for when its own team changed."""
    since = peer.snapshot.get("seq", 0)
    answer = peer.client.emit("sync", {"since": since, "fresh": True}, callback=True)
    assert answer["ok"] is True
    return answer["snapshot"]


class Room2:
    """Two teams of two, a co-facilitator for each, the facilitator and a projector."""

    def __init__(self, room, people):
        self.fac = people.facilitator(room)
        self.ana, self.bo, self.cy, self.di = (people.participant(room, n)
                                               for n in ("Ana", "Bo", "Cy", "Di"))
        self.cody = people.cofacilitator(room, "Cody")
        self.dee = people.cofacilitator(room, "Dee")
        self.projector = people.projector(room)
        ok(self.fac, "teams.make", {"count": 2, "mode": "empty"})
        teams = self.teams()
        self.one, self.two = teams[0]["id"], teams[1]["id"]
        for who, team in ((self.ana, self.one), (self.bo, self.one), (self.cy, self.two),
                          (self.di, self.two)):
            ok(self.fac, "team.move", {"participant_id": who.id, "team_id": team})
        ok(self.fac, "team.moderators", {"team_id": self.one, "cofacilitator_ids": [self.cody.id]})
        ok(self.fac, "team.moderators", {"team_id": self.two, "cofacilitator_ids": [self.dee.id]})

    def teams(self) -> list[dict]:
        state = fresh(self.fac)["state"]
        return sorted(state["teams"].values(), key=lambda t: t["position"])

    @property
    def everyone(self) -> list[Peer]:
        return [self.fac, self.ana, self.bo, self.cy, self.di, self.cody, self.dee,
                self.projector]


def test_a_help_request_reaches_its_team_its_cofacilitator_and_the_facilitator_only(
        app, course, room, people):
    r = Room2(room, people)
    ok(r.fac, "breakout.start", {"minutes": 10, "task": "Discuss"})
    inside, outside = inboxes(r.ana, r.bo, r.cody, r.fac), inboxes(r.cy, r.di, r.dee, r.projector)

    help_id = ok(r.ana, "help.ask")["result"]["help_id"]
    ok(r.cody, "help.take", {"help_id": help_id})
    ok(r.cody, "help.resolve", {"help_id": help_id})

    for box in inside:
        assert wait_for(lambda b=box: len(b.events()) == 3), box.peer.role
        assert [e["type"] for e in box.events()] == ["help.asked", "help.taken", "help.resolved"]
        assert {e["scope"] for e in box.events()} == {f"team:{r.one}"}
    time.sleep(QUIET)
    for box in outside:
        assert box.events() == [], box.peer.role
    # nor through sync, nor in a snapshot
    for peer in (r.cy, r.dee, r.projector):
        answer = peer.client.emit("sync", {"since": peer.snapshot["seq"]}, callback=True)
        assert all(e["type"] != "help.asked" for e in answer["events"]), peer.role


def test_open_help_requests_in_snapshots_follow_the_team(app, course, room, people):
    r = Room2(room, people)
    ok(r.fac, "breakout.start", {"minutes": 10})
    help_id = ok(r.cy, "help.ask")["result"]["help_id"]
    assert list(fresh(r.fac)["state"]["help"]) == [str(help_id)]
    assert list(fresh(r.dee)["state"]["help"]) == [str(help_id)]
    assert list(fresh(r.di)["state"]["help"]) == [str(help_id)]
    for peer in (r.ana, r.cody, r.projector):
        assert fresh(peer)["state"]["help"] == {}, peer.role
    refused = r.cody.send("help.take", {"help_id": help_id})
    assert refused["error"]["code"] == "forbidden"


def test_a_moved_participant_sees_its_new_team_and_no_longer_the_old_one(
        app, course, room, people):
    r = Room2(room, people)
    ok(r.fac, "breakout.start", {"minutes": 10})
    ana = inboxes(r.ana)[0]

    ok(r.fac, "team.move", {"participant_id": r.ana.id, "team_id": r.two})

    (moved,) = wait_for(lambda: ana.events()) or [None]
    assert moved["type"] == "team.moved" and moved["scope"] == "room"
    teams = {c[1]: c[2] for c in moved["changes"]}
    assert r.ana.id in [m["id"] for m in teams[str(r.two)]["members"]]
    ana.clear()
    ok(r.bo, "help.ask")  # the old team
    time.sleep(QUIET)
    assert ana.events() == []
    ok(r.di, "help.ask")  # the new team
    assert wait_for(lambda: [e["type"] for e in ana.events()] == ["help.asked"])
    assert [h["team_id"] for h in fresh(r.ana)["state"]["help"].values()] == [r.two]


def test_a_cofacilitator_given_another_team_sees_that_team_instead(app, course, room, people):
    r = Room2(room, people)
    ok(r.fac, "breakout.start", {"minutes": 10})
    ok(r.fac, "team.moderators", {"team_id": r.one, "cofacilitator_ids": []})
    ok(r.fac, "team.moderators", {"team_id": r.two, "cofacilitator_ids": [r.dee.id, r.cody.id]})
    cody = inboxes(r.cody)[0]

    ok(r.ana, "help.ask")
    help_two = ok(r.cy, "help.ask")["result"]["help_id"]

    assert wait_for(lambda: [e["scope"] for e in cody.events()] == [f"team:{r.two}"])
    time.sleep(QUIET)
    assert [e["scope"] for e in cody.events()] == [f"team:{r.two}"]
    ok(r.cody, "help.take", {"help_id": help_two})


def test_who_is_online_in_a_team_reaches_that_team_only(app, course, room, people):
    r = Room2(room, people)
    ok(r.fac, "breakout.start", {"minutes": 10})
    one = inboxes(r.ana, r.cody, r.fac)
    two = inboxes(r.cy, r.dee, r.projector)
    r.bo.client.disconnect()

    for box in one:
        assert wait_for(lambda b=box: any(a["online"] == [r.ana.id]
                                          for a in b.aggregates(f"team_online:{r.one}"))), \
            box.peer.role
    time.sleep(QUIET)
    for box in two:
        assert box.aggregates(f"team_online:{r.one}") == [], box.peer.role
    snapshot = fresh(r.cy)
    assert f"team_online:{r.one}" not in snapshot["aggregates"]
    assert snapshot["aggregates"][f"team_online:{r.two}"]["online"] == sorted([r.cy.id, r.di.id])


def test_starting_and_closing_reach_everyone_with_the_countdown(app, course, room, people):
    r = Room2(room, people)
    everyone = inboxes(*r.everyone)
    ok(r.fac, "breakout.start", {"minutes": 10, "task": "Three ideas"})
    ok(r.fac, "breakout.broadcast", {"text": "5 minutes left"})
    ok(r.fac, "breakout.close")
    for box in everyone:
        assert wait_for(lambda b=box: len(b.events()) == 3), box.peer.role
        started, broadcast, closed = box.events()
        assert started["changes"][0][2]["seconds"] == 600
        assert started["changes"][0][2]["task"] == "Three ideas"
        assert broadcast["changes"][0][2]["message"] == "5 minutes left"
        assert closed["changes"] == [["breakout", "current", None]]


def test_bad_input_is_refused_and_reaches_no_one(app, course, room, people):
    r = Room2(room, people)
    everyone = inboxes(*r.everyone)
    before = last_seq(app, room.id)
    refusals = [
        (r.fac, "breakout.close", {}, "conflict"),
        (r.ana, "breakout.start", {"minutes": 5}, "forbidden"),
        (r.ana, "team.join", {"team_id": r.two}, "forbidden"),
        (r.cody, "team.move", {"participant_id": r.cy.id, "team_id": r.one}, "forbidden"),
        (r.cody, "team.move", {"participant_id": r.ana.id, "team_id": r.two}, "forbidden"),
        (r.ana, "team.role", {"team_id": r.two, "participant_id": r.cy.id, "role": "presenter"},
         "forbidden"),
        (r.fac, "teams.make", {"count": "many"}, "invalid"),
        (r.fac, "teams.make", {"count": 2, "size": 2}, "invalid"),
        (r.fac, "team.rename", {"team_id": r.one, "name": ["x"]}, "invalid"),
        (r.fac, "team.move", {"participant_id": r.ana.id, "team_id": 10**12}, "invalid"),
        (r.ana, "help.ask", {}, "conflict"),
        (r.projector, "help.ask", {}, "forbidden"),
    ]
    for peer, type, data, code in refusals:
        ack = peer.send(type, data)
        assert ack["ok"] is False and ack["error"]["code"] == code, (type, ack)
        assert peer.client.is_connected()
    time.sleep(QUIET)
    assert last_seq(app, room.id) == before
    for box in everyone:
        assert box.events() == [], box.peer.role


def test_reconnects_passing_since_get_what_their_scopes_allow(app, course, room, people):
    """The reconnect storm's answer, per kind of actor: one prepared read binds each one's
    scopes (a projector's one, a participant's own and its team's, a co-facilitator's
    teams; every team for the facilitator), and a member back online shows in its team."""
    r = Room2(room, people)
    ok(r.fac, "breakout.start", {"minutes": 10})
    poll_id = ok(r.fac, "poll.create", {"kind": "single", "question": "Pick one",
                                        "options": ["A", "B"]})["result"]["poll_id"]
    ok(r.fac, "poll.open", {"poll_id": poll_id})
    since = last_seq(app, room.id)
    # who drops, with the teams it is in or moderates (the facilitator: in none, sees all)
    away = [(r.fac, ()), (r.ana, (r.one,)), (r.cy, (r.two,)), (r.cody, (r.one,)),
            (r.projector, ())]
    for peer, _ in away:
        peer.client.disconnect()

    ok(r.bo, "help.ask")
    ok(r.di, "help.ask")
    ok(r.bo, "poll.answer", {"poll_id": poll_id, "choices": [0]})
    ack, _ = run(app, r.ana.actor, "poll.answer", {"poll_id": poll_id, "choices": [1]})
    assert ack["ok"], ack  # from her other device
    ok(r.bo, "participant.rename", {"name": "Bo B."})
    log = [(seq, scope) for seq, _, scope in room_log(app, room.id) if seq > since]
    assert {scope.split(":")[0] for _, scope in log} == {"team", "room", "participant", "staff"}

    http = sign_in(app, people.account())
    for peer, teams in away:
        auth = ({"role": "facilitator", "room": room.id} if peer is r.fac
                else {"role": peer.role, "token": peer.token})
        back = people.raw({**auth, "since": since}, http if peer is r.fac else None)
        (answer,) = received(back, "events")
        sees = replace(peer.actor, teams=teams)
        assert [e["seq"] for e in answer["events"]] == \
            [seq for seq, scope in log if can_see(sees, scope)], peer.role
        if peer is r.fac:
            fac = back

    def ana_online() -> bool:
        return any(a["name"] == f"team_online:{r.one}" and r.ana.id in a["data"]["online"]
                   for a in received(fac, "aggregate"))

    assert wait_for(ana_online)
