"""Course service: import, rooms, and the rules of live navigation with their timings."""
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from app.core.models import Room
from app.core.scopes import Actor
from app.course import files
from app.course import service as course_service
from app.course.models import AgendaItem, Course, ItemTiming, SessionRun
from app.extensions import db
from tests.support import (
    TINY_COURSE,
    facilitator_actor,
    import_course,
    open_room,
    room_log,
    run,
    snapshot_of,
)


class Clock:
    """A hand-moved clock for the service's notion of now."""

    def __init__(self):
        self.moment = datetime(2030, 3, 4, 9, 0, 0)

    def __call__(self):
        return self.moment

    def advance(self, **delta):
        self.moment += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(course_service, "now", fake)
    return fake


def the_run(app, room, session_id) -> SessionRun:
    with app.app_context():
        found = db.session.execute(sa.select(SessionRun).where(
            SessionRun.room_id == room.id, SessionRun.session_id == session_id)).scalar_one()
        db.session.expunge(found)
        db.session.remove()
    return found


def timings(app, room) -> dict[int, int]:
    with app.app_context():
        rows = db.session.execute(sa.select(ItemTiming.item_id, ItemTiming.seconds)
                                  .where(ItemTiming.room_id == room.id)).all()
        db.session.remove()
    return dict(rows)


def current_session(app, room) -> int | None:
    with app.app_context():
        value = db.session.get(Room, room.id).current_session_id
        db.session.remove()
    return value


# --------------------------------------------------------------------------- import, rooms

def test_import_keeps_order_kinds_settings_and_renders_markdown(app):
    data = files.parse(TINY_COURSE.replace("title: Hello\n",
                                           "title: Hello\n        body: '**Hi** there'\n"))
    info = import_course(app, data)
    with app.app_context():
        course = db.session.get(Course, info.id)
        assert [s.position for s in course.sessions] == [1, 2]
        first, poll = course.sessions[0].items
        assert (first.position, first.key, first.kind) == (1, "intro", "slide")
        assert first.body_html == "<p><strong>Hi</strong> there</p>\n"
        assert (poll.kind, poll.settings) == ("poll", {"options": ["a", "b"]})
        assert course.sessions[1].items[0].settings == {"columns": ["x"]}
        assert course.extras == {}


def test_a_room_gets_a_readable_unique_join_code(app, course):
    rooms = [open_room(app, course.id) for _ in range(20)]
    codes = [r.code for r in rooms]
    assert len(set(codes)) == 20
    for code in codes:
        assert len(code) == 6 and set(code) <= set(course_service.JOIN_CODE_ALPHABET)
        assert not set(code) & set("01IO")
    with app.app_context():
        room = db.session.get(Room, rooms[0].id)
        assert room.title == "Innovation and Digital Government for Public Service Delivery"
        assert room.last_seq == 0 and room.current_session_id is None
    assert open_room(app, course.id, "Cohort B").code not in codes


# --------------------------------------------------------------------------- navigation

def test_start_puts_the_first_item_on_screen(app, course, room, clock):
    session = course.sessions[0]
    ack, messages = run(app, facilitator_actor(room), "session.start", {"session_id": session.id})
    assert ack["result"] == {"session_id": session.id, "item_id": session.items[0]}
    assert current_session(app, room) == session.id
    session_run = the_run(app, room, session.id)
    assert session_run.current_item_id == session.items[0]
    assert session_run.started_at == clock.moment == session_run.item_shown_at
    assert session_run.ended_at is None
    assert timings(app, room) == {session.items[0]: 0}
    live = messages[0]["changes"][0][2]
    assert live["session_id"] == session.id
    assert live["started_at"] == "2030-03-04T09:00:00.000Z"
    assert live["item"]["position"] == 1 and live["item"]["kind"] == "slide"


def test_moves_follow_the_agenda_and_stop_at_its_ends(app, course, room):
    fac = facilitator_actor(room)
    session = course.sessions[3]
    run(app, fac, "session.start", {"session_id": session.id})

    ack, _ = run(app, fac, "agenda.back")
    assert ack["error"]["code"] == "conflict" and "first" in ack["error"]["message"]
    for expected in session.items[1:4]:
        ack, _ = run(app, fac, "agenda.next")
        assert ack["result"] == {"item_id": expected}
    ack, _ = run(app, fac, "agenda.goto", {"item_id": session.items[-1]})
    assert ack["ok"]
    ack, _ = run(app, fac, "agenda.next")
    assert ack["error"]["code"] == "conflict" and "last" in ack["error"]["message"]
    ack, _ = run(app, fac, "agenda.goto", {"item_id": session.items[-1]})
    assert ack["error"]["code"] == "conflict"  # already on screen
    ack, _ = run(app, fac, "agenda.back")
    assert ack["result"] == {"item_id": session.items[-2]}
    assert the_run(app, room, session.id).current_item_id == session.items[-2]


@pytest.mark.parametrize("type", ["agenda.next", "agenda.back", "session.end"])
def test_moves_need_a_live_session(app, course, room, type):
    ack, messages = run(app, facilitator_actor(room), type)
    assert ack["error"]["code"] == "conflict" and messages == []


def test_goto_needs_a_live_session(app, course, room):
    ack, _ = run(app, facilitator_actor(room), "agenda.goto",
                 {"item_id": course.sessions[0].items[1]})
    assert ack["error"]["code"] == "conflict"


def test_goto_stays_inside_the_live_session(app, course, room):
    fac = facilitator_actor(room)
    run(app, fac, "session.start", {"session_id": course.sessions[0].id})
    for item_id in (course.sessions[1].items[0], 99_999):
        ack, messages = run(app, fac, "agenda.goto", {"item_id": item_id})
        assert ack["error"]["code"] == "not_found" and messages == []
    ack, _ = run(app, fac, "agenda.goto", {"item_id": 0})  # never a row id
    assert ack["error"]["code"] == "invalid"


def test_sessions_of_another_course_are_not_found(app, course, room):
    other = import_course(app, files.parse(TINY_COURSE))
    fac = facilitator_actor(room)
    for session_id in (other.sessions[0].id, 4242):
        ack, _ = run(app, fac, "session.start", {"session_id": session_id})
        assert ack["error"]["code"] == "not_found"
    assert room_log(app, room.id) == []


def test_starting_the_live_session_again_is_a_conflict(app, course, room):
    fac = facilitator_actor(room)
    run(app, fac, "session.start", {"session_id": course.sessions[0].id})
    ack, _ = run(app, fac, "session.start", {"session_id": course.sessions[0].id})
    assert ack["error"]["code"] == "conflict"
    assert len(room_log(app, room.id)) == 2


def test_switching_sessions_ends_the_one_that_was_live(app, course, room, clock):
    fac = facilitator_actor(room)
    one, two = course.sessions[0], course.sessions[1]
    run(app, fac, "session.start", {"session_id": one.id})
    clock.advance(minutes=3)
    ack, messages = run(app, fac, "session.start", {"session_id": two.id})

    assert [(m["type"], m["scope"], m["session"]) for m in messages] == [
        ("session.ended", "staff", one.id), ("session.started", "room", two.id),
        ("agenda.timed", "staff", two.id)]
    ended = the_run(app, room, one.id)
    assert ended.ended_at == clock.moment and ended.item_shown_at is None
    assert timings(app, room) == {one.items[0]: 180, two.items[0]: 0}
    assert messages[0]["changes"] == [["runs", str(one.id), {
        "session_id": one.id, "started_at": "2030-03-04T09:00:00.000Z",
        "ended_at": "2030-03-04T09:03:00.000Z", "current_item_id": one.items[0],
        "item_shown_at": None}]]


def test_a_resumed_session_comes_back_where_it_stood(app, course, room, clock):
    fac = facilitator_actor(room)
    one, two = course.sessions[0], course.sessions[1]
    run(app, fac, "session.start", {"session_id": one.id})
    run(app, fac, "agenda.goto", {"item_id": one.items[4]})
    run(app, fac, "session.start", {"session_id": two.id})
    clock.advance(minutes=10)
    ack, _ = run(app, fac, "session.start", {"session_id": one.id})

    assert ack["result"] == {"session_id": one.id, "item_id": one.items[4]}
    resumed = the_run(app, room, one.id)
    assert resumed.ended_at is None
    assert resumed.started_at == datetime(2030, 3, 4, 9, 0)
    assert resumed.item_shown_at == clock.moment


def test_end_session_clears_the_screen(app, course, room, clock):
    fac = facilitator_actor(room)
    session = course.sessions[4]
    run(app, fac, "session.start", {"session_id": session.id})
    clock.advance(seconds=42)
    ack, messages = run(app, fac, "session.end")

    assert ack["result"] == {"session_id": session.id}
    assert current_session(app, room) is None
    assert [(m["type"], m["scope"], m["session"]) for m in messages] == [
        ("session.ended", "room", session.id), ("agenda.timed", "staff", None)]
    assert messages[0]["changes"] == [["live", "current", {"session_id": None}]]
    assert timings(app, room) == {session.items[0]: 42}
    snap = snapshot_of(app, Actor("participant", None, room.id))
    assert snap["state"]["live"] == {"current": {"session_id": None}}
    ended = the_run(app, room, session.id)
    assert ended.ended_at == clock.moment


def test_time_on_screen_adds_up_per_item(app, course, room, clock):
    fac = facilitator_actor(room)
    session = course.sessions[0]
    a, b = session.items[0], session.items[1]
    run(app, fac, "session.start", {"session_id": session.id})
    clock.advance(seconds=90)
    run(app, fac, "agenda.next")       # a: 90
    clock.advance(seconds=20)
    run(app, fac, "agenda.back")       # b: 20
    clock.advance(seconds=30)
    ack, messages = run(app, fac, "agenda.next")  # a: 120

    assert timings(app, room) == {a: 120, b: 20}
    timed = messages[1]
    assert timed["type"] == "agenda.timed" and timed["scope"] == "staff"
    changed = {key: value for collection, key, value in timed["changes"]
               if collection == "timings"}
    assert changed[str(a)]["seconds"] == 120
    assert changed[str(a)]["first_shown_at"] == "2030-03-04T09:00:00.000Z"
    assert changed[str(b)]["seconds"] == 20
    staff = snapshot_of(app, fac)
    assert staff["state"]["timings"][str(a)] == changed[str(a)]
    assert staff["state"]["runs"][str(session.id)]["current_item_id"] == b


def test_facilitator_notes_stay_with_staff(app):
    data = files.parse(TINY_COURSE.replace(
        "title: Hello\n", "title: Hello\n        notes: 'Ask **who** presents'\n"))
    info = import_course(app, data)
    room = open_room(app, info.id)
    run(app, facilitator_actor(room), "session.start", {"session_id": info.sessions[0].id})
    participant = snapshot_of(app, Actor("participant", None, room.id))
    staff = snapshot_of(app, facilitator_actor(room))
    item = str(info.sessions[0].items[0])
    assert "notes_html" not in participant["state"]["live"]["current"]["item"]
    assert "who" not in str(participant)
    assert staff["state"]["agenda"][item]["notes_html"] == \
        "<p>Ask <strong>who</strong> presents</p>\n"
    assert staff["state"]["agenda"][str(info.sessions[0].items[1])]["settings"] == \
        {"options": ["a", "b"]}


def test_an_item_view_is_what_the_database_holds(app, course, room):
    run(app, facilitator_actor(room), "session.start", {"session_id": course.sessions[0].id})
    snap = snapshot_of(app, Actor("projector", None, room.id))
    item = snap["state"]["live"]["current"]["item"]
    with app.app_context():
        row = db.session.get(AgendaItem, item["id"])
        assert (item["title"], item["body_html"], item["minutes"]) == \
            (row.title, row.body_html, row.minutes)
    assert snap["state"]["sessions"][str(course.sessions[0].id)]["item_count"] == \
        len(course.sessions[0].items)
