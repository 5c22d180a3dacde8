"""Payloads of team, breakout and help-request commands, and the `breakout:` block of
agenda items in course files."""
from flask_babel import gettext as _
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from app.breakouts.models import TEAM_ROLES
from app.core.fields import RecordId
from app.course.schemas import BLOCK_READERS

#: how a new grouping fills its teams
MODES = ("random", "empty", "self_select")
MINUTES = validate.Range(1, 240)
TASK = validate.Length(max=4000)


class TeamsSpecSchema(Schema):
    """New teams: N teams (`count`) or teams of about K (`size`), filled at random, left
    empty for manual assignment, or picked by participants up to `capacity` each."""

    class Meta:
        unknown = RAISE

    count = fields.Integer(strict=True, validate=validate.Range(1, 100))
    size = fields.Integer(strict=True, validate=validate.Range(1, 100))
    mode = fields.String(load_default="random", validate=validate.OneOf(MODES))
    capacity = fields.Integer(strict=True, validate=validate.Range(1, 500))
    label = fields.String(validate=validate.Length(1, 80))

    @validates_schema
    def one_way_to_count(self, data, **_kwargs):
        if ("count" in data) == ("size" in data):
            raise ValidationError(_("Give either count or size."))
        if "capacity" in data and data.get("mode") != "self_select":
            raise ValidationError({"capacity": [_("Only teams picked by participants have a "
                                                  "capacity.")]})


class GroupingRef(Schema):
    grouping_id = RecordId(required=True)


class MoveSchema(Schema):
    participant_id = RecordId(required=True)
    team_id = RecordId(required=True)


class TeamRef(Schema):
    team_id = RecordId(required=True)


class RenameSchema(Schema):
    team_id = RecordId(required=True)
    name = fields.String(required=True, validate=validate.Length(1, 80))


class RoleSchema(Schema):
    team_id = RecordId(required=True)
    participant_id = RecordId(required=True)
    #: null takes the role away
    role = fields.String(required=True, allow_none=True, validate=validate.OneOf(TEAM_ROLES))


class ModeratorsSchema(Schema):
    team_id = RecordId(required=True)
    cofacilitator_ids = fields.List(RecordId(), required=True, validate=validate.Length(max=50))


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
