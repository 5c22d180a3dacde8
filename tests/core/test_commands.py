"""The dispatcher (app.core.commands.execute) called directly: validation, roles,
idempotency, size limits and the gapless per-room sequence."""
import threading
import uuid

import pytest
import sqlalchemy as sa

from app.core.commands import execute
from app.core.models import AppliedCommand, RoomEvent
from app.core.scopes import Actor
from app.extensions import db
from tests.support import (
    facilitator_actor,
    guest_join,
    import_course,
    last_seq,
    open_room,
    room_log,
    run,
)


def raw_execute(app, actor, envelope):
    with app.app_context():
        try:
            return execute(actor, envelope)
        finally:
            db.session.remove()


def assert_unchanged(app, room, seq_before):
    assert last_seq(app, room.id) == seq_before
    assert len(room_log(app, room.id)) == seq_before


def test_a_command_commits_its_events_with_the_next_seqs(app, course, room):
    first = course.sessions[0]
    ack, messages = run(app, facilitator_actor(room), "session.start", {"session_id": first.id})

    assert ack == {"ok": True, "seq": 2, "result": {"session_id": first.id,
                                                   "item_id": first.items[0]}}
    assert room_log(app, room.id) == [(1, "session.started", "room"), (2, "agenda.timed", "staff")]
    assert [m["seq"] for m in messages] == [1, 2]
    live = messages[0]["changes"]
    assert live[0][:2] == ["live", "current"]
    assert live[0][2]["item"]["id"] == first.items[0]
    assert messages[0]["session"] == first.id
    assert messages[0]["at"].endswith("Z")


def test_the_event_messages_are_what_the_log_holds(app, course, room):
    _, messages = run(app, facilitator_actor(room), "session.start",
                      {"session_id": course.sessions[1].id})
    with app.app_context():
        rows = db.session.execute(sa.select(RoomEvent).where(RoomEvent.room_id == room.id)
                                  .order_by(RoomEvent.seq)).scalars().all()
        stored = [{"seq": e.seq, "type": e.type, "scope": e.scope, "session": e.session_id,
                   **e.payload} for e in rows]
    assert [{k: m[k] for k in ("seq", "type", "scope", "session", "data", "changes")}
            for m in messages] == stored


MALFORMED = [
    pytest.param("agenda.next", id="a string"),
    pytest.param(["id", "agenda.next"], id="a list"),
    pytest.param(None, id="null"),
    pytest.param(42, id="a number"),
    pytest.param({}, id="empty"),
    pytest.param({"type": "agenda.next", "data": {}}, id="no id"),
    pytest.param({"id": "c1", "data": {}}, id="no type"),
    pytest.param({"id": "", "type": "agenda.next"}, id="empty id"),
    pytest.param({"id": "has space", "type": "agenda.next"}, id="space in id"),
    pytest.param({"id": "naïve", "type": "agenda.next"}, id="non-ascii id"),
    pytest.param({"id": "x/../y", "type": "agenda.next"}, id="slash in id"),
    pytest.param({"id": "x" * 65, "type": "agenda.next"}, id="id too long"),
    pytest.param({"id": 7, "type": "agenda.next"}, id="id not a string"),
    pytest.param({"id": "c1", "type": ""}, id="empty type"),
    pytest.param({"id": "c1", "type": 3}, id="type not a string"),
    pytest.param({"id": "c1", "type": "agenda.next", "data": "next"}, id="data a string"),
    pytest.param({"id": "c1", "type": "agenda.next", "data": [1]}, id="data a list"),
    pytest.param({"id": "c1", "type": "agenda.next", "data": None}, id="data null"),
]


@pytest.mark.parametrize("envelope", MALFORMED)
def test_a_malformed_envelope_is_invalid_and_changes_nothing(app, course, room, envelope):
    actor = facilitator_actor(room)
    run(app, actor, "session.start", {"session_id": course.sessions[0].id})
    before = last_seq(app, room.id)

    ack, messages = raw_execute(app, actor, envelope)

    assert ack["ok"] is False
    assert ack["error"]["code"] == "invalid"
    assert ack["error"]["message"]
    assert messages == []
    assert_unchanged(app, room, before)
    # the dispatcher still works afterwards
    ok, _ = run(app, actor, "agenda.next")
    assert ok["ok"] and ok["seq"] == before + 2


def test_an_unknown_command_type_is_invalid(app, room):
    ack, messages = run(app, facilitator_actor(room), "agenda.explode", {})
    assert ack["ok"] is False and ack["error"]["code"] == "invalid"
    assert "agenda.explode" in ack["error"]["message"]
    assert messages == [] and last_seq(app, room.id) == 0


@pytest.mark.parametrize("value", ["1", 1.5, True, None, [1], {"id": 1}])
def test_a_field_of_the_wrong_type_is_invalid_and_named(app, course, room, value):
    ack, _ = run(app, facilitator_actor(room), "session.start", {"session_id": value})
    assert ack["ok"] is False
    assert ack["error"]["code"] == "invalid"
    assert set(ack["error"]["fields"]) == {"session_id"}
    assert last_seq(app, room.id) == 0


def test_a_missing_field_is_invalid_and_named(app, room):
    ack, _ = run(app, facilitator_actor(room), "agenda.goto", {})
    assert ack["error"]["code"] == "invalid"
    assert "item_id" in ack["error"]["fields"]


@pytest.mark.parametrize(("type", "data"), [
    ("session.start", {"session_id": 1, "force": True}),
    ("agenda.next", {"steps": 2}),
    ("session.end", {"reason": "x"}),
])
def test_unknown_fields_are_refused(app, course, room, type, data):
    ack, _ = run(app, facilitator_actor(room), type, data)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid"
    unknown = (set(data) - {"session_id"}).pop()
    assert unknown in ack["error"]["fields"]
    assert last_seq(app, room.id) == 0


@pytest.mark.parametrize(("type", "field"), [("session.start", "session_id"),
                                            ("agenda.goto", "item_id")])
@pytest.mark.parametrize("value", [2 ** 31, 2 ** 63, 2 ** 70, 0, -1])
def test_ids_out_of_range_are_invalid_not_a_crash(app, course, room, type, field, value):
    actor = facilitator_actor(room)
    run(app, actor, "session.start", {"session_id": course.sessions[0].id})
    before = last_seq(app, room.id)
    ack, messages = run(app, actor, type, {field: value})
    assert ack["ok"] is False and ack["error"]["code"] == "invalid"
    assert field in ack["error"]["fields"]
    assert messages == [] and last_seq(app, room.id) == before


@pytest.mark.app_config(MAX_COMMAND_BYTES=512)
def test_oversize_data_is_too_large_and_changes_nothing(app, course, room):
    actor = facilitator_actor(room)
    ack, messages = run(app, actor, "session.start",
                        {"session_id": course.sessions[0].id, "pad": "x" * 600})
    assert ack["ok"] is False and ack["error"]["code"] == "too_large"
    assert messages == [] and last_seq(app, room.id) == 0
    # just under the limit is judged on its content instead
    ack, _ = run(app, actor, "session.start", {"session_id": course.sessions[0].id,
                                               "pad": "x" * 400})
    assert ack["error"]["code"] == "invalid" and "pad" in ack["error"]["fields"]


def test_the_default_size_limit_applies(app, course, room):
    limit = app.config["MAX_COMMAND_BYTES"]
    ack, _ = run(app, facilitator_actor(room), "participant.rename", {"name": "é" * limit})
    assert ack["error"]["code"] == "too_large"


@pytest.mark.parametrize("role", ["participant", "projector", "cofacilitator", "guest"])
def test_only_the_facilitator_drives(app, course, room, role):
    actor = Actor(role, 1 if role != "projector" else None, room.id)
    for type, data in [("session.start", {"session_id": course.sessions[0].id}),
                       ("agenda.next", {}), ("agenda.back", {}),
                       ("agenda.goto", {"item_id": course.sessions[0].items[1]}),
                       ("session.end", {})]:
        ack, messages = run(app, actor, type, data)
        assert ack["ok"] is False and ack["error"]["code"] == "forbidden", (type, ack)
        assert messages == []
    assert last_seq(app, room.id) == 0


def test_a_refused_command_records_no_command_id(app, course, room):
    actor = facilitator_actor(room)
    ack, _ = run(app, actor, "agenda.next", id="next-1")
    assert ack["error"]["code"] == "conflict"  # no session live yet
    run(app, actor, "session.start", {"session_id": course.sessions[0].id})

    ack, messages = run(app, actor, "agenda.next", id="next-1")  # the same id, now valid

    assert ack["ok"] is True and ack["seq"] == 4
    assert [m["type"] for m in messages] == ["agenda.moved", "agenda.timed"]


def test_a_repeated_command_id_applies_once(app, course, room):
    actor = facilitator_actor(room)
    first, messages = run(app, actor, "session.start", {"session_id": course.sessions[0].id},
                          id="start-1")
    again, more = run(app, actor, "session.start", {"session_id": course.sessions[0].id},
                      id="start-1")
    # the same id with other content is not a retry: refused, and nothing changes
    other, still = run(app, actor, "session.start", {"session_id": course.sessions[2].id},
                       id="start-1")
    renamed, _ = run(app, actor, "agenda.next", id="start-1")

    assert first["ok"] and len(messages) == 2
    assert again == first
    assert other["ok"] is False and other["error"]["code"] == "conflict"
    assert renamed["ok"] is False and renamed["error"]["code"] == "conflict"
    assert more == [] and still == []
    assert last_seq(app, room.id) == 2
    assert len(room_log(app, room.id)) == 2
    with app.app_context():
        stored = db.session.execute(sa.select(AppliedCommand)).scalars().all()
        assert [(c.command_id, c.actor, c.type, c.ack) for c in stored] == [
            ("start-1", actor.key, "session.start", first)]


def test_command_ids_are_per_actor(app, course, room):
    pid = guest_join(app, room, "Ana")
    qid = guest_join(app, room, "Bo")
    one, _ = run(app, Actor("participant", pid, room.id), "participant.rename",
                 {"name": "Ana B"}, id="rename")
    two, _ = run(app, Actor("participant", qid, room.id), "participant.rename",
                 {"name": "Bo C"}, id="rename")
    assert one["ok"] and two["ok"] and two["seq"] == one["seq"] + 1


def test_a_command_for_a_room_that_does_not_exist_is_refused(app, course, room):
    ack, messages = run(app, Actor("facilitator", 1, 999), "session.start",
                        {"session_id": course.sessions[0].id})
    assert ack["ok"] is False and ack["error"]["code"] in ("invalid", "not_found")
    assert messages == []


def test_seq_is_gapless_per_room_across_many_commands(app, course, reference_data):
    other_course = import_course(app, {**reference_data, "course": {
        **reference_data["course"], "slug": "second-copy"}})
    rooms = [open_room(app, course.id), open_room(app, other_course.id)]
    acks = {r.id: [] for r in rooms}
    plans = {
        rooms[0].id: [("agenda.next", {}), ("session.start", {"session_id": course.sessions[0].id}),
                      *[("agenda.next", {})] * 5, ("agenda.back", {}),
                      ("session.start", {"session_id": course.sessions[0].id}),  # conflict
                      ("agenda.goto", {"item_id": course.sessions[0].items[-1]}),
                      ("agenda.next", {}),  # conflict: last item
                      ("session.start", {"session_id": course.sessions[3].id}),
                      ("session.end", {}), ("session.end", {})],
        rooms[1].id: [("session.start", {"session_id": other_course.sessions[1].id}),
                      ("session.start", {"session_id": course.sessions[1].id}),  # not_found
                      *[("agenda.next", {})] * 4, ("agenda.back", {}), ("agenda.back", {}),
                      ("agenda.goto", {"item_id": course.sessions[0].items[0]}),  # not_found
                      ("session.end", {})],
    }
    longest = max(len(p) for p in plans.values())
    for step in range(longest):
        for r in rooms:
            if step < len(plans[r.id]):
                type, data = plans[r.id][step]
                ack, _ = run(app, facilitator_actor(r), type, data)
                acks[r.id].append(ack)

    for r in rooms:
        log = room_log(app, r.id)
        seqs = [seq for seq, _, _ in log]
        assert seqs == list(range(1, len(log) + 1))
        assert last_seq(app, r.id) == len(log)
        ok_seqs = [a["seq"] for a in acks[r.id] if a["ok"]]
        assert ok_seqs == sorted(set(ok_seqs)) and ok_seqs[-1] == len(log)
    codes = [a["error"]["code"] for a in acks[rooms[1].id] if not a["ok"]]
    assert codes == ["not_found", "not_found"]


def test_seq_stays_gapless_under_concurrent_commands(app, course, room):
    participants = [guest_join(app, room, f"P{i}") for i in range(4)]
    base = last_seq(app, room.id)
    acks: list[dict] = []
    errors: list[BaseException] = []

    def rename(pid):
        try:
            for n in range(8):
                ack, _ = run(app, Actor("participant", pid, room.id), "participant.rename",
                             {"name": f"P{pid} v{n}"}, id=uuid.uuid4().hex)
                acks.append(ack)
        except BaseException as err:  # surfaced below
            errors.append(err)

    threads = [threading.Thread(target=rename, args=(pid,)) for pid in participants]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert errors == []
    assert len(acks) == 32 and all(a["ok"] for a in acks), [a for a in acks if not a["ok"]]
    assert sorted(a["seq"] for a in acks) == list(range(base + 1, base + 33))
    assert [seq for seq, _, _ in room_log(app, room.id)] == list(range(1, base + 33))


def test_the_same_command_id_racing_itself_applies_once(app, course, room):
    """A fast retry from a second device arrives while the first is still being applied."""
    actor = facilitator_actor(room)
    run(app, actor, "session.start", {"session_id": course.sessions[0].id})
    before = last_seq(app, room.id)
    barrier = threading.Barrier(4)
    acks: list[dict] = []
    errors: list[BaseException] = []

    def next_please():
        try:
            barrier.wait(timeout=5)
            acks.append(run(app, actor, "agenda.next", id="next-once")[0])
        except BaseException as err:  # surfaced below
            errors.append(err)

    threads = [threading.Thread(target=next_please) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert errors == []
    assert len(acks) == 4 and all(a == acks[0] for a in acks), acks
    assert acks[0]["ok"] and acks[0]["result"] == {"item_id": course.sessions[0].items[1]}
    assert last_seq(app, room.id) == before + 2
    assert [seq for seq, _, _ in room_log(app, room.id)] == list(range(1, before + 3))
