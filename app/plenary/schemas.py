"""Payloads of the plenary commands."""
from marshmallow import RAISE, Schema, fields, validate

from app.core.fields import RecordId
from app.plenary.models import REACTIONS

#: the longest plenary countdown, and the most a single extension adds
MAX_TIMER_SECONDS = 4 * 3600
MAX_EXTENSION_SECONDS = 3600
ANNOUNCEMENT_LENGTH = 500


class Strict(Schema):
    class Meta:
        unknown = RAISE


class Empty(Strict):
    """Commands that need no data still refuse unknown fields."""


class HandRef(Strict):
    hand_id = RecordId(required=True)


class ReactionSchema(Strict):
    kind = fields.String(required=True, validate=validate.OneOf(REACTIONS))


class TimerStartSchema(Strict):
    seconds = fields.Integer(strict=True, required=True,
                             validate=validate.Range(10, MAX_TIMER_SECONDS))
    label = fields.String(load_default="", validate=validate.Length(max=120))
    item_id = RecordId(allow_none=True, load_default=None)


class TimerExtendSchema(Strict):
    seconds = fields.Integer(strict=True, required=True,
                             validate=validate.Range(10, MAX_EXTENSION_SECONDS))


class AnnouncementSchema(Strict):
    text = fields.String(required=True, validate=validate.Length(1, ANNOUNCEMENT_LENGTH))
