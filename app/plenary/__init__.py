"""The plenary's live tools: raise hand, reactions, the plenary timer, message to everyone."""
from app.plenary import commands, state  # noqa: F401  (registration)
