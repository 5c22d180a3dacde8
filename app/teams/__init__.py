"""Teams and groupings: who is in which team, their roles and their co-facilitators."""
from app.teams import commands, models, state  # noqa: F401  (registration)
