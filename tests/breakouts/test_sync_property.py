"""The spine's property with teams in play: applying the events `sync` returns to a stale
snapshot gives the fresh snapshot, for observers whose own teams stay the same (one whose
team changes asks for a fresh snapshot instead: see docs/protocol.md).

Random sequences move the other participants, rename teams, give roles (also refused ones),
start, extend, message and close breakouts, ask for help in every team and pick up or resolve
requests (also another team's), and let newcomers join and names change. The observers: the
facilitator, a participant of team 1, the co-facilitator of teams 1 and 2, the projector.
"""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.scopes import Actor
from tests.support import assert_stale_snapshots_catch_up, open_room, run, snapshot_of


def operations():
    return st.one_of(
        st.tuples(st.just("help.ask"), st.integers(0, 3)),
        st.tuples(st.just("breakout.start"), st.integers(1, 30)),
        st.tuples(st.just("help.take"), st.integers(0, 1), st.integers(0, 5)),
        st.tuples(st.just("help.resolve"), st.integers(0, 1), st.integers(0, 5)),
        st.tuples(st.just("team.move"), st.integers(0, 3), st.integers(0, 2)),
        st.tuples(st.just("team.rename"), st.integers(0, 2)),
        st.tuples(st.just("team.role"), st.integers(0, 2), st.integers(0, 5),
                  st.sampled_from(["facilitator", "presenter", None])),
        st.tuples(st.just("breakout.extend")),
        st.tuples(st.just("breakout.broadcast")),
        st.tuples(st.just("breakout.close")),
        st.tuples(st.just("participant.join")),
        st.tuples(st.just("participant.rename"), st.integers(0, 3)),
    )


class World:
    """One new room: three teams, the observer in team 1, the co-facilitator on teams 1, 2."""

    def __init__(self, app, course):
        self.app = app
        self.room = open_room(app, course.id)
        self.facilitator = Actor("facilitator", 1, self.room.id, "Fran")
        self.participant = self.join("Observer")
        self.others = [self.join(name) for name in ("Bo", "Cy", "Di")]
        ack, _ = run(app, Actor("invitee", None, self.room.id), "cofacilitator.accept",
                     {"name": "Cody"})
        self.cofacilitator = Actor("cofacilitator", ack["result"]["cofacilitator_id"],
                                   self.room.id, "Cody")
        self.projector = Actor("projector", None, self.room.id, "projector")
        self.must("teams.make", {"count": 3, "mode": "empty"})
        self.teams = self._team_ids()
        for who, team in zip([self.participant, *self.others], [0, 0, 1, 2], strict=True):
            self.must("team.move", {"participant_id": who.id, "team_id": self.teams[team]})
        for team in self.teams[:2]:
            self.must("team.moderators", {"team_id": team,
                                          "cofacilitator_ids": [self.cofacilitator.id]})
        self.help: list[int] = []

    def _team_ids(self) -> list[int]:
        teams = snapshot_of(self.app, self.facilitator)["state"]["teams"].values()
        return [t["id"] for t in sorted(teams, key=lambda t: t["position"])]

    def join(self, name: str) -> Actor:
        ack, _ = run(self.app, Actor("guest", None, self.room.id), "participant.join",
                     {"name": name})
        assert ack["ok"], ack
        return Actor("participant", ack["result"]["participant_id"], self.room.id, name)

    def must(self, type: str, data: dict) -> dict:
        ack, _ = run(self.app, self.facilitator, type, data)
        assert ack["ok"], ack
        return ack

    def run(self, actor: Actor, type: str, data: dict) -> dict:
        ack, _ = run(self.app, actor, type, data)
        if not ack["ok"]:
            assert ack["error"]["code"] in ("invalid", "not_found", "conflict", "forbidden"), \
                (type, ack)
        return ack

    def apply(self, op) -> None:
        kind, people = op[0], [self.participant, *self.others]
        if kind == "help.ask":
            ack = self.run(people[op[1]], kind, {})
            if ack["ok"]:
                self.help.append(ack["result"]["help_id"])
        elif kind in ("help.take", "help.resolve"):
            actor = (self.facilitator, self.cofacilitator)[op[1]]
            help_id = self.help[op[2] % len(self.help)] if self.help else 2**31 - 1
            self.run(actor, kind, {"help_id": help_id})
        elif kind == "breakout.start":
            self.run(self.facilitator, kind, {"minutes": op[1], "task": f"Task {op[1]}"})
        elif kind == "breakout.extend":
            self.run(self.facilitator, kind, {"minutes": 2})
        elif kind == "breakout.broadcast":
            self.run(self.facilitator, kind, {"text": "Two minutes"})
        elif kind == "team.move":  # never the observer: its own team stays
            self.run(self.facilitator, kind, {"participant_id": self.others[op[1] % 3].id,
                                              "team_id": self.teams[op[2]]})
        elif kind == "team.rename":
            self.run(self.facilitator, kind, {"team_id": self.teams[op[1]], "name": f"T{op}"})
        elif kind == "team.role":
            actor = (self.facilitator, self.participant, self.others[0])[op[1]]
            member = people[op[2] % len(people)]
            self.run(actor, kind, {"team_id": self.teams[op[2] % 3],
                                   "participant_id": member.id, "role": op[3]})
        elif kind == "participant.join":
            self.others.append(self.join("Newcomer"))
        elif kind == "participant.rename":
            self.run(people[op[1]], kind, {"name": f"Renamed {op[1]}"})
        else:
            self.run(self.facilitator, kind, {})

    @property
    def observers(self) -> list[Actor]:
        return [self.facilitator, self.participant, self.cofacilitator, self.projector]


def test_events_since_a_snapshot_turn_it_into_the_fresh_snapshot_with_teams(app, course):
    @settings(max_examples=25, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(data=st.data())
    def check(data):
        world = World(app, course)
        ops = [("breakout.start", 10), ("help.ask", 0), ("help.ask", 2),
               *data.draw(st.lists(operations(), min_size=6, max_size=30), label="operations")]
        split = data.draw(st.integers(0, len(ops)), label="snapshot after")
        for actor, fresh, events in assert_stale_snapshots_catch_up(app, world, ops, split):
            own = {f"team:{world.teams[0]}", "room", f"participant:{world.participant.id}"}
            if actor.role == "participant":
                assert {e["scope"] for e in events} <= own
            if actor.role == "cofacilitator":
                assert f"team:{world.teams[2]}" not in {e["scope"] for e in events}
                assert all(h["team_id"] != world.teams[2]
                           for h in fresh["state"]["help"].values())
            if actor.role == "projector":
                assert fresh["state"]["help"] == {}

    check()
