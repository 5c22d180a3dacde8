"""Course edits: every edit is a command, checked as an import checks a course file, and
recorded in each room that runs the course."""
import uuid

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.scopes import Actor
from app.course import files
from app.course import service as course_service
from app.course.models import AgendaItem, Course, CourseEdit
from app.extensions import db
from app.polls.models import Poll
from tests.support import (
    apply_events,
    count,
    edit_course,
    facilitator_actor,
    guest_join,
    open_room,
    room_log,
    run,
    snapshot_of,
    sync_of,
)

SMALL = {"course": {"slug": "small", "title": "Small course"},
         "sessions": [{"title": "One", "items": [{"kind": "slide", "title": "Hello"},
                                                 {"kind": "slide", "title": "Second"}]},
                      {"title": "Two", "items": [{"kind": "slide", "title": "Again"}]}]}


@pytest.fixture
def small(app):
    with app.app_context():
        course = course_service.import_course(files.parse(yaml.safe_dump(SMALL)))
        ids = {"course": course.id, "sessions": [s.id for s in course.sessions],
               "items": [[i.id for i in s.items] for s in course.sessions]}
        db.session.remove()
    return ids


def exported(app, course_id: int) -> dict:
    with app.app_context():
        data = course_service.export_course(db.session.get(Course, course_id))
        db.session.remove()
    return data


def titles(app, course_id: int) -> list[list[str]]:
    return [[i["title"] for i in s["items"]] for s in exported(app, course_id)["sessions"]]


def import_refusal(item: dict) -> str:
    """What `flask workshop import` says of a course file holding this item."""
    data = {"course": {"slug": "x", "title": "X"},
            "sessions": [{"title": "S", "items": [item]}]}
    with pytest.raises(files.CourseFileError) as refused:
        files.parse(yaml.safe_dump(data, sort_keys=False), "x.yaml")
    return str(refused.value)


POLL_CHECK_UP_TO_3 = {"kind": "poll", "title": "Obstacles", "minutes": 8, "poll": {
    "type": "multiple", "question": "Which obstacles? (Check up to 3)",
    "options": ["Money", "Skills", "Laws"], "other_option": "Something else",
    "max_choices": 3}}


def test_every_kind_is_added_and_exports_as_it_was_written(app, small):
    items = [
        POLL_CHECK_UP_TO_3,
        {"kind": "board", "id": "yes-no", "title": "Ready?", "board": {"columns": ["Yes", "No"]}},
        {"kind": "breakout", "title": "Talk", "minutes": 15,
         "breakout": {"task": "Pick three", "minutes": 15}},
        {"kind": "evaluation", "title": "How was it?",
         "evaluation": {"questions": ["What I liked"]}},
        {"kind": "prework", "id": "prep", "title": "Prepare",
         "prework": {"for": "team", "deliverable": "file"}},
        {"kind": "presentation", "title": "Present",
         "presentation": {"minutes_per_team": 4, "prework": "prep"}},
        {"kind": "slide", "title": "Bye", "body": "**Thanks**", "notes": "smile"},
    ]
    for item in items:
        ack = edit_course(app, small["course"], "item.add",
                          {"session_id": small["sessions"][1], "item": item})
        assert ack["ok"], ack
    data = exported(app, small["course"])
    assert data["sessions"][1]["items"][1:] == [
        {k: v for k, v in item.items()} | {"minutes": item.get("minutes", 0)} for item in items]
    assert files.parse(files.dump(data)) == files.parse(files.dump(data))


@pytest.mark.parametrize("item", [
    {"kind": "poll", "title": "Q", "poll": {"type": "multiple", "options": ["a", "b"],
                                            "max_choices": 3}},
    {"kind": "poll", "title": "Q", "poll": {"type": "single"}},
    {"kind": "board", "title": "B", "board": {"text_limit": 5}},
    {"kind": "breakout", "title": "B", "breakout": {"minutes": 0}},
    {"kind": "prework", "title": "P", "prework": {"deliverable": "video"}},
    {"kind": "slide", "title": ""},
    {"kind": "slide", "title": "S", "minutes": "ten"},
    {"kind": "slide", "title": "S", "poll": {}},
])
def test_a_form_refuses_what_the_import_refuses_with_the_same_message(app, small, item):
    ack = edit_course(app, small["course"], "item.add",
                      {"session_id": small["sessions"][0], "item": item})
    assert ack["ok"] is False and ack["error"]["code"] == "invalid"
    said = import_refusal(item)
    for field, message in ack["error"]["fields"].items():
        assert f"items[0].{field}: {message}" in said
    assert ack["error"]["fields"]
    assert titles(app, small["course"]) == [["Hello", "Second"], ["Again"]]


def test_items_are_edited_duplicated_moved_and_deleted(app, small):
    first, second = small["items"][0]
    assert edit_course(app, small["course"], "item.edit", {
        "item_id": first, "item": {"kind": "slide", "title": "Welcome", "body": "# Hi"}})["ok"]
    copied = edit_course(app, small["course"], "item.duplicate", {"item_id": first})
    assert titles(app, small["course"])[0] == ["Welcome", "Welcome", "Second"]
    assert edit_course(app, small["course"], "item.move",
                       {"item_id": second, "position": 1})["ok"]
    assert titles(app, small["course"])[0] == ["Second", "Welcome", "Welcome"]
    assert edit_course(app, small["course"], "item.move", {
        "item_id": copied["result"]["item_id"], "position": 2,
        "session_id": small["sessions"][1]})["ok"]
    assert titles(app, small["course"]) == [["Second", "Welcome"], ["Again", "Welcome"]]
    assert edit_course(app, small["course"], "item.delete", {"item_id": first})["ok"]
    assert titles(app, small["course"]) == [["Second"], ["Again", "Welcome"]]
    # the last item of a session stays: a course file's session has one at least
    last = edit_course(app, small["course"], "item.delete", {"item_id": second})
    assert last["error"]["code"] == "invalid"
    assert last["error"]["fields"] == {"items": "Length must be between 1 and 500."}


def test_sessions_are_added_renamed_reordered_and_deleted(app, small):
    added = edit_course(app, small["course"], "session.add", {"title": "Three", "minutes": 90})
    assert added["ok"]
    assert edit_course(app, small["course"], "session.edit", {
        "session_id": small["sessions"][0], "title": "Opening",
        "starts_at": "2027-03-01T09:00:00+00:00"})["ok"]
    assert edit_course(app, small["course"], "session.move", {
        "session_id": added["result"]["session_id"], "position": 1})["ok"]
    data = exported(app, small["course"])
    assert [s["title"] for s in data["sessions"]] == ["Three", "Opening", "Two"]
    assert data["sessions"][0] == {"title": "Three", "minutes": 90,
                                   "items": [{"kind": "slide", "title": "Three", "minutes": 0}]}
    refused = edit_course(app, small["course"], "session.edit",
                          {"session_id": small["sessions"][1], "minutes": 0})
    assert refused["error"]["fields"] == {
        "minutes": "Must be greater than or equal to 1 and less than or equal to 1440."}
    assert edit_course(app, small["course"], "session.delete",
                       {"session_id": small["sessions"][1]})["ok"]
    assert [s["title"] for s in exported(app, small["course"])["sessions"]] == ["Three", "Opening"]


def test_an_edit_reaches_every_room_of_the_course_and_stale_snapshots_catch_up(
        app, small, facilitator):
    rooms = [open_room(app, small["course"]) for _ in range(2)]
    actors = [facilitator_actor(room, facilitator.id) for room in rooms]
    actors.append(Actor("participant", guest_join(app, rooms[0], "Amina"), rooms[0].id))
    stale = [snapshot_of(app, actor) for actor in actors]
    edit_course(app, small["course"], "item.edit", {
        "item_id": small["items"][0][1], "item": {"kind": "slide", "title": "Changed"}})
    edit_course(app, small["course"], "item.add",
                {"session_id": small["sessions"][0], "item": POLL_CHECK_UP_TO_3, "position": 1})
    edit_course(app, small["course"], "item.delete", {"item_id": small["items"][0][0]})
    edit_course(app, small["course"], "session.add", {"title": "Three"})
    for actor, old in zip(actors, stale, strict=True):
        caught = sync_of(app, actor, old["seq"])
        fresh = snapshot_of(app, actor)
        assert "events" in caught
        assert apply_events(old["state"], caught["events"]) == fresh["state"]
        assert [t for _, t, _ in room_log(app, actor.room_id)][-2:] == [
            "agenda.edited", "sessions.edited"]
    # a participant sees the sessions (how many items each has), never the agenda itself
    assert "agenda" not in snapshot_of(app, actors[-1])["state"]


def test_an_item_a_room_has_shown_asks_before_it_changes_and_is_never_deleted(
        app, small, facilitator):
    room = open_room(app, small["course"])
    actor = facilitator_actor(room, facilitator.id)
    assert run(app, actor, "session.start", {"session_id": small["sessions"][0]})[0]["ok"]
    shown = small["items"][0][0]
    change = {"item_id": shown, "item": {"kind": "slide", "title": "Welcome, all"}}
    asked = edit_course(app, small["course"], "item.edit", change)
    assert asked["error"]["code"] == "conflict" and asked["error"]["fields"] == {
        "confirm": "needed"}
    before = snapshot_of(app, actor)
    assert edit_course(app, small["course"], "item.edit", change | {"confirm": True})["ok"]
    after = snapshot_of(app, actor)
    assert after["state"]["live"]["current"]["item"]["title"] == "Welcome, all"
    assert apply_events(before["state"], sync_of(app, actor, before["seq"])["events"]) == \
        after["state"]
    assert edit_course(app, small["course"], "item.delete",
                       {"item_id": shown})["error"]["code"] == "conflict"
    assert edit_course(app, small["course"], "session.delete",
                       {"session_id": small["sessions"][0]})["error"]["code"] == "conflict"


def test_an_edit_sent_twice_applies_once(app, small):
    data = {"session_id": small["sessions"][0], "item": {"kind": "slide", "title": "Once"}}
    first = edit_course(app, small["course"], "item.add", data, id="edit-1")
    again = edit_course(app, small["course"], "item.add", data, id="edit-1")
    assert first == again and first["ok"]
    other = edit_course(app, small["course"], "item.add", data | {"position": 1}, id="edit-1")
    assert other["error"]["code"] == "conflict"
    assert titles(app, small["course"])[0].count("Once") == 1
    assert count(app, CourseEdit) == 1


def test_only_a_facilitator_edits_and_room_and_course_commands_stay_apart(app, small, facilitator):
    room = open_room(app, small["course"])
    with app.app_context():
        from app.core.scopes import Actor
        from app.course.dispatch import apply_edit

        refused = apply_edit(small["course"], Actor("participant", 1, room.id),
                             {"id": "x", "type": "session.add", "data": {"title": "T"}})
        db.session.remove()
    assert refused["error"]["code"] == "forbidden"
    assert edit_course(app, small["course"], "agenda.next")["error"]["code"] == "invalid"
    ack, _ = run(app, facilitator_actor(room, facilitator.id), "session.add", {"title": "T"})
    assert ack["error"]["code"] == "invalid"
    assert [s["title"] for s in exported(app, small["course"])["sessions"]] == ["One", "Two"]


def test_new_course_and_new_cohort(app, small):
    with app.app_context():
        made = course_service.new_course({"slug": "fresh", "title": "Fresh", "language": "fr"})
        assert [[i.title for i in s.items] for s in made.sessions] == [["Fresh"]]
        with pytest.raises(Exception) as taken:
            course_service.new_course({"slug": "fresh", "title": "Again"})
        assert taken.value.fields == {
            "course.slug": "A course with this short name exists already."}
        with pytest.raises(Exception) as bad:
            course_service.new_course({"slug": "Not A Slug", "title": "X"})
        assert bad.value.fields == {"course.slug": "Use lower-case letters, digits and '-'."}
        db.session.remove()
        cohort = course_service.duplicate_course(made, "fresh-2", "Fresh again", False)
        assert cohort.slug == "fresh-2" and [s.title for s in cohort.sessions] == ["Session 1"]
        db.session.remove()


def test_a_new_cohort_leaves_out_preparation_and_presentations_unless_asked(app, small):
    edit_course(app, small["course"], "item.add", {"session_id": small["sessions"][1], "item": {
        "kind": "prework", "id": "prep", "title": "Prepare"}})
    edit_course(app, small["course"], "item.add", {"session_id": small["sessions"][1], "item": {
        "kind": "presentation", "title": "Present", "presentation": {"prework": "prep"}}})
    with app.app_context():
        course = db.session.get(Course, small["course"])
        kept = course_service.duplicate_course(course, "small-b", "Small B", True)
        left = course_service.duplicate_course(course, "small-c", "Small C", False)
        assert [i.kind for i in kept.sessions[1].items] == ["slide", "prework", "presentation"]
        assert [i.kind for i in left.sessions[1].items] == ["slide"]
        db.session.remove()


# the round trip: whatever a run of edits makes exports to a file that imports back the same

ITEMS = st.sampled_from([
    {"kind": "slide", "title": "Welcome", "body": "**Hi** <b>there</b>", "notes": "smile"},
    POLL_CHECK_UP_TO_3,
    {"kind": "poll", "title": "Agree?", "poll": {"type": "likert",
                                                 "scale": ["No", "Maybe", "Yes"]}},
    {"kind": "board", "title": "Ready?", "board": {"columns": ["Yes", "No"], "dot_votes": 2}},
    {"kind": "breakout", "title": "Talk", "minutes": 15, "breakout": {"minutes": 15}},
    {"kind": "evaluation", "title": "How was it?", "evaluation": {"questions": ["Liked"]}},
])
EDITS = st.lists(st.one_of(
    st.tuples(st.just("add"), ITEMS, st.integers(0, 1), st.integers(1, 6)),
    st.tuples(st.just("move"), st.integers(0, 20), st.integers(1, 6), st.integers(0, 1)),
    st.tuples(st.just("duplicate"), st.integers(0, 20)),
    st.tuples(st.just("delete"), st.integers(0, 20)),
    st.tuples(st.just("session"), st.text(min_size=1, max_size=12)),
), max_size=12)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_what_the_editor_makes_exports_and_imports_back_identical(app, edits):
    with app.app_context():
        made = course_service.new_course({"slug": f"c-{uuid.uuid4().hex[:8]}", "title": "C"})
        course_id, slug = made.id, made.slug
        db.session.remove()
    edit_course(app, course_id, "session.add", {"title": "Two"})
    for edit in edits:
        data = exported(app, course_id)
        with app.app_context():
            ids = [i.id for s in db.session.get(Course, course_id).sessions for i in s.items]
            sessions = [s.id for s in db.session.get(Course, course_id).sessions]
            db.session.remove()
        if edit[0] == "add":
            edit_course(app, course_id, "item.add", {
                "session_id": sessions[edit[2] % len(sessions)], "item": edit[1],
                "position": edit[3]})
        elif edit[0] == "move":
            edit_course(app, course_id, "item.move", {
                "item_id": ids[edit[1] % len(ids)], "position": edit[2],
                "session_id": sessions[edit[3] % len(sessions)]})
        elif edit[0] in ("duplicate", "delete"):
            edit_course(app, course_id, f"item.{edit[0]}", {"item_id": ids[edit[1] % len(ids)]})
        else:
            edit_course(app, course_id, "session.add", {"title": edit[1]})
        assert files.parse(files.dump(data)) is not None
    data = exported(app, course_id)
    text = files.dump(data)
    again = files.parse(text)
    again["course"]["slug"] = f"{slug}-again"
    with app.app_context():
        copy_ = course_service.import_course(again)
        back = course_service.export_course(copy_)
        db.session.remove()
    back["course"]["slug"] = slug
    assert back == data
    assert files.dump(back) == text


def test_a_poll_with_answers_asks_first_and_its_answers_keep_the_question_they_had(
        app, small, facilitator):
    ack = edit_course(app, small["course"], "item.add",
                      {"session_id": small["sessions"][0], "item": POLL_CHECK_UP_TO_3})
    poll_item = ack["result"]["item_id"]
    room = open_room(app, small["course"])
    staff = facilitator_actor(room, facilitator.id)
    opened, _ = run(app, staff, "poll.open", {"item_id": poll_item})
    amina = guest_join(app, room, "Amina")
    answered, _ = run(app, Actor("participant", amina, room.id), "poll.answer",
                      {"poll_id": opened["result"]["poll_id"], "choices": [0, 3],
                       "other": "Time"})
    assert answered["ok"], answered
    changed = POLL_CHECK_UP_TO_3 | {"poll": POLL_CHECK_UP_TO_3["poll"] | {
        "options": ["Budget", "Skills"], "max_choices": 2}}
    asked = edit_course(app, small["course"], "item.edit",
                        {"item_id": poll_item, "item": changed})
    assert asked["error"]["code"] == "conflict"
    assert edit_course(app, small["course"], "item.edit",
                       {"item_id": poll_item, "item": changed, "confirm": True})["ok"]
    with app.app_context():
        poll = db.session.get(Poll, opened["result"]["poll_id"])
        assert poll.spec["options"] == ["Money", "Skills", "Laws"]
        assert db.session.get(AgendaItem, poll_item).settings["options"] == ["Budget", "Skills"]
        db.session.remove()
