"""Board payloads checked by their marshmallow schemas alone: the settings a board may have,
what a note, move, comment or reaction may carry, and the boards the reference course
describes. The same refusals through the dispatcher, with nothing stored, are in
test_service.py on both backends."""
import pytest

from app.boards.schemas import (
    BoardSpecSchema,
    ClusterNoteSchema,
    ClusterRef,
    CommentSchema,
    EditSchema,
    MergeSchema,
    ModerateSchema,
    MoveSchema,
    PhaseSchema,
    PostSchema,
    ReactSchema,
)
from app.boards.service.opening import spec_from_item
from app.core.errors import Invalid
from app.course.models import AgendaItem
from tests.support import schema_errors


@pytest.mark.parametrize("spec, field", [
    ({}, "prompt"),
    ({"prompt": ""}, "prompt"),
    ({"prompt": "x" * 501}, "prompt"),
    ({"prompt": "p", "columns": [""]}, "columns"),
    ({"prompt": "p", "columns": ["c"] * 13}, "columns"),
    ({"prompt": "p", "dot_votes": 0}, "dot_votes"),
    ({"prompt": "p", "dot_votes": "3"}, "dot_votes"),
    ({"prompt": "p", "dot_votes": 2, "vote_cap": 3}, "vote_cap"),
    ({"prompt": "p", "vote_cap": 4}, "vote_cap"),  # above the default budget of 3
    ({"prompt": "p", "note_limit": 0}, "note_limit"),
    ({"prompt": "p", "text_limit": 5000}, "text_limit"),
    ({"prompt": "p", "private": True}, "private"),
])
def test_bad_board_settings_name_their_field(spec, field):
    assert field in schema_errors(BoardSpecSchema(), spec)


def test_good_board_settings_load():
    spec = {"prompt": "Yes or no?", "columns": ["Yes", "No"], "dot_votes": 5, "vote_cap": 2,
            "hide_votes": True, "private_until_reveal": True, "anonymous": True,
            "note_limit": 1, "text_limit": 100, "require_positive_comment": True, "ref": "x"}
    assert BoardSpecSchema().load(spec) == spec


def item(settings: dict) -> AgendaItem:
    return AgendaItem(kind="board", title="The item's title", settings=settings)


def test_a_course_board_block_loads_with_the_title_as_prompt_and_yes_no_as_words():
    assert spec_from_item(item({})) == {"prompt": "The item's title", "columns": []}
    # YAML 1.1 reads the reference course's unquoted [Yes, No] as booleans
    assert spec_from_item(item({"columns": [True, False]}))["columns"] == ["Yes", "No"]
    with pytest.raises(Invalid):
        spec_from_item(item({"dot_votes": "many"}))


@pytest.mark.parametrize("schema, data, field", [
    (PostSchema, {"text": "x"}, "board_id"),
    (PostSchema, {"board_id": 1, "text": "x" * 2001}, "text"),
    (PostSchema, {"board_id": 1, "text": "x", "color": "black"}, "color"),
    (PostSchema, {"board_id": 1, "text": "x", "column": 12}, "column"),
    (PostSchema, {"board_id": 1, "text": "x", "column": "0"}, "column"),
    (PostSchema, {"board_id": 2**31, "text": "x"}, "board_id"),
    (EditSchema, {"note_id": 1}, "_schema"),
    (EditSchema, {"note_id": 1, "text": "x", "version": 0}, "version"),
    (MoveSchema, {"note_id": 1}, "_schema"),
    (MoveSchema, {"note_id": 1, "position": "inf"}, "position"),
    (MoveSchema, {"note_id": 1, "position": 1e12}, "position"),
    (ModerateSchema, {"note_id": 1}, "_schema"),
    (PhaseSchema, {"board_id": 1, "phase": "done"}, "phase"),
    (ClusterNoteSchema, {"note_id": 1}, "cluster_id"),
    (ClusterRef, {}, "cluster_id"),
    (ClusterRef, {"cluster_id": 1, "title": "x"}, "title"),
    (MergeSchema, {"note_id": 1, "duplicate_ids": []}, "duplicate_ids"),
    (MergeSchema, {"note_id": 1, "duplicate_ids": list(range(1, 52))}, "duplicate_ids"),
    (CommentSchema, {"note_id": 1, "text": "x" * 501}, "text"),
    (ReactSchema, {"note_id": 1, "kind": "<b>", "on": True}, "kind"),
    (ReactSchema, {"note_id": 1, "kind": "like"}, "on"),
])
def test_bad_payloads_name_their_field(schema, data, field):
    assert field in schema_errors(schema(), data)


def test_html_in_text_is_loaded_as_it_is():
    text = "<img src=x onerror=alert(1)>"
    assert PostSchema().load({"board_id": 1, "text": text})["text"] == text
    assert CommentSchema().load({"note_id": 1, "text": text})["text"] == text
