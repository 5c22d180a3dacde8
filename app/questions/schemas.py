"""Payloads of the Q&A commands."""
from marshmallow import RAISE, Schema, fields, validate

from app.core.fields import RecordId

QUESTION_LENGTH = 280


class Strict(Schema):
    class Meta:
        unknown = RAISE


class AskSchema(Strict):
    text = fields.String(required=True, validate=validate.Length(1, QUESTION_LENGTH))
    anonymous = fields.Boolean(truthy={True}, falsy={False}, load_default=False)
    #: ask in one's own team during a breakout; None asks the plenary
    team_id = RecordId(allow_none=True, load_default=None)


class QuestionRef(Strict):
    question_id = RecordId(required=True)


class PinSchema(QuestionRef):
    pinned = fields.Boolean(truthy={True}, falsy={False}, required=True)
