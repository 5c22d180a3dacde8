"""The capability self-assessment: a course questionnaire answered at one's own pace, scored
per dimension for the group and each team, and compared with the run before."""
from app.assessment import commands, models, state  # noqa: F401  (registration)
