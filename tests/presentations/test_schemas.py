"""The shapes of presentation payloads and of the `presentation:` block of course files."""
import pytest
from marshmallow import ValidationError

from app.presentations.schemas import PageSchema, PresentationBlockSchema, ReorderSchema


def test_every_presentation_block_of_the_reference_course_loads(reference_data):
    blocks = [PresentationBlockSchema().load(item["presentation"])
              for session in reference_data["sessions"] for item in session["items"]
              if item["kind"] == "presentation"]
    assert blocks == [{"minutes_per_team": 4, "prework": "s2-prep-session-3"},
                      {"minutes_per_team": 5, "prework": "s3-prep-session-4"}]


@pytest.mark.parametrize("block", [{"minutes_per_team": 0}, {"minutes_per_team": "4"},
                                   {"prework": ""}, {"order": "random"}])
def test_bad_presentation_blocks_are_refused(block):
    with pytest.raises(ValidationError):
        PresentationBlockSchema().load(block)


@pytest.mark.parametrize("schema, data", [
    (ReorderSchema, {"presentation_id": 1, "queue": []}),
    (ReorderSchema, {"presentation_id": 1, "queue": ["1"]}),
    (PageSchema, {"presentation_id": 1, "page": 0}),
])
def test_other_bad_payloads_are_refused(schema, data):
    with pytest.raises(ValidationError):
        schema().load(data)
