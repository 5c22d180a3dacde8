"""Payloads of the chat commands."""
from marshmallow import RAISE, Schema, fields, validate

from app.core.fields import RecordId

MESSAGE_LENGTH = 500


class Strict(Schema):
    class Meta:
        unknown = RAISE


class SendSchema(Strict):
    text = fields.String(required=True, validate=validate.Length(1, MESSAGE_LENGTH))
    #: write in one's team's chat during a breakout; None writes to the room
    team_id = RecordId(allow_none=True, load_default=None)


class MessageRef(Strict):
    message_id = RecordId(required=True)


class MuteSchema(Strict):
    participant_id = RecordId(required=True)
    muted = fields.Boolean(truthy={True}, falsy={False}, required=True)
