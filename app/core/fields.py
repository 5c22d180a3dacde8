"""Field types shared by every domain's command schemas."""
from datetime import UTC

from marshmallow import fields, validate
from werkzeug.routing import IntegerConverter

#: database ids are positive and fit every backend's integer column
ID_RANGE = validate.Range(min=1, max=2**31 - 1)


def RecordId(**kwargs) -> fields.Integer:  # noqa: N802  (reads like a field class)
    """An id of a row: a strict integer in range, so no driver ever sees 2**70."""
    return fields.Integer(strict=True, validate=ID_RANGE, **kwargs)


class Deadline(fields.AwareDateTime):
    """A date and time with its offset, loaded as naive UTC: the form every deadline is
    stored and compared in. A moment whose UTC form falls off the calendar
    (9999-12-31T23:59:59-14:00) is invalid, not an overflow deep in a service."""

    default_error_messages = {"out_of_range": "Not a date the calendar can hold."}

    def __init__(self, **kwargs):
        super().__init__(default_timezone=None, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return moment.astimezone(UTC).replace(tzinfo=None)
        except (OverflowError, ValueError) as err:
            raise self.make_error("out_of_range") from err


class RecordIdConverter(IntegerConverter):
    """`<int:…>` in every URL: a number past ID_RANGE (2**63, 10**30) matches no route,
    so it is a 404 before any driver sees it (SQLite overflows on it)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", ID_RANGE.max)
        super().__init__(map, *args, **kwargs)
