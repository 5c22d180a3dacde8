"""Whiteboards: sticky notes in columns, comments, reactions, dot votes, clusters, and a
private writing phase that the facilitator reveals."""
from app.boards import commands, state  # noqa: F401  (registers commands and snapshot parts)
