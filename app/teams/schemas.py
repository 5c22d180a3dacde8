"""Payloads of team commands."""
from flask_babel import gettext as _
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from app.core.fields import RecordId
from app.teams.models import TEAM_ROLES

#: how a new grouping fills its teams
MODES = ("random", "empty", "self_select")


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
