"""The plenary tools through the dispatcher: hands in a queue, reactions as counts, the
plenary timer on server time, the message to everyone, and the room's settings."""
import pytest

from app.course.files import CourseFileError, parse
from app.extensions import db
from tests.support import import_course, open_room, refused, snapshot_of, wait_for


def session(stage) -> None:
    first = snapshot_of(stage.app, stage.fac)["state"]["sessions"]
    stage.ok(stage.fac, "session.start", {"session_id": min(int(k) for k in first)})


# --------------------------------------------------------------------------- hands

def test_hands_queue_in_the_order_raised_and_each_person_sees_their_own(stage):
    ana, bo, cy = stage.crowd(3)
    for person in (bo, ana):
        stage.ok(person, "hand.raise")
    queue = sorted(stage.state(stage.fac)["hands"].values(), key=lambda h: h["raised_at"])
    assert [h["participant_id"] for h in queue] == [bo.id, ana.id]
    assert all(h["raised_at"].endswith("Z") for h in queue)
    assert stage.state(ana)["my_hand"]["current"]["id"] == queue[1]["id"]
    assert stage.state(cy)["my_hand"] == {}
    assert "hands" not in stage.state(cy)
    assert stage.aggregate(stage.projector(), "live")["hands"] == {"count": 2}
    assert "hands" not in stage.state(stage.projector())


def test_a_raise_tells_the_staff_and_the_person_only(stage):
    ana = stage.join("Ana")
    stage.ok(ana, "hand.raise")
    assert [(m["type"], m["scope"]) for m in stage.messages] == [
        ("hand.raised", "staff"), ("hand.raised", f"participant:{ana.id}")]
    refused(stage, ana, "hand.raise", {}, "conflict")


def test_a_hand_is_lowered_by_its_owner_or_the_staff(stage):
    ana, bo = stage.crowd(2)
    cody = stage.cohost()
    stage.ok(ana, "hand.raise")
    stage.ok(ana, "hand.lower")
    refused(stage, ana, "hand.lower", {}, "conflict")
    hand = stage.ok(bo, "hand.raise")["hand_id"]
    refused(stage, ana, "hands.lower", {"hand_id": hand}, "forbidden")
    stage.ok(cody, "hands.lower", {"hand_id": hand})
    assert stage.messages[0]["changes"] == [["hands", str(hand), None]]
    assert stage.messages[1]["changes"] == [["my_hand", "current", None]]
    refused(stage, cody, "hands.lower", {"hand_id": hand}, "conflict")
    refused(stage, cody, "hands.lower", {"hand_id": 2**31 - 1}, "not_found")
    assert stage.state(stage.fac)["hands"] == {}


def test_lowering_all_hands_is_two_events_however_many_were_up(stage):
    people = stage.crowd(5)
    for person in people:
        stage.ok(person, "hand.raise")
    assert stage.ok(stage.fac, "hands.lower_all") == {"count": 5}
    assert [(m["scope"], len(m["changes"])) for m in stage.messages] == [("staff", 5),
                                                                         ("room", 1)]
    assert stage.aggregate(stage.projector(), "live")["hands"] == {"count": 0}
    assert all(stage.state(p)["my_hand"] == {} for p in people)
    stage.ok(people[0], "hand.raise")  # and up again


def test_hands_can_be_turned_off(stage):
    ana = stage.join("Ana")
    stage.ok(stage.fac, "settings.change", {"hands": False})
    refused(stage, ana, "hand.raise", {}, "conflict")


# --------------------------------------------------------------------------- reactions

def test_reactions_are_counts_for_the_session_and_never_an_event(stage, app):
    session(stage)
    ana, bo = stage.crowd(2)
    for person, kind in ((ana, "applause"), (bo, "applause"), (bo, "slower")):
        stage.ok(person, "reaction.send", {"kind": kind})
        assert stage.messages == []
    counts = stage.aggregate(stage.projector(), "live")["reactions"]["counts"]
    assert counts == {"applause": 2, "agree": 0, "slower": 1, "cant_hear": 0}
    assert stage.aggregate(ana, "live")["reactions"]["counts"] == counts


def test_a_person_sends_a_few_reactions_at_a_time(stage):
    from app.plenary.service import REACTION_LIMIT

    ana, bo = stage.crowd(2)
    for _ in range(REACTION_LIMIT):
        stage.ok(ana, "reaction.send", {"kind": "agree"})
    refused(stage, ana, "reaction.send", {"kind": "agree"}, "rate_limited")
    stage.ok(bo, "reaction.send", {"kind": "agree"})  # the limit is per person


@pytest.mark.parametrize("data", [{"kind": "boo"}, {}, {"kind": "agree", "x": 1},
                                  {"kind": 3}])
def test_a_reaction_of_another_kind_is_invalid(stage, data):
    refused(stage, stage.join("Ana"), "reaction.send", data, "invalid")


def test_reactions_can_be_turned_off(stage):
    stage.ok(stage.fac, "settings.change", {"reactions": False})
    refused(stage, stage.join("Ana"), "reaction.send", {"kind": "agree"}, "conflict")


# --------------------------------------------------------------------------- timer

def test_the_timer_runs_on_server_time_extends_from_its_end_and_stops(stage, course):
    item = course.sessions[0].items[2]
    result = stage.ok(stage.fac, "timer.start", {"seconds": 120, "label": "Write notes",
                                                 "item_id": item})
    view = stage.state(stage.projector())["timer"]["current"]
    assert view["id"] == result["timer_id"] and view["seconds"] == 120
    assert view["label"] == "Write notes" and view["item_id"] == item
    assert stage.messages[0]["scope"] == "room"
    assert stage.ok(stage.fac, "timer.extend", {"seconds": 60})["seconds"] == 180
    stage.ok(stage.fac, "timer.stop")
    assert stage.messages[0]["changes"] == [["timer", "current", None]]
    assert stage.state(stage.join("Ana"))["timer"] == {}
    refused(stage, stage.fac, "timer.extend", {"seconds": 60}, "conflict")
    refused(stage, stage.fac, "timer.stop", {}, "conflict")


def test_a_new_timer_replaces_the_running_one(stage):
    first = stage.ok(stage.fac, "timer.start", {"seconds": 60})["timer_id"]
    second = stage.ok(stage.fac, "timer.start", {"seconds": 30})["timer_id"]
    assert first != second
    assert stage.state(stage.fac)["timer"]["current"]["id"] == second


@pytest.mark.parametrize("data", [{"seconds": 5}, {"seconds": 10**6}, {"seconds": "60"},
                                  {"seconds": 60, "label": "x" * 121}, {}])
def test_a_timer_out_of_bounds_is_invalid(stage, data):
    refused(stage, stage.fac, "timer.start", data, "invalid")


def test_a_timer_on_another_course_s_item_is_not_found(stage, app):
    other = import_course(app, parse("course: {slug: other, title: Other}\n"
                                     "sessions: [{title: S, items: [{kind: slide, title: Hi}]}]"))
    refused(stage, stage.fac, "timer.start", {"seconds": 60, "item_id": other.item_ids[0]},
                  "not_found")


def test_the_timer_survives_a_restart(apps, reference_data):
    from tests.support import Stage

    app = apps()
    with app.app_context():
        db.create_all()
    course = import_course(app, reference_data)
    room = open_room(app, course.id)
    stage = Stage(app, room, course.id)
    stage.ok(stage.fac, "timer.start", {"seconds": 300, "label": "Read"})
    before = snapshot_of(app, stage.fac)["state"]["timer"]
    again = apps()
    assert snapshot_of(again, stage.fac)["state"]["timer"] == before


# --------------------------------------------------------------------------- announcement

def test_a_message_to_everyone_stays_until_taken_down(stage):
    ana = stage.join("Ana")
    stage.ok(stage.fac, "announcement.send", {"text": "  Back at 10:15  "})
    assert stage.state(ana)["announcement"]["current"]["text"] == "Back at 10:15"
    stage.ok(stage.fac, "announcement.send", {"text": "<b>Back</b> at 10:20"})
    assert stage.state(stage.projector())["announcement"]["current"]["text"] == \
        "<b>Back</b> at 10:20"
    stage.ok(stage.fac, "announcement.clear")
    assert stage.state(ana)["announcement"] == {}
    refused(stage, stage.fac, "announcement.clear", {}, "not_found")


@pytest.mark.parametrize("text", ["", "   ", "x" * 501])
def test_an_empty_or_long_message_is_invalid(stage, text):
    refused(stage, stage.fac, "announcement.send", {"text": text}, "invalid")


# --------------------------------------------------------------------------- settings

def test_settings_start_from_the_course_file_and_the_facilitator_changes_them(app):
    course = import_course(app, parse(
        "course: {slug: quiet, title: Quiet}\n"
        "features: {chat: false, moderated_questions: true}\n"
        "sessions: [{title: S, items: [{kind: slide, title: Hi}]}]\n"))
    from tests.plenary.helpers import Stage

    stage = Stage(app, open_room(app, course.id), course.id)
    ana = stage.join("Ana")
    features = stage.state(ana)["settings"]["room"]
    assert features["chat"] is False and features["moderated_questions"] is True
    assert features["hands"] is True
    view = stage.ok(stage.fac, "settings.change", {"chat": True, "reactions": False})
    assert view["chat"] is True and view["reactions"] is False
    assert stage.messages[0]["changes"] == [["settings", "room", view]]
    assert stage.state(ana)["settings"]["room"] == view
    refused(stage, stage.fac, "settings.change", {"wings": True}, "invalid")
    refused(stage, stage.fac, "settings.change", {"chat": "yes"}, "invalid")
    refused(stage, ana, "settings.change", {"chat": False}, "forbidden")


def test_a_course_file_with_an_unknown_feature_is_refused():
    with pytest.raises(CourseFileError, match="wings"):
        parse("course: {slug: x, title: X}\nfeatures: {wings: true}\n"
                    "sessions: [{title: S, items: [{kind: slide, title: Hi}]}]\n")


def test_counts_reach_the_projector_within_the_interval(stage, app, people, room):
    projector = people.projector(room)
    ana = stage.join("Ana")
    stage.ok(ana, "hand.raise")
    assert wait_for(lambda: any(
        m["name"] == "aggregate" and m["args"][0]["name"] == "live"
        and m["args"][0]["data"]["hands"] == {"count": 1}
        for m in projector.client.get_received()))
