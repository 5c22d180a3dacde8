"""The live tools over Socket.IO, on SQLite and PostgreSQL: who receives what. A hand
reaches the staff and its owner, a count reaches the projector; a burst of reactions and
upvotes reaches everyone as a few coalesced counts, never a message per click; the timer
and the message to everyone reach every page; a hidden question is gone from `sync`."""
import json
import time

from tests.support import QUIET, inboxes, ok, wait_for


def test_a_raised_hand_reaches_the_staff_and_its_owner_and_a_count_the_projector(room, people):
    fac, cody = people.facilitator(room), people.cofacilitator(room)
    ana, bo = people.participant(room, "Ana"), people.participant(room, "Bo")
    projector = people.projector(room)
    boxes = inboxes(fac, cody, ana, bo, projector)
    hand = ok(ana, "hand.raise")["result"]["hand_id"]
    assert wait_for(lambda: (boxes[4].last("live") or {}).get("hands") == {"count": 1})
    for box in boxes[:2]:
        assert [e["changes"] for e in box.events()] == [[["hands", str(hand), {
            "id": hand, "participant_id": ana.id,
            "raised_at": box.events()[0]["changes"][0][2]["raised_at"]}]]]
    assert [e["changes"][0][:2] for e in boxes[2].events()] == [["my_hand", "current"]]
    assert boxes[3].events() == [] and boxes[4].events() == []
    ok(fac, "hands.lower_all")
    assert wait_for(lambda: (boxes[4].last("live") or {}).get("hands") == {"count": 0})
    assert boxes[2].take_events()[-1]["changes"] == [["my_hand", "current", None]]


def test_a_burst_of_reactions_and_upvotes_is_a_few_counts_for_everyone(room, people):
    projector = people.projector(room)
    crowd = [people.participant(room, f"P{n}") for n in range(8)]
    question = ok(crowd[0], "question.ask", {"text": "Can we see the grid?"})
    qid = question["result"]["question_id"]
    boxes = inboxes(projector, *crowd)
    for person in crowd[1:]:
        ok(person, "reaction.send", {"kind": "applause"})
        ok(person, "question.upvote", {"question_id": qid})
    last = lambda: boxes[0].last("live") or {}  # noqa: E731
    assert wait_for(lambda: last().get("votes") == {str(qid): 7})
    assert wait_for(lambda: last()["reactions"]["counts"]["applause"] == 7)
    time.sleep(QUIET)
    pushes = len(boxes[0].aggregates("live"))
    assert pushes < 7, pushes  # coalesced: one count for both, fewer than one per click
    assert boxes[0].events() == []  # nothing in the log for the room
    assert all(len(box.events()) == 1 for box in boxes[2:])  # each voter's own upvote


def test_the_timer_and_the_message_reach_every_page(room, people):
    fac, ana, projector = (people.facilitator(room), people.participant(room, "Ana"),
                           people.projector(room))
    boxes = inboxes(ana, projector)
    ok(fac, "timer.start", {"seconds": 120, "label": "Write notes"})
    ok(fac, "announcement.send", {"text": "Back at 10:15"})
    for box in boxes:
        changes = [c for e in box.events() for c in e["changes"]]
        assert [c[0] for c in changes] == ["timer", "announcement"]
        assert changes[0][2]["label"] == "Write notes"


def test_a_hidden_question_is_gone_from_sync_since_zero(room, people):
    fac, ana, bo = (people.facilitator(room), people.participant(room, "Ana"),
                    people.participant(room, "Bo"))
    qid = ok(ana, "question.ask", {"text": "An offensive remark"})["result"]["question_id"]
    ok(fac, "question.hide", {"question_id": qid})
    answer = bo.client.emit("sync", {"since": 0}, callback=True)
    assert answer["ok"] and "An offensive remark" not in json.dumps(answer)
    assert [e["changes"] for e in answer["events"] if e["type"].startswith("question.")] == [
        [["questions", str(qid), None]], [["questions", str(qid), None]]]
