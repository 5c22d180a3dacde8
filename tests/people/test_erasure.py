"""`flask workshop erase-participant`: a participant's erasure request. Their name, what
they wrote and answered and their tokens go, the event log keeps its order with their text
taken out, and counts that name nobody stay."""
import json

import pytest
import sqlalchemy as sa

from app.boards.models import Comment, Note
from app.core.models import RoomEvent
from app.extensions import db
from app.people.models import Participant
from app.polls.models import PollBallot, PollResponse
from tests.polls.helpers import Stage
from tests.support import People, count, room_log, sync_of

#: everything Ana typed: none of it may be left anywhere in the room's log
ANAS_WORDS = ["Ana Original", "Ana Renamed", "Ana's own idea", "Ana comments here",
              "Ana's open answer"]


@pytest.fixture
def stage(app, course, room):
    return Stage(app, room, course.id)


def whole_log(app, room_id: int) -> str:
    with app.app_context():
        payloads = db.session.execute(sa.select(RoomEvent.payload).where(
            RoomEvent.room_id == room_id)).scalars().all()
        db.session.remove()
    return json.dumps(payloads)


def erase(app, *args):
    with app.app_context():
        try:
            return app.test_cli_runner().invoke(args=["workshop", "erase-participant", *args])
        finally:
            db.session.remove()


def test_erasing_a_participant_removes_their_words_and_keeps_the_counts(app, stage):
    ana, bo = stage.join("Ana Original"), stage.join("Bo")
    stage.ok(ana, "participant.rename", {"name": "Ana Renamed"})
    board = stage.ok(stage.fac, "board.create", {"prompt": "Ideas?"})["board_id"]
    anas = stage.ok(ana, "note.post", {"board_id": board, "text": "Ana's own idea"})["note_id"]
    bos = stage.ok(bo, "note.post", {"board_id": board, "text": "Bo's idea"})["note_id"]
    stage.ok(ana, "note.comment", {"note_id": bos, "text": "Ana comments here",
                                   "positive": True})
    stage.ok(bo, "note.comment", {"note_id": anas, "text": "Bo replies", "positive": True})
    named = stage.opened("open", question="Idea?")
    anonymous = stage.opened("single", anonymous=True)
    stage.answered(ana, named, text="Ana's open answer")
    stage.answered(bo, named, text="Bo's open answer")
    stage.answered(ana, anonymous, choices=[0])
    log = whole_log(app, stage.room.id)
    assert all(words in log for words in ANAS_WORDS)
    shape = room_log(app, stage.room.id)
    token = stage.token(ana)

    result = erase(app, str(stage.room.id), str(ana.id))

    assert result.exit_code == 0, result.output
    log = whole_log(app, stage.room.id)
    for words in ANAS_WORDS:
        assert words not in log, words
    for actor in (stage.fac, bo, stage.projector()):
        replay = json.dumps(sync_of(app, actor, 0))
        assert not any(words in replay for words in ANAS_WORDS), actor.key
    assert "Bo replies" in log and "Bo's open answer" in log  # others' words stay
    assert room_log(app, stage.room.id)[:len(shape)] == shape  # seq, type, scope kept
    assert room_log(app, stage.room.id)[-1][1] == "participant.erased"
    with app.app_context():
        person = db.session.get(Participant, ana.id)
        assert person.name == "" and person.erased_at is not None
        note = db.session.get(Note, anas)
        assert (note.text, note.author_name, note.hidden) == ("", "", True)
        db.session.remove()
    # the counts that name nobody stay: the board's notes and comments, the anonymous
    # answer and its ballot; the named answer goes
    assert count(app, Note) == 2 and count(app, Comment) == 2
    assert count(app, PollResponse, PollResponse.poll_id == anonymous) == 1
    assert count(app, PollBallot, PollBallot.poll_id == anonymous) == 1
    assert count(app, PollResponse, PollResponse.poll_id == named) == 1
    assert stage.tally(named)["n"] == 1 and stage.tally(anonymous)["n"] == 1

    people = People(app)
    try:
        refused = people.raw({"role": "participant", "token": token})
        assert not refused.is_connected()  # the rejoin link admits nobody any more
    finally:
        people.close()

    again = erase(app, str(stage.room.id), str(ana.id))
    assert again.exit_code == 1 and "erased already" in again.output
    missing = erase(app, str(stage.room.id), "999999")
    assert missing.exit_code == 1 and "No such participant" in missing.output


def test_no_socket_role_may_erase(app, stage):
    ana = stage.join("Ana")
    for actor in (stage.fac, stage.cohost(), ana, stage.projector()):
        ack = stage.do(actor, "participant.erase", {"participant_id": ana.id})
        assert ack["error"]["code"] == "forbidden"
