"""Teams through the dispatcher: every rule, and every refusal changes nothing."""
import math
from collections import Counter

import pytest

from app.core import scopes
from app.core.scopes import Actor
from app.extensions import db
from app.teams.models import TeamMember
from tests.support import count, refused, room_log

pytestmark = pytest.mark.usefixtures("app")


def sizes(stage) -> list[int]:
    return [len(t["members"]) for t in stage.teams()]


# --------------------------------------------------------------------------- making teams

def test_n_teams_at_random_are_balanced_and_take_everyone_once(stage):
    people = stage.crowd(23)

    stage.make(count=5)

    teams = stage.teams()
    assert [t["name"] for t in teams] == [f"Team {i}" for i in range(1, 6)]
    assert sorted(sizes(stage)) == [4, 4, 5, 5, 5]
    placed = Counter(m["id"] for t in teams for m in t["members"])
    assert placed == Counter(p.id for p in people)


def test_teams_of_size_k_make_enough_teams(stage):
    stage.crowd(10)
    stage.make(size=3)
    assert len(stage.teams()) == math.ceil(10 / 3)
    assert sorted(sizes(stage)) == [2, 2, 3, 3]


def test_new_teams_replace_the_active_ones_and_the_old_ones_stay(stage, app):
    from app.teams.models import Grouping
    stage.crowd(4)
    first = stage.make(count=2, label="Course teams")
    second = stage.make(count=4)
    assert len(stage.teams()) == 4
    assert count(app, Grouping, Grouping.active.is_(True)) == 1
    stage.ok(stage.fac, "teams.activate", {"grouping_id": first})
    assert [t["grouping_id"] for t in stage.teams()] == [first, first]
    assert stage.messages[0]["type"] == "teams.activated"
    changes = {(c[0], c[1]): c[2] for c in stage.messages[0]["changes"]}
    assert changes[("groupings", str(second))]["active"] is False
    assert changes[("groupings", str(first))]["label"] == "Course teams"
    assert sum(1 for (kind, _), v in changes.items() if kind == "teams" and v is None) == 4
    refused(stage, stage.fac, "teams.activate", {"grouping_id": first}, "conflict")
    refused(stage, stage.fac, "teams.activate", {"grouping_id": 999_999}, "not_found")


def test_empty_teams_for_manual_assignment_and_late_joiners_go_to_the_smallest(stage):
    ana, bo = stage.crowd(2)
    stage.make(count=3, mode="empty")
    assert sizes(stage) == [0, 0, 0]
    one, two, three = (t["id"] for t in stage.teams())
    stage.ok(stage.fac, "team.move", {"participant_id": ana.id, "team_id": one})
    stage.ok(stage.fac, "team.move", {"participant_id": bo.id, "team_id": three})

    joined = stage.ok(Actor("guest", None, stage.room.id), "participant.join", {"name": "Lee"})
    late = Actor("participant", joined["participant_id"], stage.room.id)

    assert stage.team_of(late)["id"] == two
    assert [m["type"] for m in stage.messages] == ["participant.joined", "team.joined"]
    assert stage.messages[1]["scope"] == "room"
    later = stage.join("Later Lu")
    assert stage.team_of(later)["id"] == one  # all of size 1: the first by position


def test_a_new_name_shows_in_the_team(stage):
    ana = stage.join("Ana")
    stage.make(count=1)
    stage.ok(ana, "participant.rename", {"name": "Ana Maria"})
    assert stage.teams()[0]["members"][0]["name"] == "Ana Maria"


def test_renaming_does_not_place_someone_the_facilitator_has_not_placed(stage):
    ana = stage.join("Ana")
    stage.make(count=2, mode="empty")
    stage.ok(ana, "participant.rename", {"name": "Ana Maria"})
    assert sizes(stage) == [0, 0]
    stage.join("Late")  # joining still places a latecomer
    assert sorted(sizes(stage)) == [0, 1]


# --------------------------------------------------------------------------- self-select

def test_self_select_with_a_capacity(stage):
    ana, bo, cy = stage.crowd(3)
    stage.make(count=2, mode="self_select", capacity=2)
    one, two = (t["id"] for t in stage.teams())
    assert sizes(stage) == [0, 0]
    assert stage.join("Late").id not in [m["id"] for t in stage.teams() for m in t["members"]]

    stage.ok(ana, "team.join", {"team_id": one})
    stage.ok(bo, "team.join", {"team_id": one})
    refused(stage, cy, "team.join", {"team_id": one}, "conflict")  # full
    refused(stage, ana, "team.join", {"team_id": one}, "conflict")  # already there
    stage.ok(ana, "team.join", {"team_id": two})  # a switch
    assert sizes(stage) == [1, 1]
    stage.ok(cy, "team.join", {"team_id": one})


def test_switching_is_refused_when_the_facilitator_assigns(stage):
    ana, bo = stage.crowd(2)
    stage.make(count=2)
    other = next(t for t in stage.teams() if t["id"] != stage.team_of(ana)["id"])
    refused(stage, ana, "team.join", {"team_id": other["id"]}, "forbidden")


# --------------------------------------------------------------------------- moving

def test_the_facilitator_moves_anyone_and_the_role_stays_behind(stage):
    ana, *_ = stage.crowd(4)
    stage.make(count=2)
    home = stage.team_of(ana)["id"]
    other = next(t["id"] for t in stage.teams() if t["id"] != home)
    stage.ok(stage.fac, "team.role", {"team_id": home, "participant_id": ana.id,
                                      "role": "presenter"})
    stage.ok(stage.fac, "team.move", {"participant_id": ana.id, "team_id": other})
    moved = [m for m in stage.team_of(ana)["members"] if m["id"] == ana.id]
    assert stage.team_of(ana)["id"] == other and moved[0]["role"] is None
    (event,) = stage.messages
    assert event["type"] == "team.moved" and event["scope"] == "room"
    assert {c[1] for c in event["changes"]} == {str(home), str(other)}
    refused(stage, stage.fac, "team.move", {"participant_id": ana.id, "team_id": other},
                  "conflict")
    refused(stage, stage.fac, "team.move", {"participant_id": 999_999, "team_id": other},
                  "not_found")


def test_the_team_lookup_counts_a_commands_own_unsaved_changes(stage, app):
    """teams_of reads plain rows, which the ORM does not flush for: it flushes itself, so
    a handler that has just placed someone sees the new team."""
    ana = stage.join("Ana")
    grouping_id = stage.make(count=2, mode="empty")
    team_id = stage.teams()[0]["id"]
    with app.app_context():
        assert scopes.teams_of(ana) == ()
        db.session.add(TeamMember(team_id=team_id, grouping_id=grouping_id,
                                  participant_id=ana.id))
        assert scopes.teams_of(ana) == (team_id,)
        db.session.remove()
    assert stage.team_of(ana) is None


def test_a_cofacilitator_moves_people_only_between_its_own_teams(stage):
    stage.crowd(6)
    cody = stage.cohost()
    stage.make(count=3)
    one, two, three = stage.teams()
    stage.moderate(cody, one["id"], two["id"])
    mover = one["members"][0]["id"]
    stranger = three["members"][0]["id"]

    stage.ok(cody, "team.move", {"participant_id": mover, "team_id": two["id"]})
    refused(stage, cody, "team.move", {"participant_id": mover, "team_id": three["id"]},
                  "forbidden")
    refused(stage, cody, "team.move", {"participant_id": stranger, "team_id": one["id"]},
                  "forbidden")
    refused(stage, cody, "team.rename", {"team_id": one["id"], "name": "Mine"}, "forbidden")


def test_a_team_of_inactive_teams_cannot_be_joined_or_moved_to(stage):
    ana = stage.join("Ana")
    stage.make(count=2)
    old = stage.teams()[0]["id"]
    stage.make(count=2)
    refused(stage, stage.fac, "team.move", {"participant_id": ana.id, "team_id": old},
                  "conflict")


# ------------------------------------------------------------- names, roles, moderators

def test_rename_a_team(stage):
    stage.make(count=2)
    team = stage.teams()[0]["id"]
    stage.ok(stage.fac, "team.rename", {"team_id": team, "name": "  <b>Owls</b> "})
    assert stage.teams()[0]["name"] == "<b>Owls</b>"
    refused(stage, stage.fac, "team.rename", {"team_id": team, "name": "   "}, "invalid")
    refused(stage, stage.fac, "team.rename", {"team_id": team, "name": "x" * 81}, "invalid")
    refused(stage, stage.fac, "team.rename", {"team_id": 999_999, "name": "X"}, "not_found")


def test_a_team_chooses_its_own_facilitator_and_presenter(stage):
    people = stage.crowd(4)
    stage.make(count=2)
    mine, theirs = stage.teams()
    me = next(p for p in people if p.id == mine["members"][0]["id"])
    mate = mine["members"][1]["id"]

    stage.ok(me, "team.role", {"team_id": mine["id"], "participant_id": mate,
                               "role": "presenter"})
    stage.ok(me, "team.role", {"team_id": mine["id"], "participant_id": me.id,
                               "role": "presenter"})  # one presenter per team
    stage.ok(me, "team.role", {"team_id": mine["id"], "participant_id": mate,
                               "role": "facilitator"})
    roles = {m["id"]: m["role"] for m in stage.teams()[0]["members"]}
    assert roles == {me.id: "presenter", mate: "facilitator"}

    refused(stage, me, "team.role", {"team_id": theirs["id"],
                                    "participant_id": theirs["members"][0]["id"],
                                    "role": "presenter"}, "forbidden")
    refused(stage, me, "team.role", {"team_id": mine["id"],
                                    "participant_id": theirs["members"][0]["id"],
                                    "role": "presenter"}, "not_found")
    refused(stage, me, "team.role", {"team_id": mine["id"], "participant_id": mate,
                                    "role": "boss"}, "invalid")
    stage.ok(stage.fac, "team.role", {"team_id": mine["id"], "participant_id": mate,
                                      "role": None})


def test_moderators_are_set_per_team(stage):
    cody, dee = stage.cohost("Cody"), stage.cohost("Dee")
    stage.make(count=2)
    team = stage.teams()[0]["id"]
    stage.ok(stage.fac, "team.moderators", {"team_id": team,
                                            "cofacilitator_ids": [cody.id, dee.id]})
    assert [m["name"] for m in stage.teams()[0]["moderators"]] == ["Cody", "Dee"]
    stage.ok(stage.fac, "team.moderators", {"team_id": team, "cofacilitator_ids": [dee.id]})
    assert [m["name"] for m in stage.teams()[0]["moderators"]] == ["Dee"]
    refused(stage, stage.fac, "team.moderators", {"team_id": team,
                                                 "cofacilitator_ids": [999_999]}, "not_found")
    refused(stage, cody, "team.moderators", {"team_id": team, "cofacilitator_ids": []},
                  "forbidden")


def test_the_log_names_every_team_change(stage, app):
    stage.crowd(2)
    stage.make(count=2)
    assert [t for _, t, _ in room_log(app, stage.room.id)][-1] == "teams.made"
    assert stage.footprint()["grouping"]
