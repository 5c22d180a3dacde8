"""Pre-work between sessions: tasks, submissions, uploads, private notes."""
from app.prework import commands, state  # noqa: F401  (registration)
