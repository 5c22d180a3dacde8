"""Burst commands applied together: one transaction for many, and the same outcome for each
command as if it had been applied alone (app/core/batching.py, apply_together)."""
import threading
import uuid

import pytest
import sqlalchemy as sa

from app.core.batching import Batcher
from app.core.commands import REGISTRY, Prepared, apply_together, prepare
from app.extensions import db
from app.polls.models import Poll, PollResponse
from tests.support import Stage, footprint, number_of


@pytest.fixture
def stage(app, course, room) -> Stage:
    return Stage(app, room, course.id)


@pytest.fixture
def poll_id(stage) -> int:
    made = stage.ok(stage.fac, "poll.create", {"kind": "single", "question": "Pick one",
                                               "options": ["A", "B", "C"], "results": "live"})
    stage.ok(stage.fac, "poll.open", {"poll_id": made["poll_id"]})
    return made["poll_id"]


def answer(person, poll_id: int, choice: int, id: str | None = None) -> dict:
    return {"id": id or uuid.uuid4().hex, "type": "poll.answer",
            "data": {"poll_id": poll_id, "choices": [choice]}}


def together(app, commands: list[tuple]) -> list | None:
    with app.app_context():
        try:
            return apply_together([prepare(actor, envelope) for actor, envelope in commands])
        finally:
            db.session.remove()


def poll_answers(room_id: int) -> dict:
    """The answers to the room's polls (a part of the footprint)."""
    polls = sa.select(Poll.id).where(Poll.room_id == room_id)
    return {"answers": number_of(PollResponse, PollResponse.poll_id.in_(polls))}


def test_the_answers_of_a_burst_commit_together_with_their_own_acks_and_seqs(app, stage, poll_id):
    people = stage.crowd(5)
    before = footprint(app, stage.room.id, poll_answers)

    outcomes = together(app, [(p, answer(p, poll_id, i % 3)) for i, p in enumerate(people)])

    seqs = [ack["seq"] for ack, _ in outcomes]
    assert all(ack["ok"] for ack, _ in outcomes)
    assert seqs == list(range(before["seq"] + 1, before["seq"] + 6))  # one event each, in order
    assert [[m["seq"] for m in messages] for _, messages in outcomes] == [[s] for s in seqs]
    assert [m["scope"] for _, messages in outcomes for m in messages] == [
        f"participant:{p.id}" for p in people]
    assert footprint(app, stage.room.id, poll_answers) == {
        "seq": before["seq"] + 5, "events": before["events"] + 5,
        "applied": before["applied"] + 5, "answers": 5}


def test_one_refused_command_leaves_the_whole_batch_unapplied(app, stage, poll_id):
    """Nothing of the batch is kept; each command is then applied alone (the Batcher does)."""
    people = stage.crowd(3)
    before = footprint(app, stage.room.id, poll_answers)
    commands = [(people[0], answer(people[0], poll_id, 0)),
                (people[1], answer(people[1], poll_id, 7)),  # no such option
                (people[2], answer(people[2], poll_id, 1))]
    assert together(app, commands) is None
    assert footprint(app, stage.room.id, poll_answers) == before


def test_a_command_id_twice_in_a_batch_leaves_it_unapplied(app, stage, poll_id):
    person = stage.join("Twice")
    before = footprint(app, stage.room.id, poll_answers)
    envelope = answer(person, poll_id, 0)
    assert together(app, [(person, envelope), (person, dict(envelope))]) is None
    assert footprint(app, stage.room.id, poll_answers) == before


def test_only_burst_commands_are_batched():
    burst = {t for t, spec in REGISTRY.items() if spec.burst}
    assert burst == {"poll.answer", "note.post", "note.edit", "note.move", "note.delete",
                     "note.comment", "note.react", "note.vote", "note.unvote",
                     "reaction.send", "question.upvote", "chat.send"}


def test_concurrent_commands_each_get_the_answer_they_would_get_alone(app, stage, poll_id):
    """Threads stand in for sockets: whichever commands end up in one batch, a valid answer
    is stored once and acked, a refused one gets its own refusal, a retried id its first ack,
    and the room's log stays gapless."""
    people = stage.crowd(12)
    batcher = Batcher()
    retried = answer(people[0], poll_id, 2)
    sends = [(p, answer(p, poll_id, i % 3)) for i, p in enumerate(people[1:10], start=1)]
    sends += [(people[0], retried), (people[0], dict(retried)),
              (people[10], answer(people[10], poll_id, 9)),  # no such option
              (people[11], {"id": uuid.uuid4().hex, "type": "poll.answer", "data": "oops"})]
    before = footprint(app, stage.room.id, poll_answers)
    acks: dict[int, dict] = {}
    start = threading.Barrier(len(sends))

    def send(index: int, actor, envelope) -> None:
        start.wait()
        with app.app_context():
            try:
                command = prepare(actor, envelope)
                acks[index] = (batcher.apply(command) if isinstance(command, Prepared)
                               else command)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=send, args=(i, a, e)) for i, (a, e) in enumerate(sends)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    assert len(acks) == len(sends)
    assert all(acks[i]["ok"] for i in range(9)), acks
    assert acks[9] == acks[10] and acks[9]["ok"]  # the retry got the first ack
    assert acks[11]["error"]["code"] == "invalid" and acks[12]["error"]["code"] == "invalid"
    after = footprint(app, stage.room.id, poll_answers)
    assert after == {"seq": before["seq"] + 10, "events": before["events"] + 10,
                     "applied": before["applied"] + 10, "answers": 10}
    assert sorted(acks[i]["seq"] for i in range(10)) == list(
        range(before["seq"] + 1, before["seq"] + 11))
