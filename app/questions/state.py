"""What clients see of Q&A: the questions each may see (an entity in the log), their own
upvotes (private), and the vote counts (coalesced aggregates, never a message per upvote to
everyone): the plenary's in the room's `live` counts, each team's in its own."""
from sqlalchemy import func, or_, select

from app.core.clock import iso
from app.core.models import Room
from app.core.scopes import Actor, pseudonym, teams_of
from app.core.state import aggregate, snapshot_part
from app.extensions import db
from app.plenary.state import live_count
from app.questions.models import Question, QuestionVote

#: questions the whole plenary (or team) sees
LISTED = ("open", "answered")


def question_view(question: Question) -> dict:
    """A question as others see it: an anonymous one carries a pseudonym, not a name."""
    return {"id": question.id, "team_id": question.team_id, "text": question.text,
            "author": None if question.anonymous else question.author_name,
            "by": pseudonym(f"participant:{question.participant_id}")
            if question.anonymous else None,
            "status": question.status, "pinned": question.pinned,
            "created_at": iso(question.created_at)}


def place_scope(question: Question) -> str:
    """The audience of a listed question: the room, or its team."""
    return "room" if question.team_id is None else f"team:{question.team_id}"


def _visible(room_id: int, actor: Actor):
    query = select(Question).where(Question.room_id == room_id, Question.status != "hidden")
    if actor.role == "facilitator":
        return query
    teams = teams_of(actor)
    place = or_(Question.team_id.is_(None), Question.team_id.in_(teams))
    if actor.role == "cofacilitator":
        return query.where(place)
    listed = Question.status.in_(LISTED)
    if actor.role == "participant":
        return query.where(or_(place & listed, (Question.participant_id == actor.id)
                               & (Question.status == "pending")))
    return query.where(Question.team_id.is_(None), listed)


@snapshot_part
def questions_part(room: Room, actor: Actor) -> dict[str, dict]:
    questions = db.session.execute(_visible(room.id, actor).order_by(Question.id)).scalars()
    part = {"questions": {str(q.id): question_view(q) for q in questions}}
    if actor.role == "participant":
        voted = db.session.execute(select(QuestionVote.question_id).join(
            Question, Question.id == QuestionVote.question_id).where(
            Question.room_id == room.id, QuestionVote.participant_id == actor.id)).scalars()
        part["my_upvotes"] = {str(q): True for q in voted}
    return part


def vote_aggregate(question: Question) -> tuple[str, str | None]:
    """The aggregate that counts a question's upvotes: the room's live counts for the
    plenary, the team's own for a team."""
    return ("live", None) if question.team_id is None else ("question_votes",
                                                           str(question.team_id))


def _team_keys(room_id: int) -> list[str]:
    teams = db.session.execute(select(Question.team_id).distinct().where(
        Question.room_id == room_id, Question.team_id.is_not(None))).scalars()
    return [str(t) for t in teams]


@live_count("votes")
def plenary_votes(room_id: int) -> dict:
    return votes_of(room_id, None)


@aggregate("question_votes", keys=_team_keys)
def team_votes(room_id: int, key: str) -> tuple[str, dict]:
    return f"team:{key}", {"votes": votes_of(room_id, int(key))}


def votes_of(room_id: int, team_id: int | None) -> dict:
    """Upvotes of the listed questions of the plenary or of one team, by question id."""
    place = Question.team_id.is_(None) if team_id is None else Question.team_id == team_id
    rows = db.session.execute(
        select(Question.id, func.count(QuestionVote.id))
        .outerjoin(QuestionVote, QuestionVote.question_id == Question.id)
        .where(Question.room_id == room_id, place, Question.status.in_(LISTED))
        .group_by(Question.id)).all()
    return {str(qid): n for qid, n in rows}
