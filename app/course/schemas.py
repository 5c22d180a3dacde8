"""The course file format (sessions/*.yaml) and the live-navigation command payloads."""
from collections.abc import Callable

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from app.core.fields import RecordId
from app.course.models import KINDS

SLUG = validate.Regexp(r"^[a-z0-9][a-z0-9-]*$", error="Use lower-case letters, digits and '-'.")

#: how a domain reads the block of its kind, by kind: called with the block and the item
#: at import, it raises ValidationError on what the item could not be opened with later
#: (the boards package registers the `board:` block's)
BLOCK_READERS: dict[str, Callable[[dict, dict], object]] = {}
#: the room features a course file may turn on or off (the settings package names them)
FEATURES: set[str] = set()


def _known_feature(name: str) -> None:
    if name not in FEATURES:
        raise ValidationError(f"Unknown feature {name!r}; known: {', '.join(sorted(FEATURES))}.")


class ItemSchema(Schema):
    class Meta:
        unknown = RAISE

    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    id = fields.String(validate=[validate.Length(1, 80), SLUG])
    title = fields.String(required=True, validate=validate.Length(1, 200))
    minutes = fields.Integer(strict=True, load_default=0, validate=validate.Range(0, 600))
    body = fields.String(load_default="", validate=validate.Length(max=20_000))
    notes = fields.String(load_default="", validate=validate.Length(max=20_000))
    #: a slide's image, by its name in the server's slide image store
    image = fields.String(validate=validate.Regexp(
        r"^[0-9a-f]{64}\.(png|jpg)$", error="Not the name of an uploaded slide image."))
    # each non-slide kind carries one block named like itself; the kind's domain reads it
    poll = fields.Dict()
    board = fields.Dict()
    breakout = fields.Dict()
    evaluation = fields.Dict()
    assessment = fields.Dict()
    prework = fields.Dict()
    presentation = fields.Dict()

    @validates_schema
    def one_block_for_its_kind(self, data, **_):
        for kind in KINDS[1:]:
            if kind in data and data.get("kind") != kind:
                raise ValidationError(f"Only a {kind} item may have a '{kind}' block.", kind)

    @validates_schema
    def image_on_a_slide(self, data, **_):
        if "image" in data and data.get("kind") != "slide":
            raise ValidationError("Only a slide may have an image.", "image")

    @validates_schema
    def block_its_domain_can_read(self, data, **_):
        kind = data["kind"]
        if kind not in BLOCK_READERS:
            return
        try:
            BLOCK_READERS[kind](data.get(kind, {}), data)
        except ValidationError as err:
            raise ValidationError({kind: err.messages}) from err


class SessionSchema(Schema):
    class Meta:
        unknown = RAISE

    title = fields.String(required=True, validate=validate.Length(1, 200))
    minutes = fields.Integer(strict=True, load_default=120, validate=validate.Range(1, 1440))
    items = fields.List(fields.Nested(ItemSchema), required=True,
                        validate=validate.Length(min=1, max=500))


class CourseInfoSchema(Schema):
    class Meta:
        unknown = RAISE

    slug = fields.String(required=True, validate=[validate.Length(1, 80), SLUG])
    title = fields.String(required=True, validate=validate.Length(1, 200))
    language = fields.String(load_default="en", validate=validate.Length(2, 16))
    description = fields.String(load_default="", validate=validate.Length(max=5_000))


class CourseFileSchema(Schema):
    class Meta:
        unknown = RAISE

    course = fields.Nested(CourseInfoSchema, required=True)
    sessions = fields.List(fields.Nested(SessionSchema), required=True,
                           validate=validate.Length(min=1, max=50))
    assessments = fields.List(fields.Dict(), load_default=list)
    #: the live features a room of this course starts with on or off (see app/settings)
    features = fields.Dict(keys=fields.String(validate=_known_feature),
                           values=fields.Boolean(truthy={True}, falsy={False}),
                           load_default=dict)

    @validates_schema
    def unique_item_ids(self, data, **_):
        seen: set[str] = set()
        for s, session in enumerate(data.get("sessions", [])):
            for i, item in enumerate(session.get("items", [])):
                key = item.get("id")
                if key and key in seen:
                    raise ValidationError({"sessions": {s: {"items": {i: {"id": [
                        f"The id {key!r} is used twice."]}}}}})
                if key:
                    seen.add(key)


class SessionStartSchema(Schema):
    session_id = RecordId(required=True)


class AgendaGotoSchema(Schema):
    item_id = RecordId(required=True)


class EmptySchema(Schema):
    """Commands that need no data still refuse unknown fields."""


# Course edits (the editor). Their content is loaded through CourseFileSchema by the
# service, so these check only the command's shape: the messages are the import's.

POSITION = validate.Range(1, 500)


class CourseInfoEditSchema(Schema):
    title = fields.Raw()
    language = fields.Raw()
    description = fields.Raw()


class SessionAddSchema(Schema):
    title = fields.Raw(required=True)
    minutes = fields.Raw(load_default=120)


class SessionEditSchema(Schema):
    session_id = RecordId(required=True)
    title = fields.Raw()
    minutes = fields.Raw()
    #: when the cohort meets; null clears it
    starts_at = fields.AwareDateTime(allow_none=True, default_timezone=None)


class SessionRefSchema(Schema):
    session_id = RecordId(required=True)


class SessionMoveSchema(Schema):
    session_id = RecordId(required=True)
    position = fields.Integer(required=True, strict=True, validate=POSITION)


class ItemAddSchema(Schema):
    session_id = RecordId(required=True)
    #: where in the session (1 = first); the end if absent
    position = fields.Integer(strict=True, validate=POSITION)
    #: the item as in a course file
    item = fields.Dict(required=True)


class ItemEditSchema(Schema):
    item_id = RecordId(required=True)
    item = fields.Dict(required=True)
    #: the item was used in a room already and the facilitator agreed to change it
    confirm = fields.Boolean(load_default=False)


class ItemRefSchema(Schema):
    item_id = RecordId(required=True)


class ItemMoveSchema(Schema):
    item_id = RecordId(required=True)
    position = fields.Integer(required=True, strict=True, validate=POSITION)
    #: another session of the course to move it to
    session_id = RecordId()


class DeckAddSchema(Schema):
    """A slide deck's pages, rendered and kept as slide images, made into slides."""

    session_id = RecordId(required=True)
    title = fields.String(required=True, validate=validate.Length(1, 150))
    pages = fields.List(fields.String(validate=validate.Length(1, 80)), required=True,
                        validate=validate.Length(1, 500))
    position = fields.Integer(strict=True, validate=POSITION)
