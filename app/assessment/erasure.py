"""A participant's erasure in the self-assessment: their answers go, the group's scores
are recomputed."""
from sqlalchemy import delete, select

from app.assessment.models import AssessmentAnswer, AssessmentRun
from app.core.commands import Context
from app.extensions import db


def erase_participant(ctx: Context, participant_id: int) -> None:
    runs = db.session.execute(select(AssessmentAnswer.run_id).join(
        AssessmentRun, AssessmentRun.id == AssessmentAnswer.run_id).where(
        AssessmentRun.room_id == ctx.room_id,
        AssessmentAnswer.participant_id == participant_id)).scalars()
    for run_id in set(runs):
        db.session.execute(delete(AssessmentAnswer).where(
            AssessmentAnswer.run_id == run_id, AssessmentAnswer.participant_id == participant_id))
        ctx.touch("assessment", str(run_id))
        ctx.touch("assessment_progress", str(run_id))

