"""Payloads of board commands, and the board settings accepted from course files."""
from flask_babel import gettext as _
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from app.boards.models import COLORS, PHASES, REACTIONS
from app.core.fields import RecordId
from app.course.schemas import BLOCK_READERS

#: longest note text a board may allow; a board's own limit defaults to 280
MAX_TEXT = 2000
COMMENT_LIMIT = 500
MAX_COLUMNS = 12
TITLE = validate.Length(1, 120)
#: YAML 1.1 reads an unquoted Yes / No as a boolean: the two-column board means the words
YAML_WORDS = {True: "Yes", False: "No"}


class BoardSpecSchema(Schema):
    """What a board asks and how it runs: the course file's `board:` block, or a board
    made up live."""

    class Meta:
        unknown = RAISE

    prompt = fields.String(required=True, validate=validate.Length(1, 500))
    columns = fields.List(fields.String(validate=TITLE), load_default=list,
                          validate=validate.Length(max=MAX_COLUMNS))
    #: the id of an earlier board item whose notes this item works on (converge after diverge)
    ref = fields.String(validate=validate.Length(1, 80))
    dot_votes = fields.Integer(strict=True, validate=validate.Range(1, 20))
    vote_cap = fields.Integer(strict=True, validate=validate.Range(1, 20))
    hide_votes = fields.Boolean()
    require_positive_comment = fields.Boolean()
    private_until_reveal = fields.Boolean()
    anonymous = fields.Boolean()
    note_limit = fields.Integer(strict=True, validate=validate.Range(1, 100))
    text_limit = fields.Integer(strict=True, validate=validate.Range(10, MAX_TEXT))

    @validates_schema
    def cap_within_budget(self, data, **_kwargs):
        if data.get("vote_cap", 0) > data.get("dot_votes", 3):
            raise ValidationError({"vote_cap": [_("More than the dot votes per person.")]})


def read_block(block: dict, title: str) -> dict:
    """The board an agenda item's `board:` block describes, the prompt defaulting to the
    item's title; raises ValidationError. Course files are checked with it at import, so
    an item that imported opens."""
    raw = dict(block)
    raw.setdefault("prompt", title)
    if isinstance(raw.get("columns"), list):
        raw["columns"] = [YAML_WORDS.get(c, c) if isinstance(c, bool) else c
                          for c in raw["columns"]]
    return BoardSpecSchema().load(raw)


BLOCK_READERS["board"] = lambda block, item: read_block(block, item["title"])


class BoardRef(Schema):
    board_id = RecordId(required=True)


class NoteRef(Schema):
    note_id = RecordId(required=True)


class OpenItemSchema(Schema):
    item_id = RecordId(required=True)


class OpenTeamSchema(Schema):
    item_id = RecordId(required=True)
    team_id = RecordId(required=True)


class AddColumnSchema(Schema):
    board_id = RecordId(required=True)
    title = fields.String(required=True, validate=TITLE)


class PhaseSchema(Schema):
    board_id = RecordId(required=True)
    phase = fields.String(required=True, validate=validate.OneOf(PHASES))


def _note_text():
    # the board's own limit is checked in the service; this bounds what is parsed at all
    return fields.String(validate=validate.Length(max=MAX_TEXT))


class PostSchema(Schema):
    board_id = RecordId(required=True)
    text = _note_text()
    color = fields.String(load_default="yellow", validate=validate.OneOf(COLORS))
    column = fields.Integer(strict=True, allow_none=True, load_default=None,
                            validate=validate.Range(0, MAX_COLUMNS - 1))


class EditSchema(Schema):
    """Only the fields sent change: last writer wins per field."""

    note_id = RecordId(required=True)
    text = _note_text()
    color = fields.String(validate=validate.OneOf(COLORS))
    #: the version the client edited; a stale one still applies, the ack says so
    version = fields.Integer(strict=True, validate=validate.Range(1, 2**31 - 1))

    @validates_schema
    def something(self, data, **_kwargs):
        if not {"text", "color"} & data.keys():
            raise ValidationError(_("Send the text or the colour."))


class MoveSchema(Schema):
    note_id = RecordId(required=True)
    column = fields.Integer(strict=True, allow_none=True,
                            validate=validate.Range(0, MAX_COLUMNS - 1))
    position = fields.Float(allow_nan=False, validate=validate.Range(-1e9, 1e9))
    version = fields.Integer(strict=True, validate=validate.Range(1, 2**31 - 1))

    @validates_schema
    def somewhere(self, data, **_kwargs):
        if not {"column", "position"} & data.keys():
            raise ValidationError(_("Send the column or the position."))


class ModerateSchema(Schema):
    note_id = RecordId(required=True)
    hidden = fields.Boolean()
    highlighted = fields.Boolean()

    @validates_schema
    def something(self, data, **_kwargs):
        if not {"hidden", "highlighted"} & data.keys():
            raise ValidationError(_("Send hidden or highlighted."))


class ClusterCreateSchema(Schema):
    board_id = RecordId(required=True)
    title = fields.String(required=True, validate=TITLE)


class ClusterRenameSchema(Schema):
    cluster_id = RecordId(required=True)
    title = fields.String(required=True, validate=TITLE)


class ClusterRef(Schema):
    cluster_id = RecordId(required=True)


class ClusterNoteSchema(Schema):
    note_id = RecordId(required=True)
    #: None takes the note out of its cluster
    cluster_id = RecordId(required=True, allow_none=True)


class MergeSchema(Schema):
    note_id = RecordId(required=True)
    duplicate_ids = fields.List(RecordId(), required=True, validate=validate.Length(1, 50))


class CommentSchema(Schema):
    note_id = RecordId(required=True)
    text = fields.String(required=True, validate=validate.Length(max=COMMENT_LIMIT))
    positive = fields.Boolean(load_default=False)


class ReactSchema(Schema):
    note_id = RecordId(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(REACTIONS))
    on = fields.Boolean(required=True)
