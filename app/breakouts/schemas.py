"""Payloads of breakout and help-request commands, and the `breakout:` block of agenda
items in course files."""
from marshmallow import RAISE, Schema, fields, validate

from app.core.fields import RecordId
from app.course.schemas import BLOCK_READERS
from app.teams.schemas import TeamsSpecSchema

MINUTES = validate.Range(1, 240)
TASK = validate.Length(max=4000)


class BreakoutStartSchema(Schema):
    """Minutes and task default to the agenda item's `breakout:` block; `teams` makes new
    teams for this breakout, else the active teams are kept."""

    item_id = RecordId()
    minutes = fields.Integer(strict=True, validate=MINUTES)
    task = fields.String(validate=TASK)
    teams = fields.Nested(TeamsSpecSchema)


class ExtendSchema(Schema):
    minutes = fields.Integer(strict=True, required=True, validate=validate.Range(1, 120))


class BroadcastSchema(Schema):
    text = fields.String(required=True, validate=validate.Length(1, 500))


class Empty(Schema):
    pass


class HelpRef(Schema):
    help_id = RecordId(required=True)


class BreakoutBlockSchema(Schema):
    """The `breakout:` block of an agenda item in a course file."""

    class Meta:
        unknown = RAISE

    task = fields.String(load_default="", validate=TASK)
    minutes = fields.Integer(strict=True, validate=MINUTES)
    #: the whiteboard issue gives each team a board when this is true
    team_board = fields.Boolean(load_default=False)


# a course file's breakout blocks are checked at import (and in the editor) as they open
BLOCK_READERS["breakout"] = lambda block, item: BreakoutBlockSchema().load(block)
