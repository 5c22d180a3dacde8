"""Workshops, sessions, agenda items and slides; import from sessions/*.yaml."""
from app.course import commands, state  # noqa: F401  (registration)
