"""Polls, evaluations and the maturity grid."""
from app.polls import commands, state  # noqa: F401  (registration)
