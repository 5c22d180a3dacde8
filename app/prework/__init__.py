"""Pre-work between sessions (tasks, submissions, uploads, private notes) and team
presentations of what the teams prepared."""
from app.prework import commands, erasure, state  # noqa: F401  (registration)
