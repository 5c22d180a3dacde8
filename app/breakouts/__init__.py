"""Teams, breakouts, co-facilitators' teams and help requests."""
from app.breakouts import commands, hooks, models, state  # noqa: F401  (registration)
