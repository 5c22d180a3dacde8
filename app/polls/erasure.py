"""A participant's erasure in polls: their named answers go (the tallies are recomputed);
anonymous answers name nobody and stay, with their ballots."""
from sqlalchemy import delete, select

from app.core.commands import Context
from app.extensions import db
from app.polls.models import Poll, PollResponse


def erase_participant(ctx: Context, participant_id: int) -> None:
    polls = db.session.execute(select(PollResponse.poll_id).join(
        Poll, Poll.id == PollResponse.poll_id).where(
        Poll.room_id == ctx.room_id, PollResponse.participant_id == participant_id)).scalars()
    for poll_id in set(polls):
        db.session.execute(delete(PollResponse).where(
            PollResponse.poll_id == poll_id, PollResponse.participant_id == participant_id))
        ctx.touch("poll", str(poll_id))
