"""Teams, breakouts, co-facilitators' teams and help requests."""
from app.breakouts import models  # noqa: F401  (registration)
