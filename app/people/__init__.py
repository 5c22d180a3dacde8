"""Accounts, join codes, rejoin tokens, roles, presence and attendance."""
from app.people import access, commands, state  # noqa: F401  (registration)
