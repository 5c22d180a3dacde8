"""One notion of time: naive UTC in the database, ISO 8601 with a Z on the wire."""
from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.isoformat(timespec="milliseconds") + "Z"
