"""Payloads of self-assessment commands."""
from marshmallow import Schema, fields, validate

from app.core.fields import Deadline, RecordId


class AssessmentOpenSchema(Schema):
    item_id = RecordId(required=True)
    #: optional deadline shown to participants; must lie in the future
    due_at = Deadline()


class AssessmentRef(Schema):
    run_id = RecordId(required=True)


class AssessmentSaveSchema(Schema):
    run_id = RecordId(required=True)
    answers = fields.Dict(keys=fields.String(validate=validate.Regexp(r"^\d{1,2}\.\d{1,2}$")),
                          values=fields.Integer(strict=True, validate=validate.Range(0, 6)),
                          required=True, validate=validate.Length(max=400))
    submit = fields.Boolean(load_default=False)
