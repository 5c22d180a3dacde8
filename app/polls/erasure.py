"""A participant's erasure in polls and the self-assessment: their named answers go (the
tallies are recomputed); anonymous answers name nobody and stay, with their ballots."""
from sqlalchemy import delete, select

from app.core.commands import Context
from app.extensions import db
from app.people import service as people
from app.polls.models import AssessmentAnswer, AssessmentRun, Poll, PollResponse


def erase_participant(ctx: Context, participant_id: int) -> None:
    polls = db.session.execute(select(PollResponse.poll_id).join(
        Poll, Poll.id == PollResponse.poll_id).where(
        Poll.room_id == ctx.room_id, PollResponse.participant_id == participant_id)).scalars()
    for poll_id in set(polls):
        db.session.execute(delete(PollResponse).where(
            PollResponse.poll_id == poll_id, PollResponse.participant_id == participant_id))
        ctx.touch("poll", str(poll_id))
    runs = db.session.execute(select(AssessmentAnswer.run_id).join(
        AssessmentRun, AssessmentRun.id == AssessmentAnswer.run_id).where(
        AssessmentRun.room_id == ctx.room_id,
        AssessmentAnswer.participant_id == participant_id)).scalars()
    for run_id in set(runs):
        db.session.execute(delete(AssessmentAnswer).where(
            AssessmentAnswer.run_id == run_id, AssessmentAnswer.participant_id == participant_id))
        ctx.touch("assessment", str(run_id))
        ctx.touch("assessment_progress", str(run_id))


people.ERASERS.append(erase_participant)
