"""Refusals are answers: a small fixed set of codes, the connection stays up, nothing changes."""
from flask_babel import gettext as _

CODES = ("invalid", "forbidden", "not_found", "conflict", "rate_limited", "too_large",
         "unavailable")


class CommandError(Exception):
    """Raised anywhere below the dispatcher; it rolls the transaction back and becomes the ack."""

    code = "invalid"

    def __init__(self, message: str, fields: dict | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}

    def as_ack(self) -> dict:
        return {"ok": False, "error": {"code": self.code, "message": self.message,
                                       "fields": self.fields}}


class Invalid(CommandError):
    code = "invalid"


class Forbidden(CommandError):
    code = "forbidden"


class NotFound(CommandError):
    code = "not_found"


class Conflict(CommandError):
    code = "conflict"


class RateLimited(CommandError):
    code = "rate_limited"


class TooLarge(CommandError):
    code = "too_large"


class Unavailable(CommandError):
    """The database could not be written within LOCK_TIMEOUT: nothing was kept, and the
    same command id may be sent again later."""

    code = "unavailable"


def waited_too_long(err: Exception) -> bool:
    """A database error that means a lock could not be had in time (SQLite's busy timeout,
    PostgreSQL's lock_timeout), as opposed to a fault."""
    original = getattr(err, "orig", err)
    return (getattr(original, "pgcode", None) == "55P03"
            or "database is locked" in str(original))


def internal_error() -> dict:
    """The ack of a command the server failed on: nothing was committed, retry the id."""
    return {"ok": False, "error": {"code": "internal", "fields": {},
                                   "message": _("The server failed; retry with the same id.")}}
