"""Room settings: which live features (raising hands, reactions, Q&A, chat …) a room uses."""
from app.settings import commands, state  # noqa: F401
