"""Inbound payloads for joining, naming and signing in."""
import re
import unicodedata

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate

from app.core.fields import RecordId

_SPACES = re.compile(r"\s+")


#: zero-width joiner and non-joiner are part of Persian names and emoji sequences
_JOINERS = {"\u200c", "\u200d"}


def _refused(ch: str) -> bool:
    """Control, format (e.g. bidi overrides that reorder a roster), private-use, unassigned."""
    return unicodedata.category(ch).startswith("C") and ch not in _JOINERS


class DisplayName(fields.String):
    """A name shown to others: trimmed, single-spaced, no control characters, 1–40 long."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        text = _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
        if any(_refused(ch) for ch in text):
            raise ValidationError(_("Names cannot contain control characters."))
        if not 1 <= len(text) <= 40:
            raise ValidationError(_("Use 1 to 40 characters."))
        return text


class NameSchema(Schema):
    name = DisplayName(required=True)


class EraseSchema(Schema):
    participant_id = RecordId(required=True)


class JoinSchema(NameSchema):
    #: the browser's device id, from its cookie (set by the join endpoint, not the client)
    device = fields.String(validate=validate.Regexp(r"^[A-Za-z0-9_-]{1,64}$"))


class RemoveSchema(Schema):
    participant_id = RecordId(required=True)
    #: hide their board notes too, or leave them
    hide_notes = fields.Boolean(truthy={True}, falsy={False}, load_default=False)


class ParticipantRef(Schema):
    participant_id = RecordId(required=True)


class CoFacilitatorRef(Schema):
    cofacilitator_id = RecordId(required=True)


class LinkSchema(Schema):
    kind = fields.String(required=True,
                         validate=validate.OneOf(("projector", "cofacilitator-invite")))


class SignInSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, validate=validate.Length(1, 200))
