"""Payloads of poll commands, and the poll settings accepted from course files."""
from flask_babel import gettext as _
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from app.core.fields import RecordId
from app.course.schemas import BLOCK_READERS
from app.polls.models import KINDS

#: longest text per answer field, by what it is for
TEXT_LIMITS = {"wordcloud": 40, "other": 280, "short": 280, "long": 2000}


class PollSpecSchema(Schema):
    """What a poll asks. Which keys apply depends on the kind; the rest must be absent."""

    class Meta:
        unknown = RAISE

    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    question = fields.String(required=True, validate=validate.Length(1, 500))
    options = fields.List(fields.String(validate=validate.Length(1, 200)),
                          validate=validate.Length(2, 20))
    other_option = fields.String(validate=validate.Length(1, 200))
    max_choices = fields.Integer(strict=True, validate=validate.Range(1, 20))
    scale = fields.List(fields.String(validate=validate.Length(1, 60)),
                        validate=validate.Length(3, 7))
    rows = fields.List(fields.String(validate=validate.Length(1, 200)),
                       validate=validate.Length(1, 20))
    levels = fields.List(fields.String(validate=validate.Length(1, 60)),
                         validate=validate.Length(2, 7))
    questions = fields.List(fields.String(validate=validate.Length(1, 300)),
                            validate=validate.Length(1, 10))
    long = fields.Boolean()
    anonymous = fields.Boolean(load_default=False)
    results = fields.String(load_default="reveal", validate=validate.OneOf(("live", "reveal")))
    changeable = fields.Boolean(load_default=True)

    ALLOWED = {
        "single": {"options", "other_option"},
        "multiple": {"options", "other_option", "max_choices"},
        "likert": {"scale"},
        "open": {"long"},
        "wordcloud": set(),
        "grid": {"rows", "levels"},
        "evaluation": {"questions"},
    }
    REQUIRED = {"single": {"options"}, "multiple": {"options"}, "grid": {"rows", "levels"},
                "evaluation": {"questions"}}
    DETAILS = {"options", "other_option", "max_choices", "scale", "rows", "levels",
               "questions", "long"}

    @validates_schema
    def details_fit_the_kind(self, data, **_kwargs):
        kind = data.get("kind")
        if kind not in self.ALLOWED:
            return
        errors = {}
        for key in (self.DETAILS & data.keys()) - self.ALLOWED[kind]:
            errors[key] = [_("Not used by a %(kind)s poll.", kind=kind)]
        for key in self.REQUIRED.get(kind, set()) - data.keys():
            errors[key] = [_("Required for a %(kind)s poll.", kind=kind)]
        if kind == "multiple" and "options" in data:
            most = len(data["options"]) + (1 if "other_option" in data else 0)
            if data.get("max_choices", 1) > most:
                errors["max_choices"] = [_("More than there are options.")]
        if errors:
            raise ValidationError(errors)


def read_block(block: dict, kind: str, title: str) -> dict:
    """The poll an agenda item of kind poll or evaluation describes in its course block
    (the question defaulting to the item's title); raises ValidationError. Course files
    are checked with it at import, so an item that imported opens. The block's `type` is
    the poll's `kind`."""
    if kind == "evaluation":
        raw = {"kind": "evaluation", "question": title,
               "questions": block.get("questions", []),
               "anonymous": block.get("anonymous", True)}
    else:
        raw = {key: value for key, value in block.items() if key != "type"}
        raw["kind"] = block.get("type", "single")
        raw.setdefault("question", title)
    try:
        return PollSpecSchema().load(raw)
    except ValidationError as err:
        messages = err.messages if isinstance(err.messages, dict) else {"_schema": err.messages}
        if "kind" in messages:
            messages["type"] = messages.pop("kind")
        raise ValidationError(messages) from err


BLOCK_READERS["poll"] = lambda block, item: read_block(block, "poll", item["title"])
BLOCK_READERS["evaluation"] = lambda block, item: read_block(block, "evaluation", item["title"])


class PollRef(Schema):
    poll_id = RecordId(required=True)


class PollOpenSchema(Schema):
    """Open a poll by id, or the poll of an agenda item (made from its settings if new)."""

    poll_id = RecordId()
    item_id = RecordId()

    @validates_schema
    def one_of(self, data, **_kwargs):
        if ("poll_id" in data) == ("item_id" in data):
            raise ValidationError(_("Give either poll_id or item_id."))


class AnswerSchema(Schema):
    """An answer; which fields it needs depends on the poll's kind (checked in the service)."""

    poll_id = RecordId(required=True)
    # up to 20 options and the "other" one after them
    choices = fields.List(fields.Integer(strict=True, validate=validate.Range(0, 20)),
                          validate=validate.Length(max=21))
    other = fields.String(validate=validate.Length(max=TEXT_LIMITS["other"]))
    value = fields.Integer(strict=True, validate=validate.Range(0, 6))
    text = fields.String(validate=validate.Length(max=TEXT_LIMITS["long"]))
    texts = fields.List(fields.String(validate=validate.Length(max=TEXT_LIMITS["long"])),
                        validate=validate.Length(max=10))
    grid = fields.Dict(keys=fields.String(validate=validate.Regexp(r"^\d{1,2}$")),
                       values=fields.Integer(strict=True, validate=validate.Range(0, 6)))


class HideAnswerSchema(Schema):
    poll_id = RecordId(required=True)
    response_id = fields.String(required=True, validate=validate.Regexp(r"^[0-9a-f]{32}$"))
    hidden = fields.Boolean(required=True)
