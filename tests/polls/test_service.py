"""Polls through the dispatcher, on SQLite and PostgreSQL: every kind and its tally, the
lifecycle, refusals that store nothing, anonymity as the rows show it, and the
participant's own answer."""
import json
import re

import pytest
import sqlalchemy as sa

from app.core.models import AppliedCommand, RoomEvent
from app.course import files
from app.extensions import db
from app.polls import service as poll_service
from app.polls.models import LIKERT, Poll, PollBallot, PollResponse
from tests.polls.helpers import (
    ANSWER_DIGESTS,
    EVALUATION,
    MATURITY,
    OBSTACLES,
    RANDOM_ID,
    Stage,
)
from tests.support import (
    TINY_COURSE,
    import_course,
    item_id,
    open_room,
    refused,
    room_log,
    rows,
    sign_in,
    slide_id,
    snapshot_of,
)


def views_of(messages: list[dict], pid: int) -> list[dict]:
    return [c[2] for m in messages for c in m["changes"] if c[:2] == ["polls", str(pid)]]


# --------------------------------------------------------------------------- every kind

def test_single_choice_counts_each_option_and_keeps_the_other_texts(stage):
    pid = stage.opened("single", options=["Tea", "Coffee", "Water"],
                       other_option="Something else")
    people = stage.crowd(5)
    for who, data in zip(people, [{"choices": [0]}, {"choices": [1]}, {"choices": [1]},
                                  {"choices": [3], "other": "  Mate  "}, {"choices": [2]}],
                         strict=True):
        stage.answered(who, pid, **data)

    tally = stage.tally(pid)
    assert tally == {"poll_id": pid, "n": 5, "hidden": 0, "counts": [1, 2, 1, 1],
                     "others": ["Mate"]}
    stored = rows(stage.app, PollResponse, PollResponse.participant_id == people[3].id)
    assert stored[0]["answer"] == {"choices": [3], "other": "Mate"}


def test_the_session_5_obstacles_poll_takes_up_to_three_and_something_else(stage):
    pid = stage.open_item(OBSTACLES)
    poll = stage.poll(pid)
    assert poll["kind"] == "multiple" and poll["status"] == "open"
    assert poll["item_id"] == item_id(stage.app, stage.course_id, OBSTACLES)
    assert len(poll["spec"]["options"]) == 8 and poll["spec"]["max_choices"] == 3
    assert poll["spec"]["other_option"] == "Something else (please note)"
    assert poll["anonymous"] is True and poll["changeable"] is False

    people = stage.crowd(4)
    results = [stage.answered(people[0], pid, choices=[0, 1, 2]),
               stage.answered(people[1], pid, choices=[8, 0], other="Corruption"),
               stage.answered(people[2], pid, choices=[5]),
               stage.answered(people[3], pid, choices=[2, 0, 2])]

    assert all(r == {"poll_id": pid, "answered": True, "answer": None} for r in results)
    tally = stage.tally(pid)
    assert tally["n"] == 4
    assert tally["counts"] == [3, 1, 2, 0, 0, 1, 0, 0, 1]  # nine: the ninth is "something else"
    assert tally["others"] == ["Corruption"]
    answers = sorted(json.dumps(r["answer"], sort_keys=True)
                     for r in rows(stage.app, PollResponse, PollResponse.poll_id == pid))
    assert '{"choices": [0, 2]}' in answers  # a repeated index counts once
    assert '{"choices": [0, 8], "other": "Corruption"}' in answers


def test_a_multiple_poll_without_a_limit_lets_every_option_be_ticked(stage):
    """The other option counts too (the limit once stopped at the number of options)."""
    pid = stage.opened("multiple", options=["A", "B", "C"], other_option="Else")
    ack = stage.answer(stage.join("Ana"), pid, choices=[0, 1, 2, 3], other="D")
    assert ack["ok"] is True, ack


def test_likert_on_the_default_scale_counts_points_and_means_1_for_the_first_label(stage):
    pid = stage.opened("likert", question="Our leadership supports digital change")
    assert stage.poll(pid)["spec"]["scale"] == LIKERT
    assert stage.tally(pid) == {"poll_id": pid, "n": 0, "hidden": 0,
                                "counts": [0, 0, 0, 0, 0], "mean": None}
    for who, value in zip(stage.crowd(4), [0, 0, 1, 4], strict=True):
        assert stage.answered(who, pid, value=value)["answer"] == {"value": value}

    tally = stage.tally(pid)
    assert tally["counts"] == [2, 1, 0, 0, 1]
    assert tally["mean"] == 2.25  # (1 + 1 + 2 + 5) / 4: strongly agree = 1


def test_likert_on_a_custom_scale(stage):
    pid = stage.opened("likert", scale=["Never", "Sometimes", "Often"])
    assert stage.poll(pid)["spec"]["scale"] == ["Never", "Sometimes", "Often"]
    for who, value in zip(stage.crowd(3), [2, 2, 1], strict=True):
        stage.answered(who, pid, value=value)
    tally = stage.tally(pid)
    assert tally["counts"] == [0, 1, 2]
    assert tally["mean"] == 2.67  # (3 + 3 + 2) / 3


def test_open_questions_keep_short_and_long_texts_trimmed(stage):
    short = stage.opened("open", question="One idea?")
    long = stage.opened("open", question="Tell us more", long=True)
    ana, bo = stage.join("Ana"), stage.join("Bo")

    stage.answered(ana, short, text="  A data office  ")
    stage.answered(bo, short, text="x" * 280)
    stage.answered(ana, long, text="y" * 2000)

    assert sorted(stage.tally(short)["texts"]) == ["A data office", "x" * 280]
    assert stage.tally(long)["texts"] == ["y" * 2000]
    assert stage.tally(long)["n"] == 1


def test_a_word_cloud_counts_words_whatever_their_case(stage):
    pid = stage.opened("wordcloud", question="One word for the future")
    for who, text in zip(stage.crowd(4), ["Trust", "trust DATA", "Data, TRUST!", "people"],
                         strict=True):
        stage.answered(who, pid, text=text)
    tally = stage.tally(pid)
    assert dict(tally["words"]) == {"trust": 3, "data": 2, "people": 1}
    assert [list(w) for w in tally["words"][:2]] == [["trust", 3], ["data", 2]]
    assert sorted(tally["texts"]) == ["Data, TRUST!", "Trust", "people", "trust DATA"]


def test_the_session_2_maturity_grid_is_a_heat_map_of_pillars_by_levels(stage):
    pid = stage.open_item(MATURITY)
    spec = stage.poll(pid)["spec"]
    assert len(spec["rows"]) == 9 and len(spec["levels"]) == 4
    answers = [{"0": 0, "8": 3}, {"0": 0, "1": 2}, {str(r): 1 for r in range(9)}]
    for who, grid in zip(stage.crowd(3), answers, strict=True):
        assert stage.answered(who, pid, grid=grid)["answer"] == {"grid": grid}

    expected = [[0] * 4 for _ in range(9)]
    for grid in answers:
        for row, level in grid.items():
            expected[int(row)][level] += 1
    tally = stage.tally(pid)
    assert tally["counts"] == expected
    assert tally["counts"][0] == [2, 1, 0, 0] and tally["counts"][8] == [0, 1, 0, 1]
    assert tally["n"] == 3


def test_the_session_3_evaluation_takes_three_answers_anonymously(stage):
    pid = stage.open_item(EVALUATION)
    poll = stage.poll(pid)
    assert poll["kind"] == "evaluation" and poll["anonymous"] is True
    assert poll["spec"]["questions"] == ["What I liked", "What I liked less",
                                         "What should we do differently?"]
    ana, bo = stage.join("Ana"), stage.join("Bo")
    assert stage.answered(ana, pid, texts=[" Great pace ", "", "More time"])["answer"] is None
    stage.answered(bo, pid, texts=["", "Too short", "  "])

    tally = stage.tally(pid)
    assert tally["n"] == 2
    assert tally["texts"] == [["Great pace"], ["Too short"], ["More time"]]


# --------------------------------------------------------------------------- lifecycle

def test_a_poll_goes_draft_open_closed_revealed(stage, course):
    session = course.sessions[4]
    stage.ok(stage.fac, "session.start", {"session_id": session.id})
    pid = stage.create("single", options=["Yes", "No"])
    assert stage.poll(pid)["status"] == "draft"
    assert room_log(stage.app, stage.room.id)[-1] == (
        stage.footprint()["seq"], "poll.created", "staff")
    assert [v["status"] for v in views_of(stage.messages, pid)] == ["draft"]

    for type, event, status in [("poll.open", "poll.opened", "open"),
                                ("poll.close", "poll.closed", "closed"),
                                ("poll.reveal", "poll.revealed", "revealed")]:
        assert stage.ok(stage.fac, type, {"poll_id": pid}) == {"poll_id": pid}
        assert [(m["type"], m["scope"], m["session"]) for m in stage.messages] == [
            (event, "room", session.id)]
        (view,) = views_of(stage.messages, pid)
        assert view["status"] == status and view["session_id"] == session.id
        assert stage.poll(pid)["status"] == status

    poll = stage.poll(pid)
    assert poll["session_id"] == session.id
    assert poll["opened_at"] <= poll["closed_at"] <= poll["revealed_at"]


def test_revealing_an_open_poll_closes_it(stage):
    pid = stage.opened("likert")
    stage.answered(stage.join("Ana"), pid, value=1)
    stage.ok(stage.fac, "poll.reveal", {"poll_id": pid})
    assert [m["type"] for m in stage.messages] == ["poll.revealed"]
    poll = stage.poll(pid)
    assert poll["status"] == "revealed" and poll["closed_at"] is not None
    refused(stage, stage.join("Bo"), "poll.answer", {"poll_id": pid, "value": 2}, "conflict")


def test_a_closed_poll_can_be_opened_again_and_keeps_its_answers(stage):
    pid = stage.opened("single")
    stage.answered(stage.join("Ana"), pid, choices=[0])
    stage.ok(stage.fac, "poll.close", {"poll_id": pid})
    stage.open(pid)
    stage.answered(stage.join("Bo"), pid, choices=[1])
    assert stage.tally(pid)["counts"] == [1, 1, 0]


REFUSED_MOVES = [("draft", "poll.close"), ("draft", "poll.reveal"), ("open", "poll.open"),
                 ("closed", "poll.close"), ("revealed", "poll.open"),
                 ("revealed", "poll.close"), ("revealed", "poll.reveal")]


def bring_to(stage: Stage, status: str) -> int:
    pid = stage.create("single")
    steps = {"draft": [], "open": ["poll.open"], "closed": ["poll.open", "poll.close"],
             "revealed": ["poll.open", "poll.reveal"]}[status]
    for type in steps:
        stage.ok(stage.fac, type, {"poll_id": pid})
    assert stage.poll(pid)["status"] == status
    return pid


@pytest.mark.parametrize(("status", "move"), REFUSED_MOVES)
def test_a_move_the_lifecycle_does_not_allow_is_a_conflict(stage, status, move):
    pid = bring_to(stage, status)
    refused(stage, stage.fac, move, {"poll_id": pid}, "conflict")


def test_opening_the_same_agenda_item_twice_reuses_one_poll(stage):
    item = item_id(stage.app, stage.course_id, OBSTACLES)
    first = stage.open_item(OBSTACLES)
    stage.answered(stage.join("Ana"), first, choices=[1])

    refused(stage, stage.fac, "poll.open", {"item_id": item}, "conflict")  # already open

    stage.ok(stage.fac, "poll.close", {"poll_id": first})
    again = stage.open_item(OBSTACLES)
    assert again == first
    assert len(rows(stage.app, Poll, Poll.room_id == stage.room.id)) == 1
    assert stage.tally(first)["n"] == 1
    # and by its id it is the same poll too
    stage.ok(stage.fac, "poll.close", {"poll_id": first})
    assert stage.open(first) == first


def test_each_room_gets_its_own_poll_of_an_agenda_item(app, course, stage):
    other = Stage(app, open_room(app, course.id, "Second group"), course.id)
    here, there = stage.open_item(EVALUATION), other.open_item(EVALUATION)
    assert here != there
    assert [p["id"] for p in rows(app, Poll, Poll.room_id == other.room.id)] == [there]


def test_opening_an_item_that_is_not_a_poll_is_invalid(stage):
    refused(stage, stage.fac, "poll.open", {"item_id": slide_id(stage.app, stage.course_id)},
            "invalid")


def test_opening_an_item_of_another_course_is_not_found(app, stage):
    tiny = import_course(app, files.parse(TINY_COURSE))
    foreign_poll_item = tiny.sessions[0].items[1]  # a poll, but of the tiny course
    for item in (foreign_poll_item, 2**31 - 1):
        refused(stage, stage.fac, "poll.open", {"item_id": item}, "not_found")


def test_a_poll_of_another_room_is_not_found(app, course, stage):
    other = Stage(app, open_room(app, course.id, "Second group"), course.id)
    theirs = other.opened("single")
    draft = other.create("open")
    ana = stage.join("Ana")

    for type in ("poll.open", "poll.close", "poll.reveal"):
        for pid in (theirs, draft):
            refused(stage, stage.fac, type, {"poll_id": pid}, "not_found")
    refused(stage, ana, "poll.answer", {"poll_id": theirs, "choices": [0]}, "not_found")
    refused(stage, stage.fac, "poll.hide_answer",
            {"poll_id": theirs, "response_id": "0" * 32, "hidden": True}, "not_found")

    assert other.poll(theirs)["status"] == "open" and other.tally(theirs)["n"] == 0


# --------------------------------------------------------------------------- bad input

SINGLE = {"kind": "single", "question": "Pick", "options": ["A", "B", "C"]}
SINGLE_OTHER = {**SINGLE, "other_option": "Else"}
LIKERT_DEFAULT = {"kind": "likert", "question": "Agree?"}
LIKERT_3 = {"kind": "likert", "question": "How often?", "scale": ["Never", "Sometimes", "Often"]}
OPEN_SHORT = {"kind": "open", "question": "Idea?"}
OPEN_LONG = {"kind": "open", "question": "Story?", "long": True}
CLOUD = {"kind": "wordcloud", "question": "Word?"}

BAD_ANSWERS = [
    # (poll: a spec for poll.create or an agenda item key, answer data, field named)
    pytest.param(SINGLE, {"choices": [3]}, "choices", id="option not in the poll"),
    pytest.param(SINGLE_OTHER, {"choices": [4], "other": "x"}, "choices",
                 id="index past the other option"),
    pytest.param(OBSTACLES, {"choices": [9]}, "choices", id="obstacles: no tenth option"),
    pytest.param(OBSTACLES, {"choices": [-1]}, "choices", id="negative index"),
    pytest.param(SINGLE, {"choices": [0, 1]}, "choices", id="two on a single-choice poll"),
    pytest.param(OBSTACLES, {"choices": [0, 1, 2, 3]}, "choices", id="four of up to three"),
    pytest.param(OBSTACLES, {"choices": [0, 1, 2, 8], "other": "x"}, "choices",
                 id="four counting the other"),
    pytest.param(OBSTACLES, {"choices": []}, "choices", id="no selection"),
    pytest.param(OBSTACLES, {}, "choices", id="no choices at all"),
    pytest.param(OBSTACLES, {"choices": [0], "other": "Corruption"}, "other",
                 id="other text without the other option"),
    pytest.param(SINGLE, {"choices": [0], "other": "x"}, "other",
                 id="other text on a poll without one"),
    pytest.param(OBSTACLES, {"choices": [8]}, "other", id="other chosen, no text"),
    pytest.param(OBSTACLES, {"choices": [8], "other": "   "}, "other",
                 id="other chosen, blank text"),
    pytest.param(OBSTACLES, {"choices": [8], "other": "x" * 281}, "other",
                 id="other text over 280"),
    pytest.param(OPEN_SHORT, {"text": "   "}, "text", id="blank open text"),
    pytest.param(OPEN_SHORT, {}, "text", id="no open text"),
    pytest.param(OPEN_SHORT, {"text": "x" * 281}, "text", id="short text over 280"),
    pytest.param(OPEN_LONG, {"text": "x" * 2001}, "text", id="long text over 2000"),
    pytest.param(CLOUD, {"text": ""}, "text", id="empty word cloud entry"),
    pytest.param(CLOUD, {"text": "w" * 41}, "text", id="word cloud entry over 40"),
    pytest.param(LIKERT_DEFAULT, {"value": 5}, "value", id="past the default scale"),
    pytest.param(LIKERT_DEFAULT, {"value": -1}, "value", id="below the scale"),
    pytest.param(LIKERT_3, {"value": 3}, "value", id="past a custom scale"),
    pytest.param(LIKERT_DEFAULT, {}, "value", id="no likert value"),
    pytest.param(MATURITY, {"grid": {"9": 0}}, "grid", id="grid row out of range"),
    pytest.param(MATURITY, {"grid": {"0": 4}}, "grid", id="grid level out of range"),
    pytest.param(MATURITY, {"grid": {"0": 1, "1": 7}}, "grid", id="grid level off the schema"),
    pytest.param(MATURITY, {"grid": {"x": 1}}, "grid", id="grid row not a number"),
    pytest.param(MATURITY, {"grid": {}}, "grid", id="empty grid"),
    pytest.param(EVALUATION, {"texts": ["a", "b"]}, "texts", id="evaluation: two texts"),
    pytest.param(EVALUATION, {"texts": ["a", "b", "c", "d"]}, "texts",
                 id="evaluation: four texts"),
    pytest.param(EVALUATION, {"texts": ["", "  ", ""]}, "texts", id="evaluation: all empty"),
    pytest.param(EVALUATION, {"texts": ["a", "b", "c"], "text": "d"}, "text",
                 id="evaluation: text field"),
    pytest.param(LIKERT_DEFAULT, {"value": 1, "choices": [0]}, "choices",
                 id="choices on a likert poll"),
    pytest.param(SINGLE, {"choices": [0], "text": "hi"}, "text", id="text on a choice poll"),
    pytest.param(OPEN_SHORT, {"text": "hi", "value": 1}, "value", id="value on an open poll"),
    pytest.param(MATURITY, {"grid": {"0": 1}, "texts": ["x"]}, "texts", id="texts on a grid"),
    pytest.param(CLOUD, {"text": "hi", "grid": {"0": 1}}, "grid", id="grid on a word cloud"),
    pytest.param(SINGLE, {"choices": [0], "colour": "red"}, "colour",
                 id="a field no poll has"),
    pytest.param(SINGLE, {"choices": ["0"]}, "choices", id="index as a string"),
]


def make_poll(stage: Stage, poll) -> int:
    if isinstance(poll, str):
        return stage.open_item(poll)
    return stage.open(stage.ok(stage.fac, "poll.create", poll)["poll_id"])


@pytest.mark.parametrize(("poll", "data", "field"), BAD_ANSWERS)
def test_a_bad_answer_is_invalid_names_its_field_and_stores_nothing(stage, poll, data, field):
    pid = make_poll(stage, poll)
    ana = stage.join("Ana")

    error = refused(stage, ana, "poll.answer", {"poll_id": pid, **data}, "invalid")

    assert field in error["fields"], error
    assert stage.tally(pid)["n"] == 0


@pytest.mark.parametrize("status", ["draft", "closed", "revealed"])
def test_answering_a_poll_that_is_not_open_is_a_conflict(stage, status):
    pid = bring_to(stage, status)
    ana = stage.join("Ana")
    refused(stage, ana, "poll.answer", {"poll_id": pid, "choices": [0]}, "conflict")


def test_answering_a_poll_that_does_not_exist_is_not_found(stage):
    ana = stage.join("Ana")
    refused(stage, ana, "poll.answer", {"poll_id": 2**31 - 1, "choices": [0]}, "not_found")


def test_a_named_answer_that_may_not_change_is_answered_once(stage):
    pid = stage.opened("single", changeable=False)
    ana = stage.join("Ana")
    stage.answered(ana, pid, choices=[0])

    refused(stage, ana, "poll.answer", {"poll_id": pid, "choices": [1]}, "conflict")

    (row,) = rows(stage.app, PollResponse, PollResponse.poll_id == pid)
    assert row["answer"] == {"choices": [0]} and row["participant_id"] == ana.id


def test_an_anonymous_poll_is_never_changeable(stage):
    pid = stage.opened("single", anonymous=True, changeable=True)
    assert stage.poll(pid)["changeable"] is False
    ana = stage.join("Ana")
    stage.answered(ana, pid, choices=[0])

    refused(stage, ana, "poll.answer", {"poll_id": pid, "choices": [1]}, "conflict")
    # the same answer again too
    refused(stage, ana, "poll.answer", {"poll_id": pid, "choices": [0]}, "conflict")

    assert stage.footprint()["responses"] == stage.footprint()["ballots"] == 1
    assert stage.tally(pid)["counts"] == [1, 0, 0]


def test_a_changeable_named_answer_is_replaced_in_its_one_row(stage):
    pid = stage.opened("multiple", options=["A", "B", "C"], max_choices=2)
    ana, bo = stage.join("Ana"), stage.join("Bo")
    stage.answered(ana, pid, choices=[0, 1])
    stage.answered(bo, pid, choices=[0])
    (first,) = rows(stage.app, PollResponse, PollResponse.participant_id == ana.id)

    result = stage.answered(ana, pid, choices=[2])

    assert result == {"poll_id": pid, "answered": True, "answer": {"choices": [2]}}
    (row,) = rows(stage.app, PollResponse, PollResponse.participant_id == ana.id)
    assert row["id"] == first["id"] and row["answer"] == {"choices": [2]}
    assert row["answered_at"] >= first["answered_at"]
    assert stage.footprint()["responses"] == 2
    assert stage.tally(pid)["counts"] == [1, 0, 1]
    assert stage.messages[0]["changes"] == [
        ["my_answers", str(pid), {"answered": True, "answer": {"choices": [2]}}]]


def test_a_retried_answer_gets_its_first_ack_even_once_the_poll_has_closed(stage):
    pid = stage.opened("single", changeable=False)
    ana = stage.join("Ana")
    first = stage.answer(ana, pid, id="answer-1", choices=[1])
    stage.ok(stage.fac, "poll.close", {"poll_id": pid})
    before = stage.footprint()

    again = stage.answer(ana, pid, id="answer-1", choices=[1])

    assert first["ok"] is True and again == first
    assert stage.messages == [] and stage.footprint() == before


def test_a_retry_of_an_old_answer_does_not_undo_a_later_change(stage):
    pid = stage.opened("single")
    ana = stage.join("Ana")
    first = stage.answer(ana, pid, id="answer-1", choices=[0])
    stage.answered(ana, pid, choices=[2])
    before = stage.footprint()

    again = stage.answer(ana, pid, id="answer-1", choices=[0])

    assert again == first and stage.messages == []
    assert stage.footprint() == before
    (row,) = rows(stage.app, PollResponse, PollResponse.participant_id == ana.id)
    assert row["answer"] == {"choices": [2]}


def test_an_answer_event_carries_the_live_session(stage, course):
    session_id = course.sessions[1].id
    stage.ok(stage.fac, "session.start", {"session_id": session_id})
    pid = stage.opened("single")
    ana = stage.join("Ana")

    stage.answered(ana, pid, choices=[0])

    assert [m["session"] for m in stage.messages] == [session_id]
    assert stage.poll(pid)["session_id"] == session_id


STAFF_MOVES = [("poll.create", lambda pid: {"kind": "open", "question": "q"}),
               ("poll.open", lambda pid: {"poll_id": pid}),
               ("poll.close", lambda pid: {"poll_id": pid}),
               ("poll.reveal", lambda pid: {"poll_id": pid}),
               ("poll.hide_answer", lambda pid: {"poll_id": pid, "response_id": "a" * 32,
                                                 "hidden": True})]


@pytest.mark.parametrize("role", ["participant", "cofacilitator", "projector"])
def test_only_the_facilitator_runs_a_poll(stage, role):
    who = {"participant": lambda: stage.join("Ana"), "cofacilitator": stage.cohost,
           "projector": stage.projector}[role]()
    draft, running = stage.create("single"), stage.opened("single")
    for type, data in STAFF_MOVES:
        for pid in (draft, running):
            refused(stage, who, type, data(pid), "forbidden")


@pytest.mark.parametrize("role", ["facilitator", "cofacilitator", "projector"])
def test_only_participants_answer(stage, role):
    who = {"facilitator": lambda: stage.fac, "cofacilitator": stage.cohost,
           "projector": stage.projector}[role]()
    pid = stage.opened("single")
    refused(stage, who, "poll.answer", {"poll_id": pid, "choices": [0]}, "forbidden")


@pytest.mark.parametrize(("spec", "field"), [
    ({"kind": "likert", "question": "q", "options": ["A", "B"]}, "options"),
    ({"kind": "single", "question": "q", "options": ["A", "B"], "max_choices": 2},
     "max_choices"),
    ({"kind": "open", "question": "q", "rows": ["r"]}, "rows"),
    ({"kind": "grid", "question": "q", "levels": ["a", "b"]}, "rows"),
    ({"kind": "evaluation", "question": "q"}, "questions"),
    ({"kind": "multiple", "question": "q"}, "options"),
    ({"kind": "multiple", "question": "q", "options": ["A", "B"], "max_choices": 4}, "max_choices"),
    ({"kind": "quiz", "question": "q"}, "kind"),
    ({"kind": "open", "question": "q", "status": "open"}, "status"),
])
def test_poll_create_with_details_that_do_not_fit_the_kind_is_invalid(stage, spec, field):
    error = refused(stage, stage.fac, "poll.create", spec, "invalid")
    assert field in error["fields"], error


# --------------------------------------------------------------------------- anonymity

def answers_for(key: str, n: int) -> list[dict]:
    if key == OBSTACLES:
        return [{"choices": [i]} if i < 8 else {"choices": [8], "other": f"Secret obstacle {i}"}
                for i in range(n)]
    return [{"texts": [f"Secret liked {i}", "", f"Secret differently {i}"]} for i in range(n)]


def answer_all(stage: Stage, key: str, n: int = 9):
    pid = stage.open_item(key)
    people = stage.crowd(n, "Named Person")
    answers = answers_for(key, n)
    for who, data in zip(people, answers, strict=True):
        stage.answered(who, pid, **data)
    return pid, people, answers


def contents(answer: dict) -> list[str]:
    """The recognisable parts of an answer: its texts (the choice indexes are bare numbers)."""
    return [t for t in [answer.get("other"), *answer.get("texts", [])] if t]


@pytest.mark.parametrize("key", [OBSTACLES, EVALUATION])
def test_anonymous_answers_are_stored_without_anyone_attached(stage, key):
    pid, people, answers = answer_all(stage, key)
    app = stage.app

    responses = rows(app, PollResponse, PollResponse.poll_id == pid)
    ballots = rows(app, PollBallot, PollBallot.poll_id == pid)
    assert len(responses) == len(ballots) == len(people)
    assert all(r["participant_id"] is None for r in responses)
    assert all(r["answered_at"] is None for r in responses)
    assert sorted(json.dumps(r["answer"], sort_keys=True) for r in responses) == \
        sorted(json.dumps(a, sort_keys=True) for a in answers_stored(key, answers))
    assert {b["participant_id"] for b in ballots} == {p.id for p in people}
    for row in responses + ballots:
        assert re.match(RANDOM_ID, row["id"]), row["id"]
        assert row["id"][12] == "4"  # a random (version 4) UUID, not a clock-based one
    # ids in id order do not replay the answer order, nor the participants' order
    by_id = [r["answer"] for r in sorted(responses, key=lambda r: r["id"])]
    assert by_id != answers_stored(key, answers)
    assert [b["participant_id"] for b in sorted(ballots, key=lambda b: b["id"])] != \
        [p.id for p in people]
    assert not {r["id"] for r in responses} & {b["id"] for b in ballots}


def answers_stored(key: str, answers: list[dict]) -> list[dict]:
    return answers if key == OBSTACLES else [
        {"texts": [t.strip() for t in a["texts"]]} for a in answers]


@pytest.mark.parametrize("key", [OBSTACLES, EVALUATION])
def test_the_log_keeps_no_trace_of_an_anonymous_answer(stage, key):
    pid, people, answers = answer_all(stage, key)
    secrets = [text for a in answers for text in contents(a)]
    assert secrets
    app = stage.app

    applied = rows(app, AppliedCommand, AppliedCommand.room_id == stage.room.id,
                   AppliedCommand.type == "poll.answer")
    assert {a["actor"] for a in applied} == {p.key for p in people}
    # sha256 of the type only: the same for every answer, whatever it said
    assert len({a["digest"] for a in applied}) == 1
    assert applied[0]["digest"] in ANSWER_DIGESTS
    for row in applied:
        assert row["ack"]["result"] == {"poll_id": pid, "answered": True, "answer": None}
        assert set(row["ack"]) == {"ok", "seq", "result"}

    events = rows(app, RoomEvent, RoomEvent.room_id == stage.room.id,
                  RoomEvent.type == "poll.answered")
    assert sorted(e["scope"] for e in events) == sorted(f"participant:{p.id}" for p in people)
    for event in events:
        assert event["payload"] == {"data": {"poll_id": pid}, "changes": [
            ["my_answers", str(pid), {"answered": True, "answer": None}]]}

    # and nowhere in the whole log or the applied commands
    with app.app_context():
        log = json.dumps([r.payload for r in db.session.execute(
            sa.select(RoomEvent).where(RoomEvent.room_id == stage.room.id)).scalars()])
        acks = json.dumps([r.ack for r in db.session.execute(
            sa.select(AppliedCommand).where(AppliedCommand.room_id == stage.room.id)).scalars()])
        db.session.remove()
    for secret in secrets:
        assert secret not in log and secret not in acks


def storage_order(app, table: str, poll_id: int) -> list[str]:
    """Ids in the order the rows sit in the database, as anyone with read access sees it:
    SQLite's natural order (by rowid), PostgreSQL's ctid (the place of the row version)."""
    with app.app_context():
        order = " ORDER BY ctid" if db.engine.dialect.name == "postgresql" else ""
        ids = db.session.execute(sa.text(f"SELECT id FROM {table} WHERE poll_id = :p{order}"),
                                 {"p": poll_id}).scalars().all()
        db.session.remove()
    return list(ids)


@pytest.mark.parametrize("key", [OBSTACLES, EVALUATION])
def test_the_storage_order_does_not_pair_ballots_with_anonymous_answers(stage, key):
    pid, people, answers = answer_all(stage, key)
    app = stage.app
    answer_of = {r["id"]: r["answer"] for r in rows(app, PollResponse, PollResponse.poll_id == pid)}
    voter_of = {b["id"]: b["participant_id"]
                for b in rows(app, PollBallot, PollBallot.poll_id == pid)}
    truth = {p.id: a for p, a in zip(people, answers_stored(key, answers), strict=True)}

    paired = {voter_of[b]: answer_of[r] for b, r in zip(
        storage_order(app, "poll_ballot", pid), storage_order(app, "poll_response", pid),
        strict=True)}

    assert paired != truth, "every anonymous answer is linked to its author"


PG_XMIN = ("KNOWN LIMITATION (PostgreSQL, documented in docs/architecture.md): the system "
           "column xmin names the transaction that last wrote a row; service.answer writes "
           "the ballot and the anonymous response in one transaction, so someone reading "
           "xmin can pair a person with the (at most two) responses that hold their answer")


def on_postgresql(app) -> bool:
    with app.app_context():
        return db.engine.dialect.name == "postgresql"


def test_no_transaction_id_links_a_ballot_to_an_anonymous_answer(stage, request):
    """`SELECT xmin, * FROM poll_ballot` and the same on poll_response: rows written by the
    same transaction belong together."""
    if not on_postgresql(stage.app):
        pytest.skip("xmin is a PostgreSQL system column")
    request.applymarker(pytest.mark.xfail(strict=True, raises=AssertionError, reason=PG_XMIN))
    pid, people, answers = answer_all(stage, OBSTACLES)
    with stage.app.app_context():
        def written_by(table):
            return db.session.execute(sa.text(
                f"SELECT xmin::text AS tx, * FROM {table} WHERE poll_id = :p"),
                {"p": pid}).mappings().all()

        ballots, responses = written_by("poll_ballot"), written_by("poll_response")
        db.session.remove()
    truth = {p.id: a for p, a in zip(people, answers, strict=True)}
    linked = [b for b in ballots
              if truth[b["participant_id"]] in [r["answer"] for r in responses
                                                if r["tx"] == b["tx"]]]
    assert not linked, f"{len(linked)} of {len(ballots)} people linked to their answer"


def test_a_named_poll_keeps_who_answered_and_when(stage):
    pid = stage.opened("single")
    ana = stage.join("Ana")
    stage.answered(ana, pid, choices=[1])
    (row,) = rows(stage.app, PollResponse, PollResponse.poll_id == pid)
    assert row["participant_id"] == ana.id and row["answered_at"] is not None
    assert rows(stage.app, PollBallot, PollBallot.poll_id == pid) == []
    (applied,) = rows(stage.app, AppliedCommand, AppliedCommand.type == "poll.answer")
    assert applied["ack"]["result"]["answer"] == {"choices": [1]}


# --------------------------------------------------------------------------- exports

NAMES = ["Zebulon Quartz", "Ysolde Marchetti", "Xavier Okonkwo"]


def exported(app, facilitator, room_id: int, poll_id: int) -> tuple[str, dict]:
    """The poll's CSV and JSON, fetched as the signed-in facilitator."""
    http = sign_in(app, facilitator)
    csv_response = http.get(f"/facilitate/{room_id}/polls/{poll_id}.csv")
    json_response = http.get(f"/facilitate/{room_id}/polls/{poll_id}.json")
    assert csv_response.status_code == json_response.status_code == 200
    return csv_response.get_data(as_text=True), json_response.get_json()


def keys_in(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_in(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_in(v)}
    return set()


def test_exports_of_an_anonymous_poll_name_no_one(stage, facilitator):
    people = [stage.join(name) for name in NAMES]
    anonymous = stage.open_item(OBSTACLES)
    named = stage.opened("single", options=["Tea", "Coffee", "Water"])
    for who, choice in zip(people, [0, 1, 8], strict=True):
        extra = {"other": "Corruption"} if choice == 8 else {}
        stage.answered(who, anonymous, choices=[choice], **extra)
        stage.answered(who, named, choices=[min(choice, 2)])

    text, data = exported(stage.app, facilitator, stage.room.id, anonymous)
    header = text.splitlines()[0].split(",")
    assert "participant_id" not in header and "name" not in header
    assert len(text.strip().splitlines()) == 1 + len(people)
    assert "Corruption" in text and "Lack of financial resources" in text
    assert data["poll"]["anonymous"] is True and data["results"]["n"] == 3
    assert "participant_id" not in keys_in(data) and "name" not in keys_in(data)
    assert len(data["answers"]) == 3
    for row in data["answers"]:
        assert set(row) <= {"response_id", "hidden", "answer", "other"}
    for name in NAMES:
        assert name not in text and name not in json.dumps(data)

    # the same people in a named poll: the export does name them (the check is not vacuous)
    text, data = exported(stage.app, facilitator, stage.room.id, named)
    assert "participant_id" in text.splitlines()[0]
    assert all(name in text for name in NAMES)
    assert {row["participant_id"] for row in data["answers"]} == {p.id for p in people}


def test_the_evaluation_export_has_a_column_per_question_and_no_names(stage, facilitator):
    people = [stage.join(name) for name in NAMES]
    pid = stage.open_item(EVALUATION)
    for i, who in enumerate(people):
        stage.answered(who, pid, texts=[f"liked {i}", "", f"change {i}"])
    text, data = exported(stage.app, facilitator, stage.room.id, pid)
    assert text.splitlines()[0].split(",") == ["response_id", "q1", "q2", "q3", "hidden"]
    assert sorted(r["q3"] for r in data["answers"]) == ["change 0", "change 1", "change 2"]
    assert "participant_id" not in keys_in(data)
    assert not any(name in text or name in json.dumps(data) for name in NAMES)


# --------------------------------------------------------------------------- one's own answer

def test_a_named_answer_comes_back_in_the_ack_and_the_private_event(stage):
    pid = stage.opened("single", options=["Yes", "No"])
    ana, bo = stage.join("Ana"), stage.join("Bo")
    ack = stage.answer(ana, pid, choices=[1])

    mine = {"answered": True, "answer": {"choices": [1]}}
    assert ack["result"] == {"poll_id": pid, **mine}
    (event,) = stage.messages
    assert event["type"] == "poll.answered" and event["scope"] == f"participant:{ana.id}"
    assert event["seq"] == ack["seq"]
    assert event["changes"] == [["my_answers", str(pid), mine]]

    assert snapshot_of(stage.app, ana)["state"]["my_answers"] == {str(pid): mine}
    assert snapshot_of(stage.app, bo)["state"]["my_answers"] == {}
    assert "my_answers" not in snapshot_of(stage.app, stage.fac)["state"]


def test_an_anonymous_answer_comes_back_as_answered_and_nothing_more(stage):
    pid = stage.open_item(EVALUATION)
    ana, bo = stage.join("Ana"), stage.join("Bo")
    ack = stage.answer(ana, pid, texts=["Good", "", ""])

    assert ack["result"] == {"poll_id": pid, "answered": True, "answer": None}
    (event,) = stage.messages
    assert event["scope"] == f"participant:{ana.id}"
    assert event["changes"] == [["my_answers", str(pid), {"answered": True, "answer": None}]]
    assert snapshot_of(stage.app, ana)["state"]["my_answers"] == {
        str(pid): {"answered": True, "answer": None}}
    assert snapshot_of(stage.app, bo)["state"]["my_answers"] == {}


# --------------------------------------------------------------------------- moderation

def test_a_hidden_text_leaves_the_shared_view_but_still_counts(stage):
    pid = stage.opened("open")
    ana, bo = stage.join("Ana"), stage.join("Bo")
    stage.answered(ana, pid, text="Keep me")
    stage.answered(bo, pid, text="Hide me")
    (hidden,) = rows(stage.app, PollResponse, PollResponse.participant_id == bo.id)

    result = stage.ok(stage.fac, "poll.hide_answer",
                      {"poll_id": pid, "response_id": hidden["id"], "hidden": True})

    assert result == {"poll_id": pid, "response_id": hidden["id"], "hidden": True}
    assert [(m["type"], m["scope"], m["changes"]) for m in stage.messages] == [
        ("poll.moderated", "staff", [])]
    assert stage.tally(pid) == {"poll_id": pid, "n": 2, "hidden": 1, "texts": ["Keep me"]}
    refused(stage, stage.fac, "poll.hide_answer",
            {"poll_id": pid, "response_id": "f" * 32, "hidden": True}, "not_found")


def test_hiding_an_anonymous_answer_hides_that_answer_even_after_more_came_in(stage,
                                                                           monkeypatch):
    pid = stage.opened("open", anonymous=True)
    stage.answered(stage.join("Ana"), pid, text="Something offensive")
    (shown,) = rows(stage.app, PollResponse, PollResponse.poll_id == pid)  # as /answers lists it
    assert shown["answer"] == {"text": "Something offensive"}
    # the next answer lands in the first slot: the shuffle swaps it with the one shown
    monkeypatch.setattr(poll_service.secrets, "randbelow", lambda n: 0)
    stage.answered(stage.join("Bo"), pid, text="A kind idea")

    stage.ok(stage.fac, "poll.hide_answer",
             {"poll_id": pid, "response_id": shown["id"], "hidden": True})

    assert stage.tally(pid)["texts"] == ["A kind idea"]
