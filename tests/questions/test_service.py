"""Q&A through the dispatcher: asking (by name or anonymously), upvoting once, moderation,
answering, pinning and hiding, in the plenary and per team; a hidden question's text is
gone from the log."""
import json

import pytest

from app.core.models import RoomEvent
from app.extensions import db
from tests.support import make_teams, refused, sync_of


def ask(stage, person, text="Why?", **data):
    return stage.ok(person, "question.ask", {"text": text, **data})["question_id"]


def votes(stage, actor, team=None):
    if team is None:
        return stage.aggregate(actor, "live")["votes"]
    return stage.aggregate(actor, f"question_votes:{team}")["votes"]


def test_a_question_is_listed_for_everyone_with_its_author(stage):
    ana, bo = stage.crowd(2)
    qid = ask(stage, ana, "  What is a maturity level?  ")
    assert [(m["type"], m["scope"], m["data"]) for m in stage.messages] == [
        ("question.asked", "room", {"question_id": qid})]
    for actor in (bo, stage.projector(), stage.fac):
        view = stage.state(actor)["questions"][str(qid)]
        assert view["text"] == "What is a maturity level?" and view["author"] == ana.name
        assert view["status"] == "open" and view["pinned"] is False


def test_an_anonymous_question_carries_a_pseudonym_not_a_name(stage):
    ana = stage.join("Ana")
    qid = ask(stage, ana, anonymous=True)
    view = stage.state(stage.fac)["questions"][str(qid)]
    assert view["author"] is None and view["by"].startswith("anonymous:")
    assert "Ana" not in json.dumps(stage.messages)
    assert stage.snapshot(ana)["me"]["pseudonym"] == view["by"]
    stage.ok(stage.fac, "settings.change", {"anonymous_questions": False})
    refused(stage, ana, "question.ask", {"text": "Again?", "anonymous": True}, "forbidden")


def test_upvotes_count_once_per_person_never_one_s_own(stage):
    ana, bo, cy = stage.crowd(3)
    qid = ask(stage, ana)
    stage.ok(bo, "question.upvote", {"question_id": qid})
    assert [(m["scope"], m["changes"]) for m in stage.messages] == [
        (f"participant:{bo.id}", [["my_upvotes", str(qid), True]])]
    stage.ok(cy, "question.upvote", {"question_id": qid})
    refused(stage, bo, "question.upvote", {"question_id": qid}, "conflict")
    refused(stage, ana, "question.upvote", {"question_id": qid}, "conflict")
    assert votes(stage, stage.projector()) == {str(qid): 2}
    assert stage.state(bo)["my_upvotes"] == {str(qid): True}
    assert stage.state(ana)["my_upvotes"] == {}


def test_a_moderated_room_shows_a_question_once_approved(stage):
    ana, bo = stage.crowd(2)
    cody = stage.cohost()
    stage.ok(stage.fac, "settings.change", {"moderated_questions": True})
    result = stage.ok(ana, "question.ask", {"text": "Pending?"})
    qid = result["question_id"]
    assert result["status"] == "pending"
    assert {m["scope"] for m in stage.messages} == {"staff", f"participant:{ana.id}"}
    assert str(qid) not in stage.state(bo)["questions"]
    assert stage.state(ana)["questions"][str(qid)]["status"] == "pending"
    assert stage.state(cody)["questions"][str(qid)]["status"] == "pending"
    refused(stage, bo, "question.upvote", {"question_id": qid}, "not_found")
    stage.ok(cody, "question.approve", {"question_id": qid})
    assert stage.messages[0]["scope"] == "room"
    assert stage.state(bo)["questions"][str(qid)]["status"] == "open"
    refused(stage, cody, "question.approve", {"question_id": qid}, "conflict")


def test_answered_and_pinned_one_pinned_at_a_time(stage):
    ana = stage.join("Ana")
    first, second = ask(stage, ana, "One?"), ask(stage, ana, "Two?")
    stage.ok(stage.fac, "question.pin", {"question_id": first, "pinned": True})
    stage.ok(stage.fac, "question.pin", {"question_id": second, "pinned": True})
    assert [c[1:] for c in stage.messages[0]["changes"]] == [
        [str(second), stage.state(ana)["questions"][str(second)]],
        [str(first), stage.state(ana)["questions"][str(first)]]]
    questions = stage.state(stage.projector())["questions"]
    assert (questions[str(first)]["pinned"], questions[str(second)]["pinned"]) == (False, True)
    stage.ok(stage.fac, "question.answer", {"question_id": second})
    view = stage.state(ana)["questions"][str(second)]
    assert (view["status"], view["pinned"]) == ("answered", False)
    refused(stage, stage.fac, "question.answer", {"question_id": second}, "conflict")
    refused(stage, stage.fac, "question.pin", {"question_id": second, "pinned": True},
                  "conflict")


def test_a_hidden_question_is_gone_and_its_text_out_of_the_log(stage, app):
    ana, bo = stage.crowd(2)
    qid = ask(stage, ana, "Something rude")
    stage.ok(bo, "question.upvote", {"question_id": qid})
    stage.ok(stage.fac, "question.pin", {"question_id": qid, "pinned": True})
    stage.ok(stage.fac, "question.hide", {"question_id": qid})
    for actor in (ana, bo, stage.fac, stage.projector()):
        assert str(qid) not in stage.state(actor)["questions"]
        assert "Something rude" not in json.dumps(sync_of(app, actor, 0))
    with app.app_context():
        logged = [e.payload for e in db.session.query(RoomEvent).filter_by(room_id=stage.room.id)]
        db.session.remove()
    assert "Something rude" not in json.dumps(logged)
    assert votes(stage, bo) == {}
    refused(stage, stage.fac, "question.hide", {"question_id": qid}, "not_found")
    refused(stage, bo, "question.upvote", {"question_id": qid}, "not_found")


def test_a_hidden_pending_question_is_gone_for_its_author_too(stage, app):
    ana = stage.join("Ana")
    stage.ok(stage.fac, "settings.change", {"moderated_questions": True})
    qid = ask(stage, ana, "Secret pending")
    stage.ok(stage.fac, "question.hide", {"question_id": qid})
    assert {m["scope"] for m in stage.messages} == {"staff", f"participant:{ana.id}"}
    assert str(qid) not in stage.state(ana)["questions"]
    assert "Secret pending" not in json.dumps(sync_of(app, ana, 0))


def test_team_questions_stay_in_the_team_and_its_moderators(stage, app):
    ana, bo, cy = stage.crowd(3)
    cody, dee = stage.cohost("Cody"), stage.cohost("Dee")
    one, two = make_teams(app, stage.room.id, [ana, bo], [cy], moderators={0: cody.id, 1: dee.id})
    stage.ok(stage.fac, "settings.change", {"moderated_questions": True})  # the plenary only
    qid = ask(stage, ana, "Which SDG?", team_id=one)
    assert [m["scope"] for m in stage.messages] == [f"team:{one}"]
    assert stage.state(bo)["questions"][str(qid)]["status"] == "open"
    for outsider in (cy, dee, stage.projector()):
        assert str(qid) not in stage.state(outsider)["questions"]
    refused(stage, cy, "question.upvote", {"question_id": qid}, "not_found")
    stage.ok(bo, "question.upvote", {"question_id": qid})
    assert votes(stage, bo, one) == {str(qid): 1}
    assert f"question_votes:{one}" not in stage.snapshot(cy)["aggregates"]
    refused(stage, dee, "question.answer", {"question_id": qid}, "forbidden")
    stage.ok(cody, "question.answer", {"question_id": qid})
    refused(stage, cy, "question.ask", {"text": "Mine?", "team_id": one}, "forbidden")


def test_a_participant_asks_a_few_questions_at_a_time(stage):
    from app.questions.service import ASK_LIMIT

    ana = stage.join("Ana")
    for n in range(ASK_LIMIT):
        ask(stage, ana, f"Q{n}?")
    refused(stage, ana, "question.ask", {"text": "More?"}, "rate_limited")


@pytest.mark.parametrize("data", [{"text": ""}, {"text": "x" * 281}, {"text": 5},
                                  {"text": "ok", "anonymous": "yes"}, {"text": "ok", "x": 1},
                                  {"text": "ok", "team_id": 0}])
def test_a_bad_question_is_invalid(stage, data):
    refused(stage, stage.join("Ana"), "question.ask", data, "invalid")


def test_q_and_a_can_be_turned_off(stage):
    stage.ok(stage.fac, "settings.change", {"questions": False})
    refused(stage, stage.join("Ana"), "question.ask", {"text": "Hello?"}, "conflict")


def test_question_text_is_text(stage):
    ana = stage.join("Ana")
    qid = ask(stage, ana, "<script>alert(1)</script>")
    assert stage.state(stage.fac)["questions"][str(qid)]["text"] == "<script>alert(1)</script>"
