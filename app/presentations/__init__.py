"""Team presentations: the teams present in turn, each with the slides it prepared as
pre-work, on a clock that survives reloads."""
from app.presentations import commands, models, state  # noqa: F401  (registration)
