"""Payloads of presentation commands, and the `presentation:` block of course files."""
from marshmallow import RAISE, Schema, fields, validate

from app.core.fields import RecordId
from app.course.schemas import BLOCK_READERS


class PresentationBlockSchema(Schema):
    """An agenda item's `presentation:` block: minutes per team and the pre-work item (by
    its id in the course file) whose team submissions are the slides."""

    class Meta:
        unknown = RAISE

    minutes_per_team = fields.Integer(strict=True, load_default=5,
                                      validate=validate.Range(1, 60))
    prework = fields.String(validate=validate.Length(1, 80))


# a course file's presentation blocks are checked at import (and in the editor) as they open
BLOCK_READERS["presentation"] = lambda block, item: PresentationBlockSchema().load(block)


class PresentationOpenSchema(Schema):
    item_id = RecordId(required=True)


class PresentationRef(Schema):
    presentation_id = RecordId(required=True)


class ReorderSchema(Schema):
    presentation_id = RecordId(required=True)
    queue = fields.List(RecordId(), required=True, validate=validate.Length(1, 200))


class PageSchema(Schema):
    presentation_id = RecordId(required=True)
    page = fields.Integer(strict=True, required=True, validate=validate.Range(1, 1000))
