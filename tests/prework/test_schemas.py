"""The shapes of pre-work payloads and of the `prework:` block of course files."""
import pytest
from marshmallow import ValidationError

from app.prework.schemas import (
    NoteSchema,
    PreworkBlockSchema,
    PreworkCreateSchema,
    PreworkOpenSchema,
    SubmitSchema,
)


def items_of_kind(data, kind):
    return [item for session in data["sessions"] for item in session["items"]
            if item["kind"] == kind]


def test_every_prework_block_of_the_reference_course_loads(reference_data):
    blocks = [PreworkBlockSchema().load(item["prework"])
              for item in items_of_kind(reference_data, "prework")]
    assert [(b["audience"], b["deliverable"]) for b in blocks] == [
        ("individual", "text"), ("individual", "none"), ("team", "file"), ("team", "file"),
        ("individual", "private_notes")]
    assert blocks[2]["roles"] == ["facilitator", "presenter"]


@pytest.mark.parametrize("block, field", [
    ({"for": "everyone"}, "for"),
    ({"deliverable": "video"}, "deliverable"),
    ({"slides_min": 4, "slides_max": 2}, "slides_min"),
    ({"slides_min": 0}, "slides_min"),
    ({"roles": ["boss"]}, "roles"),
    ({"questions": [""]}, "questions"),
    ({"questions": ["q"] * 13}, "questions"),
    ({"due_date": "tomorrow"}, "due_date"),
])
def test_bad_prework_blocks_name_their_field(block, field):
    with pytest.raises(ValidationError) as err:
        PreworkBlockSchema().load(block)
    assert field in err.value.messages


def test_due_dates_need_a_time_zone():
    assert PreworkOpenSchema().load({"item_id": 3, "due_at": "2030-01-01T09:00:00+02:00"})
    for schema, extra in ((PreworkOpenSchema(), {"item_id": 3}),
                          (PreworkCreateSchema(), {"title": "Read"})):
        with pytest.raises(ValidationError) as err:
            schema.load({**extra, "due_at": "2030-01-01T09:00:00"})
        assert "due_at" in err.value.messages


@pytest.mark.parametrize("data, field", [
    ({"answers": ["a"]}, "task_id"),
    ({"task_id": "1", "answers": []}, "task_id"),
    ({"task_id": 2**40}, "task_id"),
    ({"task_id": 1, "answers": "text"}, "answers"),
    ({"task_id": 1, "answers": ["x" * 5001]}, "answers"),
    ({"task_id": 1, "answers": ["a"] * 13}, "answers"),
    ({"task_id": 1, "upload_id": 0}, "upload_id"),
    ({"task_id": 1, "team_id": -1}, "team_id"),
    ({"task_id": 1, "file": "slides.pdf"}, "file"),
])
def test_bad_submissions_are_refused(data, field):
    with pytest.raises(ValidationError) as err:
        SubmitSchema().load(data)
    assert field in err.value.messages


def test_notes_need_answers():
    with pytest.raises(ValidationError):
        NoteSchema().load({"task_id": 1})
    assert NoteSchema().load({"task_id": 1, "answers": [""]}) == {"task_id": 1, "answers": [""]}


@pytest.mark.parametrize("schema, data", [
    (PreworkCreateSchema, {"title": ""}),
    (PreworkCreateSchema, {"title": "x", "for": "room"}),
    (PreworkCreateSchema, {"title": "x", "deliverable": "zip"}),
])
def test_other_bad_payloads_are_refused(schema, data):
    with pytest.raises(ValidationError):
        schema().load(data)
