"""Polls, evaluations, the capability self-assessment and the maturity grid."""
from app.polls import commands, erasure, state  # noqa: F401  (registration)
