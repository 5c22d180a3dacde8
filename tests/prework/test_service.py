"""Pre-work rules through the dispatcher, on SQLite and PostgreSQL: every
refusal answers with its code and changes nothing."""
import hashlib
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.core.models import AppliedCommand
from app.extensions import db
from app.prework.models import PreworkTask, Submission
from app.prework.state import completion
from tests.prework.helpers import (
    PRESENTATIONS,
    READING,
    REFLECTION,
    SDG_PREP,
    SLIDES_PREP,
    future,
    past,
    pptx,
    tiny_pdf,
)
from tests.support import assert_stale_snapshots_catch_up, refused, rows, snapshot_of


def aggregate(stage, task_id):
    with stage.app.app_context():
        try:
            return completion(stage.room.id, str(task_id))
        finally:
            db.session.remove()


def set_due(stage, task_id, delta):
    """Move a task's deadline relative to now (as time passing would)."""
    from app.core.clock import now

    with stage.app.app_context():
        db.session.get(PreworkTask, task_id).due_at = now() + delta
        db.session.commit()
        db.session.remove()


# --------------------------------------------------------------------------- tasks

def test_a_prework_item_opens_with_its_course_settings(stage):
    task_id = stage.open_task(SLIDES_PREP, due_at=future())
    (event,) = stage.messages
    assert (event["type"], event["scope"]) == ("prework.opened", "room")
    view = event["changes"][0][2]
    assert event["changes"][0][:2] == ["prework", str(task_id)]
    assert view["for"] == "team" and view["deliverable"] == "file"
    assert (view["slides_min"], view["slides_max"]) == (2, 3)
    assert view["roles"] == ["facilitator", "presenter"]
    assert view["due_text"] == "at least 24 hours before Session 3"
    assert len(view["questions"]) == 2 and view["status"] == "open"
    assert view["due_at"].endswith("Z")


def test_an_item_without_a_deliverable_is_a_reading(stage):
    task_id = stage.open_task(READING)
    (task,) = rows(stage.app, PreworkTask, PreworkTask.id == task_id)
    assert (task["audience"], task["deliverable"], task["questions"]) == ("individual", "none", [])
    ana = stage.join("Ana")
    assert stage.submit(ana, task_id)["ok"] is True  # "done", nothing to hand in


def test_a_due_date_in_the_past_is_refused_for_a_new_task(stage):
    error = refused(stage, stage.fac, "prework.open",
                    {"item_id": stage.item(SDG_PREP), "due_at": past()}, "invalid")
    assert error["fields"] == {"due_at": ["In the past."]}
    refused(stage, stage.fac, "prework.create",
            {"title": "Read chapter 7", "due_at": past(days=0.01)}, "invalid")


@pytest.mark.parametrize("edge", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"])
def test_a_due_date_off_the_calendar_in_utc_is_invalid(stage, edge):
    for type, data in [("prework.open", {"item_id": stage.item(SDG_PREP)}),
                       ("prework.create", {"title": "Read chapter 7"})]:
        error = refused(stage, stage.fac, type, {**data, "due_at": edge}, "invalid")
        assert error["fields"] == {"due_at": ["Not a date the calendar can hold."]}


def test_a_task_opens_once_and_only_from_a_prework_item(stage):
    stage.open_task(SDG_PREP)
    refused(stage, stage.fac, "prework.open", {"item_id": stage.item(SDG_PREP)}, "conflict")
    refused(stage, stage.fac, "prework.open", {"item_id": stage.item(PRESENTATIONS)}, "invalid")
    refused(stage, stage.fac, "prework.open", {"item_id": 999_999}, "not_found")


def test_a_task_made_up_live(stage):
    result = stage.ok(stage.fac, "prework.create", {
        "title": "  Bring one example  ", "instructions": "A service you use.", "for": "team",
        "deliverable": "text", "questions": ["Which service?"], "due_at": future(1)})
    (task,) = rows(stage.app, PreworkTask, PreworkTask.id == result["task_id"])
    assert (task["title"], task["audience"], task["item_id"]) == ("Bring one example", "team",
                                                                  None)
    refused(stage, stage.fac, "prework.create", {"title": "   "}, "invalid")


def test_only_the_facilitator_runs_tasks(stage):
    ana, cohost = stage.join("Ana"), stage.cohost()
    for actor in (ana, cohost, stage.projector()):
        refused(stage, actor, "prework.open", {"item_id": stage.item(SDG_PREP)}, "forbidden")
        refused(stage, actor, "prework.create", {"title": "Mine"}, "forbidden")
    task_id = stage.open_task(SDG_PREP)
    refused(stage, stage.fac, "prework.submit", {"task_id": task_id, "answers": ["x"]},
            "forbidden")
    refused(stage, cohost, "prework.close", {"task_id": task_id}, "forbidden")


def test_a_closed_task_takes_no_more_submissions(stage):
    ana = stage.join("Ana")
    task_id = stage.open_task(SDG_PREP)
    stage.ok(stage.fac, "prework.close", {"task_id": task_id})
    assert stage.messages[0]["changes"][0][2]["status"] == "closed"
    refused(stage, ana, "prework.submit", {"task_id": task_id, "answers": ["SDG 16"]}, "conflict")
    refused(stage, stage.fac, "prework.close", {"task_id": task_id}, "conflict")


# --------------------------------------------------------------------------- individual

def test_an_individual_submission_is_its_authors_and_the_latest_counts(stage):
    ana, bo = stage.join("Ana"), stage.join("Bo")
    task_id = stage.open_task(SDG_PREP, due_at=future())
    first = stage.ok(ana, "prework.submit", {"task_id": task_id, "answers": ["SDG 16", "  "]})
    assert first["late"] is False and first["team_id"] is None
    (event,) = stage.messages
    assert (event["type"], event["scope"]) == ("prework.submitted", f"participant:{ana.id}")
    assert event["changes"][0][:2] == ["my_submissions", str(task_id)]
    assert event["changes"][0][2]["answers"] == ["SDG 16", ""]
    stage.ok(ana, "prework.submit", {"task_id": task_id, "answers": ["SDG 6", "Water"]})
    stage.ok(bo, "prework.submit", {"task_id": task_id, "answers": ["SDG 11"]})
    found = rows(stage.app, Submission, Submission.task_id == task_id, order_by=Submission.id)
    assert [(s["owner"], s["answers"]) for s in found] == [
        (f"participant:{ana.id}", ["SDG 6", "Water"]), (f"participant:{bo.id}", ["SDG 11", ""])]
    scope, data = aggregate(stage, task_id)
    assert scope == "facilitators"
    assert {r["owner"] for r in data["rows"]} == {f"participant:{ana.id}", f"participant:{bo.id}"}
    assert all(r["late"] is False and r["answered"] for r in data["rows"])
    assert "SDG 6" not in str(data)  # who and when, never what


def test_late_submissions_are_marked_late(stage):
    ana = stage.join("Ana")
    task_id = stage.open_task(SDG_PREP, due_at=future())
    set_due(stage, task_id, timedelta(seconds=-5))
    assert stage.ok(ana, "prework.submit", {"task_id": task_id, "answers": ["SDG 1"]})["late"]
    assert aggregate(stage, task_id)[1]["rows"][0]["late"] is True


def test_bad_answers_are_refused(stage):
    ana = stage.join("Ana")
    task_id = stage.open_task(SDG_PREP)
    refused(stage, ana, "prework.submit", {"task_id": task_id, "answers": [" ", ""]}, "invalid")
    refused(stage, ana, "prework.submit", {"task_id": task_id, "answers": ["a", "b", "c"]},
            "invalid")
    refused(stage, ana, "prework.submit", {"task_id": task_id, "answers": ["a"], "team_id": 1},
            "invalid")
    refused(stage, ana, "prework.submit", {"task_id": 999_999, "answers": ["a"]}, "not_found")
    refused(stage, ana, "prework.submit", {"task_id": task_id, "answers": ["x" * 5001]},
            "invalid")


# --------------------------------------------------------------------------- teams

def test_any_member_hands_in_for_the_team_and_the_latest_counts(stage, teams):
    ana, bo, (one, _two) = teams["ana"], teams["bo"], teams["teams"]
    task_id = stage.open_task(SLIDES_PREP, due_at=future())
    first = stage.upload(ana, tiny_pdf(2), "Our slides.pdf")
    result = stage.ok(ana, "prework.submit", {"task_id": task_id, "upload_id": first})
    assert result["team_id"] == one
    (event,) = stage.messages
    assert (event["type"], event["scope"]) == ("prework.submitted", f"team:{one}")
    assert event["changes"][0][:2] == ["team_submissions", f"{task_id}:{one}"]
    view = event["changes"][0][2]
    assert view["by_name"] == "Person 0" and view["upload"]["name"] == "Our slides.pdf"
    assert view["upload"]["pages"] == 2 and view["upload"]["kind"] == "pdf"
    second = stage.upload(bo, pptx(), "final.pptx")
    stage.ok(bo, "prework.submit", {"task_id": task_id, "upload_id": second, "team_id": one,
                                    "answers": ["Health, jobs", "Online services"]})
    (row,) = rows(stage.app, Submission, Submission.task_id == task_id)
    assert (row["owner"], row["participant_id"], row["upload_id"]) == (f"team:{one}", bo.id,
                                                                       second)
    (entry,) = aggregate(stage, task_id)[1]["rows"]
    assert (entry["team_id"], entry["by"], entry["upload_id"]) == (one, bo.id, second)
    assert [t["name"] for t in aggregate(stage, task_id)[1]["teams"]] == ["Team 1", "Team 2"]


def test_a_participant_cannot_hand_in_for_another_team(stage, teams):
    chen, dee, (one, _two) = teams["chen"], teams["dee"], teams["teams"]
    task_id = stage.open_task(SLIDES_PREP)
    upload = stage.upload(chen, tiny_pdf(1))
    refused(stage, chen, "prework.submit", {"task_id": task_id, "upload_id": upload,
                                            "team_id": one}, "forbidden")
    own = stage.upload(dee, tiny_pdf(1))
    refused(stage, dee, "prework.submit", {"task_id": task_id, "upload_id": own}, "conflict")


def test_a_file_task_needs_an_upload_of_ones_own(stage, teams):
    ana, chen = teams["ana"], teams["chen"]
    task_id = stage.open_task(SLIDES_PREP)
    refused(stage, ana, "prework.submit", {"task_id": task_id, "answers": ["text only"]},
            "invalid")
    theirs = stage.upload(chen, tiny_pdf(1))
    refused(stage, ana, "prework.submit", {"task_id": task_id, "upload_id": theirs}, "not_found")
    text_task = stage.open_task(SDG_PREP)
    mine = stage.upload(ana, tiny_pdf(1))
    refused(stage, ana, "prework.submit", {"task_id": text_task, "upload_id": mine,
                                           "answers": ["a"]}, "invalid")


# --------------------------------------------------------------------------- private notes

def test_private_notes_stay_with_their_author(stage):
    ana, bo, cohost = stage.join("Ana"), stage.join("Bo"), stage.cohost()
    task_id = stage.open_task(REFLECTION)
    secret = "My manager resists every change"
    stage.ok(ana, "prework.note", {"task_id": task_id, "answers": [secret, "", "Pilot", ""]})
    (event,) = stage.messages
    assert (event["type"], event["scope"]) == ("prework.noted", f"participant:{ana.id}")
    assert event["changes"][0][2]["answers"][0] == secret
    assert snapshot_of(stage.app, ana)["state"]["my_notes"][str(task_id)]["answers"][0] == secret
    for other in (stage.fac, bo, cohost, stage.projector()):
        assert secret not in str(snapshot_of(stage.app, other))
    assert aggregate(stage, task_id)[1]["rows"] == []
    # the stored command keeps no trace of the content
    with stage.app.app_context():
        stored = db.session.execute(sa.select(AppliedCommand.digest, AppliedCommand.ack).where(
            AppliedCommand.type == "prework.note")).one()
        db.session.remove()
    assert stored.digest == hashlib.sha256(b"prework.note").hexdigest()
    assert secret not in str(stored.ack)


def test_notes_and_submissions_do_not_mix(stage):
    ana = stage.join("Ana")
    notes, text = stage.open_task(REFLECTION), stage.open_task(SDG_PREP)
    refused(stage, ana, "prework.submit", {"task_id": notes, "answers": ["a"]}, "invalid")
    refused(stage, ana, "prework.note", {"task_id": text, "answers": ["a"]}, "invalid")
    refused(stage, stage.fac, "prework.note", {"task_id": notes, "answers": ["a"]}, "forbidden")


# --------------------------------------------------------------------------- sync

class World:
    """A fixed run of pre-work commands for the stale-snapshot property."""

    def __init__(self, stage, teams):
        self.stage, self.t = stage, teams
        # one observer per role: the helper keeps their snapshots by role
        self.observers = [stage.fac, teams["chen"]]

    def apply(self, op):
        op(self.stage, self.t)


def test_stale_snapshots_catch_up_with_prework_events(app, stage, teams, monkeypatch):
    # a slides key is signed with the second it was made: one clock for the event and the
    # fresh snapshot, or the two differ whenever a second boundary falls between them
    monkeypatch.setattr("itsdangerous.timed.TimestampSigner.get_timestamp",
                        lambda _signer: 1_800_000_000)
    ids = {}
    ops = [
        lambda s, t: ids.update(text=s.open_task(SDG_PREP)),
        lambda s, t: ids.update(slides=s.open_task(SLIDES_PREP)),
        lambda s, t: ids.update(notes=s.open_task(REFLECTION)),
        lambda s, t: s.ok(t["ana"], "prework.submit", {"task_id": ids["text"], "answers": ["a"]}),
        lambda s, t: s.ok(t["ana"], "prework.submit", {
            "task_id": ids["slides"], "upload_id": s.upload(t["ana"], tiny_pdf(1))}),
        lambda s, t: s.ok(t["chen"], "prework.note", {"task_id": ids["notes"],
                                                      "answers": ["Zebra-secret-42"]}),
        lambda s, t: ids.update(p=s.ok(s.fac, "presentation.open", {
            "item_id": s.item(PRESENTATIONS)})["presentation_id"]),
        lambda s, t: s.ok(s.fac, "presentation.next", {"presentation_id": ids["p"]}),
        lambda s, t: s.ok(t["chen"], "prework.submit", {
            "task_id": ids["slides"], "upload_id": s.upload(t["chen"], pptx(), "x.pptx")}),
        lambda s, t: s.ok(s.fac, "prework.close", {"task_id": ids["text"]}),
    ]
    seen = assert_stale_snapshots_catch_up(app, World(stage, teams), ops, split=4)
    facilitator = seen[0][1]["state"]
    assert "my_notes" not in facilitator and "Zebra-secret-42" not in str(facilitator)
    assert len(facilitator["team_submissions"]) == 2
    chen = seen[1][1]["state"]
    assert list(chen["my_notes"]) == [str(ids["notes"])]
    assert list(chen["team_submissions"]) == [f"{ids['slides']}:{teams['teams'][1]}"]
    assert str(ids["text"]) not in chen["my_submissions"]  # Ana's, not Chen's
