"""Breakouts and help requests through the dispatcher: every rule, and every refusal
changes nothing."""
import pytest

from app.boards.models import Board
from app.core.scopes import Actor
from tests.support import count, item_id, refused, snapshot_of
from tests.teams.helpers import SDGS

pytestmark = pytest.mark.usefixtures("app")


# --------------------------------------------------------------------------- breakouts

def test_a_breakout_takes_its_task_and_minutes_from_the_agenda_item(stage, app):
    stage.crowd(4)
    stage.make(count=2)
    stage.start(item_id=item_id(app, stage.course_id, SDGS))
    event = stage.messages[0]
    assert event["type"] == "breakout.started" and event["scope"] == "room"
    view = event["changes"][0][2]
    assert view["seconds"] == 15 * 60
    assert view["task"].startswith("In your team discuss and select some SDGs")


def test_a_breakout_item_with_team_boards_gives_each_team_its_own(stage, app):
    people = stage.crowd(4)
    stage.make(count=2)
    sdgs = item_id(app, stage.course_id, SDGS)
    stage.start(item_id=sdgs)
    made = [m for m in stage.messages if m["type"] == "board.created"]
    teams = {t["id"]: t for t in stage.teams()}
    assert sorted(m["scope"] for m in made) == sorted(f"team:{t}" for t in teams)
    boards = {m["changes"][0][2]["team_id"]: m["changes"][0][2] for m in made}
    assert all(b["item_id"] == sdgs for b in boards.values())
    # each participant's snapshot has their own team's board and no other
    for person in people:
        mine = stage.team_of(person)["id"]
        seen = snapshot_of(app, person)["state"]["boards"]
        assert [b["team_id"] for b in seen.values() if b["team_id"]] == [mine]
    # a second breakout of the same item finds the same boards
    stage.ok(stage.fac, "breakout.close")
    stage.start(item_id=sdgs)
    assert [m for m in stage.messages if m["type"] == "board.created"] == []
    assert count(app, Board, Board.room_id == stage.room.id) == 2


def test_breakout_lifecycle_and_its_refusals(stage, app):
    refused(stage, stage.fac, "breakout.start", {"minutes": 5}, "conflict")  # no teams yet
    stage.crowd(4)
    stage.make(count=2)
    refused(stage, stage.fac, "breakout.start",
                  {"item_id": item_id(app, stage.course_id, "s5-obstacles")}, "invalid")
    refused(stage, stage.fac, "breakout.close", {}, "conflict")  # not running
    refused(stage, stage.fac, "breakout.extend", {"minutes": 2}, "conflict")

    stage.start(minutes=10, task="Pick three ideas")
    refused(stage, stage.fac, "breakout.start", {"minutes": 5}, "conflict")
    refused(stage, stage.fac, "teams.make", {"count": 3}, "conflict")

    assert stage.ok(stage.fac, "breakout.extend", {"minutes": 5})["seconds"] == 15 * 60
    stage.ok(stage.fac, "breakout.broadcast", {"text": "5 minutes left"})
    assert stage.messages[0]["changes"][0][2]["message"] == "5 minutes left"
    refused(stage, stage.fac, "breakout.broadcast", {"text": "  "}, "invalid")
    stage.ok(stage.fac, "breakout.close", {})
    assert stage.messages[-1]["changes"] == [["breakout", "current", None]]
    refused(stage, stage.fac, "breakout.close", {}, "conflict")
    participant = Actor("participant", stage.teams()[0]["members"][0]["id"], stage.room.id)
    refused(stage, participant, "breakout.start", {"minutes": 5}, "forbidden")


def test_a_breakout_with_teams_of_its_own_then_the_course_teams_again(stage):
    stage.crowd(6)
    course = stage.make(count=2, label="Course teams")
    stage.start(minutes=5, teams={"count": 3})
    assert len(stage.teams()) == 3
    stage.ok(stage.fac, "breakout.close", {})
    stage.ok(stage.fac, "teams.activate", {"grouping_id": course})
    assert len(stage.teams()) == 2
    stage.start(minutes=5)  # keep the last teams
    assert len(stage.teams()) == 2


# --------------------------------------------------------------------------- help

def test_help_is_asked_taken_and_resolved(stage, app):
    people = stage.crowd(4)
    cody, dee = stage.cohost("Cody"), stage.cohost("Dee")
    stage.make(count=2)
    mine, theirs = stage.teams()
    stage.moderate(cody, mine["id"])
    stage.moderate(dee, theirs["id"])
    asker = next(p for p in people if p.id == mine["members"][0]["id"])
    refused(stage, asker, "help.ask", {}, "conflict")  # no breakout
    stage.start(minutes=5)

    help_id = stage.ok(asker, "help.ask", {})["help_id"]
    (event,) = stage.messages
    assert (event["type"], event["scope"]) == ("help.asked", f"team:{mine['id']}")
    view = event["changes"][0][2]
    assert view["name"] == asker.name and view["team_id"] == mine["id"] and view["asked_at"]
    refused(stage, asker, "help.ask", {}, "conflict")  # the team has asked already
    refused(stage, dee, "help.take", {"help_id": help_id}, "forbidden")
    refused(stage, asker, "help.take", {"help_id": help_id}, "forbidden")
    stage.ok(cody, "help.take", {"help_id": help_id})
    assert stage.messages[0]["changes"][0][2]["taken_name"] == "Cody"
    refused(stage, stage.fac, "help.take", {"help_id": help_id}, "conflict")
    refused(stage, dee, "help.resolve", {"help_id": help_id}, "forbidden")
    stage.ok(cody, "help.resolve", {"help_id": help_id})
    assert stage.messages[0]["changes"] == [["help", str(help_id), None]]
    refused(stage, cody, "help.resolve", {"help_id": help_id}, "not_found")


def test_closing_the_breakout_ends_its_help_requests(stage, app):
    ana = stage.join("Ana")
    stage.make(count=1)
    stage.start(minutes=5)
    help_id = stage.ok(ana, "help.ask", {})["help_id"]
    stage.ok(stage.fac, "breakout.close", {})
    types = [(m["type"], m["scope"]) for m in stage.messages]
    assert types == [("help.resolved", f"team:{stage.teams()[0]['id']}"),
                     ("breakout.closed", "room")]
    refused(stage, stage.fac, "help.resolve", {"help_id": help_id}, "not_found")


def test_a_participant_without_a_team_cannot_ask(stage):
    stage.join("Ana")
    stage.make(count=1, mode="self_select", capacity=3)
    loner = stage.join("Loner")
    stage.start(minutes=5)
    refused(stage, loner, "help.ask", {}, "conflict")

