"""Poll payloads checked by their marshmallow schemas alone: what a poll may ask per kind,
what an answer may carry, and the polls the reference course describes.

No database is involved, so these run once rather than per backend; the same refusals
through the dispatcher, with nothing stored, are in test_service.py on both backends.
"""
import pytest

from app.core.errors import Invalid
from app.course.models import AgendaItem
from app.polls.models import LIKERT
from app.polls.schemas import AnswerSchema, PollOpenSchema, PollRef, PollSpecSchema
from app.polls.service import spec_from_item
from tests.support import schema_errors

SPEC = PollSpecSchema()
ANSWER = AnswerSchema()


# --------------------------------------------------------------------------- poll specs

GOOD_SPECS = [
    pytest.param({"kind": "single", "question": "Pick one", "options": ["A", "B"]}, id="single"),
    pytest.param({"kind": "single", "question": "Pick one", "options": ["A", "B"],
                  "other_option": "Something else"}, id="single with other"),
    pytest.param({"kind": "multiple", "question": "Up to 3", "options": list("ABCDEFGH"),
                  "other_option": "Something else", "max_choices": 3}, id="multiple"),
    pytest.param({"kind": "multiple", "question": "All nine", "options": list("ABCDEFGH"),
                  "other_option": "Else", "max_choices": 9}, id="max counts the other option"),
    pytest.param({"kind": "likert", "question": "Agree?"}, id="likert default scale"),
    pytest.param({"kind": "likert", "question": "How often?",
                  "scale": ["Never", "Sometimes", "Often"]}, id="likert custom scale"),
    pytest.param({"kind": "open", "question": "Why?"}, id="open short"),
    pytest.param({"kind": "open", "question": "Why?", "long": True}, id="open long"),
    pytest.param({"kind": "wordcloud", "question": "One word"}, id="wordcloud"),
    pytest.param({"kind": "grid", "question": "Level?", "rows": ["R1", "R2"],
                  "levels": ["L1", "L2", "L3", "L4"]}, id="grid"),
    pytest.param({"kind": "evaluation", "question": "Evaluation",
                  "questions": ["Liked", "Liked less", "Differently"]}, id="evaluation"),
]


@pytest.mark.parametrize("spec", GOOD_SPECS)
def test_a_spec_that_fits_its_kind_loads_with_defaults(spec):
    loaded = SPEC.load(spec)
    assert {k: loaded[k] for k in spec} == spec
    assert loaded["anonymous"] is False
    assert loaded["results"] == "reveal"
    assert loaded["changeable"] is True


BAD_SPECS = [
    pytest.param({"kind": "likert", "question": "q", "options": ["A", "B"]}, "options",
                 id="options on a likert poll"),
    pytest.param({"kind": "single", "question": "q", "options": ["A", "B"],
                  "scale": ["x", "y", "z"]}, "scale", id="scale on a single poll"),
    pytest.param({"kind": "single", "question": "q", "options": ["A", "B"], "max_choices": 1},
                 "max_choices", id="max_choices on a single poll"),
    pytest.param({"kind": "multiple", "question": "q", "options": ["A", "B"], "rows": ["r"]},
                 "rows", id="rows on a multiple poll"),
    pytest.param({"kind": "open", "question": "q", "questions": ["a"]}, "questions",
                 id="questions on an open poll"),
    pytest.param({"kind": "wordcloud", "question": "q", "long": True}, "long",
                 id="long on a word cloud"),
    pytest.param({"kind": "grid", "question": "q", "rows": ["r"], "levels": ["a", "b"],
                  "options": ["A", "B"]}, "options", id="options on a grid"),
    pytest.param({"kind": "evaluation", "question": "q", "questions": ["a"],
                  "other_option": "x"}, "other_option", id="other_option on an evaluation"),
    pytest.param({"kind": "single", "question": "q"}, "options", id="single without options"),
    pytest.param({"kind": "multiple", "question": "q"}, "options",
                 id="multiple without options"),
    pytest.param({"kind": "grid", "question": "q", "levels": ["a", "b"]}, "rows",
                 id="grid without rows"),
    pytest.param({"kind": "grid", "question": "q", "rows": ["r"]}, "levels",
                 id="grid without levels"),
    pytest.param({"kind": "evaluation", "question": "q"}, "questions",
                 id="evaluation without questions"),
    pytest.param({"kind": "multiple", "question": "q", "options": ["A", "B"], "max_choices": 3},
                 "max_choices", id="max_choices over the options"),
    pytest.param({"kind": "multiple", "question": "q", "options": ["A", "B"], "max_choices": 0},
                 "max_choices", id="max_choices zero"),
    pytest.param({"kind": "single", "question": "q", "options": ["A"]}, "options",
                 id="one option"),
    pytest.param({"kind": "single", "question": "q", "options": ["A", ""]}, "options",
                 id="empty option"),
    pytest.param({"kind": "likert", "question": "q", "scale": ["yes", "no"]}, "scale",
                 id="two-point scale"),
    pytest.param({"kind": "likert", "question": "q", "scale": [str(i) for i in range(8)]},
                 "scale", id="eight-point scale"),
    pytest.param({"kind": "grid", "question": "q", "rows": ["r"], "levels": ["only"]},
                 "levels", id="one level"),
    pytest.param({"kind": "poll", "question": "q"}, "kind", id="unknown kind"),
    pytest.param({"question": "q"}, "kind", id="no kind"),
    pytest.param({"kind": "open"}, "question", id="no question"),
    pytest.param({"kind": "open", "question": ""}, "question", id="empty question"),
    pytest.param({"kind": "open", "question": "q" * 501}, "question", id="question too long"),
    pytest.param({"kind": "open", "question": "q", "colour": "red"}, "colour",
                 id="unknown field"),
    pytest.param({"kind": "open", "question": "q", "results": "never"}, "results",
                 id="unknown results mode"),
    pytest.param({"kind": "open", "question": "q", "anonymous": "yes please"}, "anonymous",
                 id="anonymous not a boolean"),
]


@pytest.mark.parametrize(("spec", "field"), BAD_SPECS)
def test_a_spec_that_does_not_fit_its_kind_is_refused_naming_the_field(spec, field):
    messages = schema_errors(SPEC, spec)
    assert field in messages, messages
    assert messages[field]  # a message per field (a dict by index for list items)


# --------------------------------------------------------------------------- answers and refs

@pytest.mark.parametrize("data", [
    {"poll_id": 1, "choices": [0, 8], "other": "Corruption"},
    {"poll_id": 1, "value": 6},
    {"poll_id": 1, "text": "x" * 2000},
    {"poll_id": 1, "texts": ["a", "", "c"]},
    {"poll_id": 1, "grid": {"0": 3, "8": 0, "19": 6}},
])
def test_answers_of_every_shape_load(data):
    assert ANSWER.load(data) == data


@pytest.mark.parametrize(("data", "field"), [
    ({"choices": [0]}, "poll_id"),
    ({"poll_id": 0, "choices": [0]}, "poll_id"),
    ({"poll_id": "1", "choices": [0]}, "poll_id"),
    ({"poll_id": 2**31, "choices": [0]}, "poll_id"),
    ({"poll_id": 1, "choices": [-1]}, "choices"),
    ({"poll_id": 1, "choices": ["1"]}, "choices"),
    ({"poll_id": 1, "choices": [True]}, "choices"),
    ({"poll_id": 1, "choices": 1}, "choices"),
    ({"poll_id": 1, "choices": [0] * 22}, "choices"),
    ({"poll_id": 1, "choices": [21]}, "choices"),
    ({"poll_id": 1, "choices": [8], "other": "x" * 281}, "other"),
    ({"poll_id": 1, "value": 7}, "value"),
    ({"poll_id": 1, "value": -1}, "value"),
    ({"poll_id": 1, "value": 1.0}, "value"),
    ({"poll_id": 1, "text": "x" * 2001}, "text"),
    ({"poll_id": 1, "text": 5}, "text"),
    ({"poll_id": 1, "texts": ["a"] * 11}, "texts"),
    ({"poll_id": 1, "texts": ["x" * 2001]}, "texts"),
    ({"poll_id": 1, "grid": {"a": 1}}, "grid"),
    ({"poll_id": 1, "grid": {"-1": 1}}, "grid"),
    ({"poll_id": 1, "grid": {"100": 1}}, "grid"),
    ({"poll_id": 1, "grid": {"0": 7}}, "grid"),
    ({"poll_id": 1, "grid": [1, 2]}, "grid"),
    ({"poll_id": 1, "vote": 1}, "vote"),
])
def test_malformed_answers_are_refused_by_the_schema(data, field):
    assert field in schema_errors(ANSWER, data)


def test_the_other_option_of_a_twenty_option_poll_can_be_chosen():
    """Index 20 is the other option after twenty options (AnswerSchema once stopped at 19)."""
    spec = SPEC.load({"kind": "multiple", "question": "q", "other_option": "Else",
                      "options": [f"Option {i}" for i in range(20)], "max_choices": 2})
    other = len(spec["options"])
    assert ANSWER.load({"poll_id": 1, "choices": [0, other], "other": "Mine"})["choices"] \
        == [0, other]


@pytest.mark.parametrize(("data", "ok"), [
    ({"poll_id": 3}, True), ({"item_id": 149}, True), ({}, False),
    ({"poll_id": 3, "item_id": 149}, False), ({"poll_id": 0}, False),
    ({"item_id": "149"}, False), ({"poll_id": 3, "colour": "red"}, False),
])
def test_poll_open_takes_either_a_poll_or_an_item(data, ok):
    if ok:
        assert PollOpenSchema().load(data) == data
    else:
        schema_errors(PollOpenSchema(), data)


def test_close_and_reveal_name_a_poll():
    assert PollRef().load({"poll_id": 4}) == {"poll_id": 4}
    assert "poll_id" in schema_errors(PollRef(), {})
    assert "item_id" in schema_errors(PollRef(), {"poll_id": 4, "item_id": 5})


# --------------------------------------------------------------------------- the course's polls

def course_item(reference_data, key) -> AgendaItem:
    for session in reference_data["sessions"]:
        for item in session["items"]:
            if item.get("id") == key:
                return AgendaItem(kind=item["kind"], title=item["title"], key=key,
                                  settings=item.get(item["kind"], {}))
    raise LookupError(key)


def test_the_session_5_obstacles_poll_is_multiple_choice_up_to_three_with_other(
        reference_data):
    spec = spec_from_item(course_item(reference_data, "s5-obstacles"))
    assert spec["kind"] == "multiple"
    assert len(spec["options"]) == 8 and spec["other_option"].startswith("Something else")
    assert spec["max_choices"] == 3
    assert spec["anonymous"] is True
    assert spec["question"].endswith("(Check up to 3)")


def test_the_session_2_maturity_grid_is_nine_pillars_by_four_levels(reference_data):
    spec = spec_from_item(course_item(reference_data, "s2-maturity-grid"))
    assert spec["kind"] == "grid"
    assert len(spec["rows"]) == 9 and spec["rows"][0] == "Vision, Leadership mindsets"
    assert spec["levels"] == ["Online presence", "Transactional", "Connected", "Transformative"]
    assert spec["anonymous"] is False


def test_the_session_3_evaluation_asks_three_questions_anonymously(reference_data):
    item = course_item(reference_data, "s3-evaluation")
    spec = spec_from_item(item)
    assert spec["kind"] == "evaluation"
    assert spec["question"] == item.title
    assert spec["questions"] == ["What I liked", "What I liked less",
                                 "What should we do differently?"]
    assert spec["anonymous"] is True


def test_an_evaluation_is_anonymous_unless_the_course_says_otherwise():
    item = AgendaItem(kind="evaluation", title="Evaluation", settings={"questions": ["Q"]})
    assert spec_from_item(item)["anonymous"] is True
    item.settings = {"questions": ["Q"], "anonymous": False}
    assert spec_from_item(item)["anonymous"] is False


def test_an_item_poll_without_a_type_is_single_choice_and_its_title_is_the_question():
    item = AgendaItem(kind="poll", title="Tea or coffee?", settings={"options": ["Tea", "Coffee"]})
    spec = spec_from_item(item)
    assert spec["kind"] == "single" and spec["question"] == "Tea or coffee?"


def test_likert_without_a_scale_gets_strongly_agree_to_strongly_disagree():
    assert LIKERT[0] == "Strongly agree" and LIKERT[-1] == "Strongly disagree"
    assert len(LIKERT) == 5


def test_an_item_whose_block_is_not_a_valid_poll_is_invalid():
    item = AgendaItem(kind="poll", title="Broken", settings={"type": "likert",
                                                             "options": ["A", "B"]})
    with pytest.raises(Invalid) as caught:
        spec_from_item(item)
    assert "options" in caught.value.fields
