"""Chat: the room's chat, and a chat per team while a breakout runs; text only."""
from app.chat import commands, state  # noqa: F401  (registration)
