"""Breakouts (teams working apart, with a countdown and messages) and help requests."""
from app.breakouts import commands, models, state  # noqa: F401  (registration)
