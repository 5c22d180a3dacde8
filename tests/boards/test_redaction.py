"""Hidden and deleted notes leave the event log: no `sync {since: 0}` (what a reconnect
with since 0 sends too) returns their text to anyone, the log keeps its seq and types, and
a stale state plus the redacted events still equals a fresh snapshot."""
import json
import uuid

from app.core.commands import Prepared, apply_together, prepare
from app.extensions import db
from tests.support import apply_events, room_log, snapshot_of, sync_of

SECRET = "Secret plan of Pat"


def log_text(wall) -> str:
    """Every event of the room as its whole audience could replay it, as one string."""
    everyone = [wall.fac, wall.projector()]
    return json.dumps([sync_of(wall.app, actor, 0) for actor in everyone])


def replays(wall, actors) -> dict:
    return {actor.key: json.dumps(sync_of(wall.app, actor, 0)) for actor in actors}


def assert_caught_up(wall, actor, stale: dict) -> None:
    """The redacted events since a stale snapshot bring it to the fresh one."""
    fresh = snapshot_of(wall.app, actor)
    caught_up = apply_events(stale["state"], sync_of(wall.app, actor, stale["seq"])["events"])
    assert caught_up == fresh["state"]


def test_a_hidden_note_leaves_every_replay_and_comes_back_when_shown(wall):
    board = wall.board()
    pat, bo = wall.join("Pat"), wall.join("Bo")
    cody = wall.cohost()
    stale = {a.key: snapshot_of(wall.app, a) for a in (bo, cody, wall.projector())}
    note = wall.post(pat, board, "First draft")
    wall.ok(pat, "note.edit", {"note_id": note, "text": SECRET})
    wall.ok(bo, "note.comment", {"note_id": note, "text": "Nice", "positive": True})
    assert SECRET in log_text(wall)
    shape = room_log(wall.app, wall.room.id)

    wall.ok(wall.fac, "note.moderate", {"note_id": note, "hidden": True})

    for actor in (pat, bo, cody, wall.fac, wall.projector()):
        replay = json.dumps(sync_of(wall.app, actor, 0))
        assert SECRET not in replay and "First draft" not in replay, actor.key
    assert room_log(wall.app, wall.room.id)[:len(shape)] == shape  # seq, type, scope kept
    assert wall.note_row(note)["text"] == SECRET  # kept for showing again and the export
    for actor in (bo, cody, wall.projector()):
        assert_caught_up(wall, actor, stale[actor.key])
    assert "Nice" in log_text(wall)  # the comment is someone else's words, on view

    wall.ok(wall.fac, "note.moderate", {"note_id": note, "hidden": False})
    assert snapshot_of(wall.app, bo)["state"]["notes"][str(note)]["text"] == SECRET
    assert_caught_up(wall, bo, stale[bo.key])


def test_a_deleted_note_and_its_comments_leave_every_replay(wall):
    board = wall.board()
    pat, bo = wall.join("Pat"), wall.join("Bo")
    stale = snapshot_of(wall.app, bo)
    note = wall.post(pat, board, SECRET)
    kept = wall.post(bo, board, "Bo's idea stays")
    wall.ok(bo, "note.comment", {"note_id": note, "text": "I agree with the plan",
                                 "positive": True})
    wall.ok(pat, "note.delete", {"note_id": note})
    text = log_text(wall)
    assert SECRET not in text and "I agree with the plan" not in text
    assert "Bo's idea stays" in text
    assert str(kept) in snapshot_of(wall.app, bo)["state"]["notes"]
    assert_caught_up(wall, bo, stale)


def test_a_note_edited_and_deleted_in_one_burst_leaves_no_text(wall):
    """Burst commands are applied together, in one transaction: the deletion's redaction
    must reach the edit logged just before it in the same transaction."""
    board = wall.board()
    pat = wall.join("Pat")
    note = wall.post(pat, board, "Draft")
    with wall.app.app_context():
        try:
            burst = [prepare(pat, {"id": uuid.uuid4().hex, "type": type, "data": data})
                     for type, data in [("note.edit", {"note_id": note, "text": SECRET}),
                                        ("note.delete", {"note_id": note})]]
            assert all(isinstance(command, Prepared) for command in burst)
            outcomes = apply_together(burst)
        finally:
            db.session.remove()
    assert [ack["ok"] for ack, _ in outcomes] == [True, True]
    assert [e["type"] for _, messages in outcomes for e in messages] == [
        "note.edited", "note.deleted"]
    text = log_text(wall)
    assert SECRET not in text and "Draft" not in text
