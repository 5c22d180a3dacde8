"""Q&A: participants ask (by name or anonymously), upvote once; the staff approve, answer,
pin and hide. In the plenary, and per team during a breakout."""
from app.questions import commands, state  # noqa: F401  (registration)
