"""Presentation rules through the dispatcher, on SQLite and PostgreSQL: every refusal
answers with its code and changes nothing."""
from app.prework.state import read_slides_key
from tests.prework.helpers import PRESENTATIONS, SDG_PREP, SLIDES_PREP, tiny_pdf
from tests.support import refused


def test_presentations_need_teams(stage):
    refused(stage, stage.fac, "presentation.open", {"item_id": stage.item(PRESENTATIONS)},
            "conflict")
    refused(stage, stage.fac, "presentation.open", {"item_id": stage.item(SDG_PREP)}, "invalid")


def test_a_presentation_queue_in_team_order_with_each_teams_slides(stage, teams):
    ana, (one, two) = teams["ana"], teams["teams"]
    task_id = stage.open_task(SLIDES_PREP)
    stage.ok(ana, "prework.submit", {"task_id": task_id,
                                     "upload_id": stage.upload(ana, tiny_pdf(3))})
    pid = stage.ok(stage.fac, "presentation.open",
                   {"item_id": stage.item(PRESENTATIONS)})["presentation_id"]
    (event,) = stage.messages
    view = event["changes"][0][2]
    assert view["id"] == pid
    assert (event["type"], event["scope"]) == ("presentation.opened", "room")
    assert (view["status"], view["current"], view["seconds_per_team"]) == ("ready", None, 240)
    assert [q["team_id"] for q in view["queue"]] == [one, two]
    assert [q["presenters"] for q in view["queue"]] == [[teams["bo"].id], []]
    assert view["task_id"] == task_id
    # before its turn a team's slides are its own: the room learns only that there are some
    assert [(q["slides"], q["has_slides"]) for q in view["queue"]] == [(None, True),
                                                                        (None, False)]
    stage.ok(stage.fac, "presentation.next", {"presentation_id": pid})
    view = stage.messages[0]["changes"][0][2]
    slides = view["queue"][0]["slides"]
    assert (slides["kind"], slides["pages"]) == ("pdf", 3)
    with stage.app.app_context():
        assert read_slides_key(slides["key"], stage.room.id, slides["id"])
        assert not read_slides_key(slides["key"], stage.room.id, slides["id"] + 1)
    assert view["queue"][1]["slides"] is None
    refused(stage, stage.fac, "presentation.open", {"item_id": stage.item(PRESENTATIONS)},
            "conflict")


def test_reorder_next_team_and_the_end(stage, teams):
    one, two = teams["teams"]
    pid = stage.ok(stage.fac, "presentation.open",
                   {"item_id": stage.item(PRESENTATIONS)})["presentation_id"]
    stage.ok(stage.fac, "presentation.reorder", {"presentation_id": pid, "queue": [two, one]})
    refused(stage, stage.fac, "presentation.reorder",
            {"presentation_id": pid, "queue": [two, two]}, "invalid")
    refused(stage, stage.fac, "presentation.reorder",
            {"presentation_id": pid, "queue": [two, one, 999]}, "invalid")
    result = stage.ok(stage.fac, "presentation.next", {"presentation_id": pid})
    assert (result["current"], result["status"]) == (0, "running")
    view = stage.messages[0]["changes"][0][2]
    assert view["queue"][0]["team_id"] == two and view["turn_started_at"].endswith("Z")
    refused(stage, stage.fac, "presentation.reorder",
            {"presentation_id": pid, "queue": [one, two]}, "conflict")
    stage.ok(stage.fac, "presentation.next", {"presentation_id": pid})
    assert stage.ok(stage.fac, "presentation.next", {"presentation_id": pid})["status"] == "done"
    refused(stage, stage.fac, "presentation.next", {"presentation_id": pid}, "conflict")
    refused(stage, teams["ana"], "presentation.next", {"presentation_id": pid}, "forbidden")


def test_the_presenter_turns_the_pages_of_their_teams_slides(stage, teams):
    ana, bo, chen = teams["ana"], teams["bo"], teams["chen"]
    task_id = stage.open_task(SLIDES_PREP)
    stage.ok(ana, "prework.submit", {"task_id": task_id,
                                     "upload_id": stage.upload(ana, tiny_pdf(3))})
    pid = stage.ok(stage.fac, "presentation.open",
                   {"item_id": stage.item(PRESENTATIONS)})["presentation_id"]
    refused(stage, bo, "presentation.page", {"presentation_id": pid, "page": 2}, "conflict")
    stage.ok(stage.fac, "presentation.next", {"presentation_id": pid})
    assert stage.ok(bo, "presentation.page", {"presentation_id": pid, "page": 2})["page"] == 2
    assert stage.messages[0]["changes"][0][2]["page"] == 2
    refused(stage, ana, "presentation.page", {"presentation_id": pid, "page": 3}, "forbidden")
    refused(stage, chen, "presentation.page", {"presentation_id": pid, "page": 3}, "forbidden")
    refused(stage, stage.fac, "presentation.page", {"presentation_id": pid, "page": 4},
            "invalid")
    stage.ok(stage.fac, "presentation.page", {"presentation_id": pid, "page": 3})
    stage.ok(stage.fac, "presentation.next", {"presentation_id": pid})  # Team 2: no slides
    refused(stage, stage.fac, "presentation.page", {"presentation_id": pid, "page": 1},
            "conflict")


def test_slides_handed_in_late_reach_a_waiting_presentation(stage, teams):
    chen, two = teams["chen"], teams["teams"][1]
    task_id = stage.open_task(SLIDES_PREP)
    pid = stage.ok(stage.fac, "presentation.open",
                   {"item_id": stage.item(PRESENTATIONS)})["presentation_id"]
    stage.ok(chen, "prework.submit", {"task_id": task_id,
                                      "upload_id": stage.upload(chen, tiny_pdf(1))})
    types = [(e["type"], e["scope"]) for e in stage.messages]
    assert types == [("prework.submitted", f"team:{two}"), ("presentation.updated", "room")]
    view = stage.messages[1]["changes"][0][2]
    assert view["id"] == pid and view["queue"][1]["has_slides"] is True
    for _ in range(2):  # the second team's turn
        stage.ok(stage.fac, "presentation.next", {"presentation_id": pid})
    assert stage.messages[0]["changes"][0][2]["queue"][1]["slides"]["pages"] == 1
