"""Payloads of pre-work commands, and the `prework:` block of course files."""
from flask_babel import gettext as _
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from app.core.fields import Deadline, RecordId
from app.course.schemas import BLOCK_READERS
from app.prework.models import AUDIENCES, DELIVERABLES

#: longest answer per question, and most questions per task
ANSWER_LIMIT = 5000
QUESTION_LIMIT = 12


class PreworkBlockSchema(Schema):
    """An agenda item's `prework:` block (sessions/online-course.yaml)."""

    class Meta:
        unknown = RAISE

    # "for" is a Python keyword: read from the file's key
    audience = fields.String(data_key="for", load_default="individual",
                             validate=validate.OneOf(AUDIENCES))
    due = fields.String(load_default="", validate=validate.Length(max=200))
    deliverable = fields.String(load_default="none", validate=validate.OneOf(DELIVERABLES))
    questions = fields.List(fields.String(validate=validate.Length(1, 500)),
                            load_default=list, validate=validate.Length(max=QUESTION_LIMIT))
    slides_min = fields.Integer(strict=True, validate=validate.Range(1, 100))
    slides_max = fields.Integer(strict=True, validate=validate.Range(1, 100))
    roles = fields.List(fields.String(validate=validate.OneOf(("facilitator", "presenter"))),
                        load_default=list)

    @validates_schema
    def slides_in_order(self, data, **_kwargs):
        if data.get("slides_min", 0) > data.get("slides_max", 100):
            raise ValidationError(_("slides_min is more than slides_max."), "slides_min")


# a course file's pre-work blocks are checked at import (and in the editor) as they open
BLOCK_READERS["prework"] = lambda block, item: PreworkBlockSchema().load(block)


class PreworkOpenSchema(Schema):
    item_id = RecordId(required=True)
    #: optional deadline; must lie in the future
    due_at = Deadline()


class PreworkCreateSchema(Schema):
    """A task made up live."""

    title = fields.String(required=True, validate=validate.Length(1, 200))
    instructions = fields.String(load_default="", validate=validate.Length(max=5000))
    audience = fields.String(data_key="for", load_default="individual",
                             validate=validate.OneOf(AUDIENCES))
    deliverable = fields.String(load_default="text", validate=validate.OneOf(DELIVERABLES))
    questions = fields.List(fields.String(validate=validate.Length(1, 500)),
                            load_default=list, validate=validate.Length(max=QUESTION_LIMIT))
    due_at = Deadline()


class TaskRef(Schema):
    task_id = RecordId(required=True)


class SubmitSchema(Schema):
    """A submission: answers, a file uploaded before (its upload id), or both. For a team
    task `team_id` may name the team; it must be the sender's own."""

    task_id = RecordId(required=True)
    answers = fields.List(fields.String(validate=validate.Length(max=ANSWER_LIMIT)),
                          load_default=list, validate=validate.Length(max=QUESTION_LIMIT))
    upload_id = RecordId()
    team_id = RecordId()


class NoteSchema(Schema):
    task_id = RecordId(required=True)
    answers = fields.List(fields.String(validate=validate.Length(max=ANSWER_LIMIT)),
                          required=True, validate=validate.Length(max=QUESTION_LIMIT))
