"""Field types shared by every domain's command schemas."""
from marshmallow import fields, validate

#: database ids are positive and fit every backend's integer column
ID_RANGE = validate.Range(min=1, max=2**31 - 1)


def RecordId(**kwargs) -> fields.Integer:  # noqa: N802  (reads like a field class)
    """An id of a row: a strict integer in range, so no driver ever sees 2**70."""
    return fields.Integer(strict=True, validate=ID_RANGE, **kwargs)
