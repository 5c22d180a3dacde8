"""The capability self-assessment through the dispatcher: a run per opening, answers saved
as one goes and resumed, submission, completion, results for the group, per team and for
the participant privately, a second run compared with the first, and every refusal
storing nothing."""
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.assessment.models import AssessmentAnswer, AssessmentRun
from app.assessment.state import assessment_progress, assessment_results
from app.core.models import RoomEvent
from app.extensions import db
from tests.polls.helpers import Stage
from tests.support import (
    QUIET,
    inboxes,
    item_id,
    make_teams,
    ok,
    open_room,
    rows,
    slide_id,
    snapshot_of,
    wait_for,
)

DTCA = "s1-dtca"
DEBRIEF = "s2-dtca-debrief"
#: the reference questionnaire: six dimensions of five statements, a five-point scale
DIMENSIONS, ITEMS, SCALE = 6, 5, 5
EVERY_ITEM = [f"{d}.{i}" for d in range(DIMENSIONS) for i in range(ITEMS)]


def all_answers(value: int) -> dict:
    return {key: value for key in EVERY_ITEM}


def open_run(stage, key: str = DTCA, **data) -> int:
    return stage.ok(stage.fac, "assessment.open",
                    {"item_id": item_id(stage.app, stage.course_id, key), **data})["run_id"]


def save(stage, participant, run_id: int, answers: dict, submit: bool = False) -> dict:
    return stage.do(participant, "assessment.save",
                    {"run_id": run_id, "answers": answers, "submit": submit})


def results(stage, run_id: int) -> tuple[str, dict]:
    with stage.app.app_context():
        try:
            return assessment_results(stage.room.id, str(run_id))
        finally:
            db.session.remove()


def progress(stage, run_id: int) -> dict:
    with stage.app.app_context():
        try:
            return assessment_progress(stage.room.id, str(run_id))[1]
        finally:
            db.session.remove()


# opening


def test_open_numbers_runs_and_refuses_a_second_open_one(stage):
    first = open_run(stage)
    assert stage.do(stage.fac, "assessment.open", {
        "item_id": item_id(stage.app, stage.course_id, DEBRIEF)})["error"]["code"] == "conflict"
    stage.ok(stage.fac, "assessment.close", {"run_id": first})
    second = open_run(stage, DEBRIEF)
    numbers = [(r["id"], r["number"], r["key"]) for r in rows(
        stage.app, AssessmentRun, AssessmentRun.room_id == stage.room.id,
        order_by=AssessmentRun.id)]
    assert numbers == [(first, 1, "dtca"), (second, 2, "dtca")]


def test_due_date_is_kept_and_must_lie_ahead(stage):
    before = stage.footprint()
    past = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    for due_at in (past, "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"):
        ack = stage.do(stage.fac, "assessment.open",
                       {"item_id": item_id(stage.app, stage.course_id, DTCA), "due_at": due_at})
        assert ack["error"]["code"] == "invalid" and "due_at" in ack["error"]["fields"]
        assert stage.footprint() == before
    due = datetime.now(UTC) + timedelta(days=3)
    run_id = open_run(stage, due_at=due.isoformat())
    (run,) = rows(stage.app, AssessmentRun, AssessmentRun.id == run_id)
    assert abs(run["due_at"] - due.replace(tzinfo=None)) < timedelta(seconds=1)
    assert run["due_text"]  # the course's own words, "at least one day before Session 2"


@pytest.mark.parametrize("who", ["participant", "cofacilitator", "projector"])
def test_only_the_facilitator_runs_the_lifecycle(stage, who):
    run_id = open_run(stage)
    actor = {"participant": lambda: stage.join("Pat"), "cofacilitator": stage.cohost,
             "projector": stage.projector}[who]()
    before = stage.footprint()
    for type in ("assessment.close", "assessment.reveal"):
        assert stage.do(actor, type, {"run_id": run_id})["error"]["code"] == "forbidden"
    assert stage.do(actor, "assessment.open", {
        "item_id": item_id(stage.app, stage.course_id, DTCA)})["error"]["code"] == "forbidden"
    assert stage.footprint() == before


def test_an_item_that_is_not_an_assessment_is_refused(stage):
    before = stage.footprint()
    ack = stage.do(stage.fac, "assessment.open", {"item_id": slide_id(stage.app, stage.course_id)})
    assert ack["error"]["code"] == "invalid"
    assert stage.do(stage.fac, "assessment.open", {"item_id": 10**9})["error"]["code"] \
        == "not_found"
    assert stage.footprint() == before


# answering at one's own pace


def test_partial_answers_are_saved_and_resumed(stage):
    run_id = open_run(stage)
    amina = stage.join("Amina")
    assert save(stage, amina, run_id, {"0.0": 0, "0.1": 1})["result"] == {
        "run_id": run_id, "submitted": False}
    assert save(stage, amina, run_id, {"0.1": 2, "1.0": 4})["ok"]
    mine = snapshot_of(stage.app, amina)["state"]["my_assessments"][str(run_id)]
    assert mine["answers"] == {"0.0": 0, "0.1": 2, "1.0": 4}
    assert mine["submitted_at"] is None
    assert progress(stage, run_id) == {"run_id": run_id, "submitted": [], "started": [amina.id]}


def test_submitting_needs_every_statement_and_stores_nothing_otherwise(stage):
    run_id = open_run(stage)
    amina = stage.join("Amina")
    assert save(stage, amina, run_id, {"0.0": 1})["ok"]
    before = stage.footprint()
    ack = save(stage, amina, run_id, {"0.1": 1}, submit=True)
    assert ack["error"]["code"] == "invalid"
    assert len(ack["error"]["fields"]["answers"]) == len(EVERY_ITEM) - 2
    assert stage.footprint() == before  # not even the "0.1" that came with it
    assert save(stage, amina, run_id, all_answers(1), submit=True)["result"]["submitted"] is True
    assert progress(stage, run_id)["submitted"] == [amina.id]


@pytest.mark.parametrize("answers", [
    {"0.0": SCALE},  # off the five-point scale
    {"6.0": 1},  # no seventh dimension
    {"0.5": 1},  # no sixth statement
    {"0.0": -1},
    {"0.0": "1"},
    {"0.0": 1.5},
    {"Leadership": 1},
    {"0.0": None},
])
def test_answers_off_the_questionnaire_are_refused(stage, answers):
    run_id = open_run(stage)
    amina = stage.join("Amina")
    before = stage.footprint()
    assert save(stage, amina, run_id, answers)["error"]["code"] == "invalid"
    assert stage.footprint() == before


def test_bad_shapes_are_refused(stage):
    run_id = open_run(stage)
    amina = stage.join("Amina")
    before = stage.footprint()
    for data in ({"run_id": run_id}, {"run_id": run_id, "answers": [1, 2]},
                 {"run_id": "x", "answers": {}}, {"run_id": run_id, "answers": {}, "submit": "y"},
                 {"run_id": run_id, "answers": {}, "participant_id": 3}):
        assert stage.do(amina, "assessment.save", data)["error"]["code"] == "invalid", data
    assert stage.do(amina, "assessment.save", {"run_id": 10**9, "answers": {}})["error"]["code"] \
        == "not_found"
    assert stage.footprint() == before


def test_nobody_answers_for_someone_else_or_after_the_close(stage):
    run_id = open_run(stage)
    amina, ben = stage.join("Amina"), stage.join("Ben")
    assert save(stage, amina, run_id, {"0.0": 0})["ok"]
    assert save(stage, ben, run_id, {"0.0": 4})["ok"]
    (row,) = rows(stage.app, AssessmentAnswer, AssessmentAnswer.participant_id == amina.id)
    assert row["answers"] == {"0.0": 0}  # Ben's save went to Ben's own row
    assert stage.do(stage.fac, "assessment.save",
                    {"run_id": run_id, "answers": {"0.0": 1}})["error"]["code"] == "forbidden"
    stage.ok(stage.fac, "assessment.close", {"run_id": run_id})
    before = stage.footprint()
    assert save(stage, amina, run_id, {"0.1": 1})["error"]["code"] == "conflict"
    assert stage.footprint() == before


def test_a_participant_of_another_room_cannot_answer(app, stage, course):
    run_id = open_run(stage)
    elsewhere = Stage(app, open_room(app, course.id, "Another group"), course.id)
    stranger = elsewhere.join("Stranger")
    before = stage.footprint()
    assert save(elsewhere, stranger, run_id, {"0.0": 1})["error"]["code"] == "not_found"
    assert stage.footprint() == before


# results


def test_group_team_and_own_scores(stage):
    run_id = open_run(stage)
    amina, ben, chen, dara = (stage.join(n) for n in ("Amina", "Ben", "Chen", "Dara"))
    red, blue = make_teams(stage.app, stage.room.id, [amina, ben], [chen, dara])
    # scale index 0 = strongly agree = 5 points … index 4 = strongly disagree = 1 point
    for person, value in ((amina, 0), (ben, 2), (chen, 4)):
        assert save(stage, person, run_id, all_answers(value), submit=True)["ok"]
    assert save(stage, dara, run_id, {"0.0": 0})["ok"]  # started, not submitted: not counted

    scope, data = results(stage, run_id)
    assert scope == "staff"
    assert [d["name"] for d in data["group"]] == [
        "Leadership", "Strategy", "Governance", "Legal", "Technology",
        "Professional and Workforce Development"]
    leadership = data["group"][0]
    assert leadership["mean"] == round((5 + 3 + 1) / 3, 2)
    assert leadership["counts"] == [ITEMS, 0, ITEMS, 0, ITEMS] and leadership["n"] == 3
    by_team = {t["team_id"]: t for t in data["teams"]}
    assert [t["name"] for t in data["teams"]] == ["Team 1", "Team 2"]
    assert by_team[red]["scores"][0]["mean"] == 4.0 and by_team[red]["scores"][0]["n"] == 2
    assert by_team[blue]["scores"][0]["mean"] == 1.0 and by_team[blue]["scores"][0]["n"] == 1
    assert data["previous"] is None

    own = snapshot_of(stage.app, ben)["state"]["my_assessments"][str(run_id)]
    assert [d["mean"] for d in own["scores"]] == [3.0] * DIMENSIONS
    assert set(snapshot_of(stage.app, ben)["state"]["my_assessments"]) == {str(run_id)}
    assert "my_assessments" not in snapshot_of(stage.app, stage.fac)["state"]


def test_results_reach_participants_only_once_revealed(stage):
    run_id = open_run(stage)
    amina = stage.join("Amina")
    assert save(stage, amina, run_id, all_answers(1), submit=True)["ok"]
    name = f"assessment:{run_id}"
    assert name not in snapshot_of(stage.app, amina)["aggregates"]
    assert name in snapshot_of(stage.app, stage.fac)["aggregates"]
    assert f"assessment_progress:{run_id}" not in snapshot_of(stage.app, amina)["aggregates"]
    stage.ok(stage.fac, "assessment.reveal", {"run_id": run_id})
    assert results(stage, run_id)[0] == "room"
    assert snapshot_of(stage.app, amina)["aggregates"][name]["group"][0]["mean"] == 4.0
    assert stage.do(stage.fac, "assessment.reveal", {"run_id": run_id})["error"]["code"] \
        == "conflict"


def test_a_second_run_is_compared_with_the_first(stage):
    first = open_run(stage)
    amina = stage.join("Amina")
    assert save(stage, amina, first, all_answers(4), submit=True)["ok"]
    stage.ok(stage.fac, "assessment.reveal", {"run_id": first})
    second = open_run(stage, DEBRIEF)
    assert save(stage, amina, second, all_answers(1), submit=True)["ok"]
    _, data = results(stage, second)
    assert [d["mean"] for d in data["group"]] == [4.0] * DIMENSIONS
    assert [d["mean"] for d in data["previous"]] == [1.0] * DIMENSIONS
    mine = snapshot_of(stage.app, amina)["state"]["my_assessments"]
    assert {k: v["scores"][0]["mean"] for k, v in mine.items()} == {
        str(first): 1.0, str(second): 4.0}


def test_saving_twice_with_one_command_id_applies_once(stage):
    run_id = open_run(stage)
    amina = stage.join("Amina")
    data = {"run_id": run_id, "answers": {"0.0": 3}, "submit": False}
    first = stage.do(amina, "assessment.save", data, id="save-1")
    before = stage.footprint()
    assert stage.do(amina, "assessment.save", data, id="save-1") == first
    assert stage.footprint() == before


def test_answers_are_private_to_their_author_in_the_log(stage):
    run_id = open_run(stage)
    amina, ben = stage.join("Amina"), stage.join("Ben")
    assert save(stage, amina, run_id, {"0.0": 0})["ok"]
    (message,) = stage.messages
    assert message["scope"] == f"participant:{amina.id}"
    with stage.app.app_context():
        scopes = set(db.session.execute(sa.select(RoomEvent.scope).where(
            RoomEvent.type == "assessment.saved")).scalars())
        db.session.remove()
    assert scopes == {f"participant:{amina.id}"}
    assert snapshot_of(stage.app, ben)["state"]["my_assessments"] == {}


# over Socket.IO


def test_over_sockets_answers_stay_private_and_results_wait_for_the_reveal(app, course, room,
                                                                          people):
    fac = people.facilitator(room)
    ana, bo = people.participant(room, "Ana"), people.participant(room, "Bo")
    ana_phone = people.connect_participant(room, ana.id, ana.token)
    run_id = ok(fac, "assessment.open",
                {"item_id": item_id(app, course.id, DTCA)})["result"]["run_id"]
    boxes = inboxes(fac, ana, ana_phone, bo)
    staff, mine, phone, other = boxes

    ok(ana, "assessment.save", {"run_id": run_id, "answers": all_answers(0), "submit": True})

    def results_in(box):
        return box.aggregates(f"assessment:{run_id}")

    assert [e["type"] for e in phone.take_events()] == ["assessment.saved"]
    assert [e["type"] for e in mine.take_events()] == ["assessment.saved"]
    time.sleep(QUIET)
    assert other.take_events() == [] and results_in(other) == []
    assert results_in(staff)[-1]["group"][0]["mean"] == 5.0
    assert results_in(mine) == []

    ok(fac, "assessment.reveal", {"run_id": run_id})
    time.sleep(QUIET)
    assert results_in(other)[-1]["group"][0]["mean"] == 5.0
    assert "answers" not in str(results_in(other)[-1])


def test_results_per_team_are_pushed_again_when_someone_changes_team(app, course, room, people):
    fac = people.facilitator(room)
    ana = people.participant(room, "Ana")
    run_id = ok(fac, "assessment.open",
                {"item_id": item_id(app, course.id, DTCA)})["result"]["run_id"]
    ok(ana, "assessment.save", {"run_id": run_id, "answers": all_answers(0), "submit": True})
    ok(fac, "teams.make", {"count": 2, "mode": "empty"})
    first, second = (t["id"] for t in sorted(
        fac.client.emit("sync", {"since": 0, "fresh": True}, callback=True)
        ["snapshot"]["state"]["teams"].values(), key=lambda t: t["position"]))
    (staff,) = inboxes(fac)

    def team_counts():
        pushed = staff.aggregates(f"assessment:{run_id}")
        return pushed and [t["scores"][0]["n"] for t in pushed[-1]["teams"]]

    ok(fac, "team.move", {"participant_id": ana.id, "team_id": first})
    assert wait_for(lambda: team_counts() == [1, 0], 2.0), team_counts()
    ok(fac, "team.move", {"participant_id": ana.id, "team_id": second})
    assert wait_for(lambda: team_counts() == [0, 1], 2.0), team_counts()
