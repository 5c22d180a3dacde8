"""Writes for Q&A: ask, upvote, approve, answer, pin, hide.

Question texts travel only inside `changes` (never in an event's `data`), so hiding a
question can take its text out of the log: `redact` rewrites the earlier events' views of
it to deletions, and `sync {since: 0}` no longer carries it.
"""
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.core.clock import now
from app.core.commands import Context
from app.core.errors import Conflict, Forbidden, NotFound, RateLimited
from app.core.models import RoomEvent
from app.core.scopes import teams_of
from app.extensions import db
from app.people.models import Participant
from app.questions.models import Question, QuestionVote
from app.questions.state import LISTED, place_scope, question_view, vote_aggregate
from app.settings.service import enabled, require

#: a participant's questions within ASK_WINDOW
ASK_LIMIT = 3
ASK_WINDOW = timedelta(minutes=1)
EVENT_TYPES = ("question.asked", "question.approved", "question.answered", "question.pinned",
               "question.hidden")


def _record(ctx: Context, type: str, questions: list[Question], scope: str) -> None:
    db.session.flush()
    ctx.record(type, {"question_id": questions[0].id}, scope=scope,
               changes=[("questions", str(q.id), question_view(q)) for q in questions])


def _record_pending(ctx: Context, type: str, question: Question, view: dict | None) -> None:
    """A question waiting for approval: the staff and its author see it, nobody else."""
    for scope in ("staff", f"participant:{question.participant_id}"):
        ctx.record(type, {"question_id": question.id}, scope=scope,
                   changes=[("questions", str(question.id), view)])


def ask(ctx: Context, data: dict) -> dict:
    require(ctx.room_id, "questions")
    if data["anonymous"] and not enabled(ctx.room_id, "anonymous_questions"):
        raise Forbidden(_("This room does not take anonymous questions."))
    team_id = data["team_id"]
    if team_id is not None and team_id not in teams_of(ctx.actor):
        raise Forbidden(_("You can ask only in your own team."))
    moment = now()
    recent = db.session.execute(select(func.count()).select_from(Question).where(
        Question.participant_id == ctx.actor.id,
        Question.created_at > moment - ASK_WINDOW)).scalar_one()
    if recent >= ASK_LIMIT:
        raise RateLimited(_("You have asked several questions just now; wait a moment."))
    moderated = team_id is None and enabled(ctx.room_id, "moderated_questions")
    author = db.session.get(Participant, ctx.actor.id)
    question = Question(room_id=ctx.room_id, session_id=ctx.session_id, team_id=team_id,
                        participant_id=ctx.actor.id, anonymous=data["anonymous"],
                        author_name="" if data["anonymous"] else author.name,
                        text=data["text"].strip(), created_at=moment,
                        status="pending" if moderated else "open")
    db.session.add(question)
    db.session.flush()
    if moderated:
        _record_pending(ctx, "question.asked", question, question_view(question))
    else:
        _record(ctx, "question.asked", [question], place_scope(question))
        ctx.touch(*vote_aggregate(question))
    return {"question_id": question.id, "status": question.status}


def _question(ctx: Context, question_id: int) -> Question:
    """A question the actor may act on: a co-facilitator only in the plenary or their teams."""
    question = ctx.find(Question, question_id, _("No such question."))
    if question.status == "hidden":
        raise NotFound(_("No such question."))
    if ctx.actor.role == "cofacilitator" and question.team_id is not None \
            and question.team_id not in teams_of(ctx.actor):
        raise Forbidden(_("This question is in a team you do not moderate."))
    return question


def upvote(ctx: Context, question_id: int) -> dict:
    """Once per person, never one's own; the counts go out coalesced."""
    question = ctx.find(Question, question_id, _("No such question."))
    visible = question.team_id is None or question.team_id in teams_of(ctx.actor)
    if question.status not in LISTED or not visible:
        raise NotFound(_("No such question."))
    if question.participant_id == ctx.actor.id:
        raise Conflict(_("You cannot upvote your own question."))
    voted = db.session.execute(select(QuestionVote.id).where(
        QuestionVote.question_id == question.id,
        QuestionVote.participant_id == ctx.actor.id)).first()
    if voted:
        raise Conflict(_("You have already upvoted this question."))
    db.session.add(QuestionVote(question_id=question.id, participant_id=ctx.actor.id,
                                created_at=now()))
    ctx.record("question.upvoted", {"question_id": question.id},
               scope=f"participant:{ctx.actor.id}",
               changes=[("my_upvotes", str(question.id), True)])
    ctx.touch(*vote_aggregate(question))
    return {"question_id": question.id}


def approve(ctx: Context, question_id: int) -> dict:
    question = _question(ctx, question_id)
    if question.status != "pending":
        raise Conflict(_("Only a waiting question can be approved."))
    question.status = "open"
    _record(ctx, "question.approved", [question], place_scope(question))
    ctx.touch(*vote_aggregate(question))
    return {"question_id": question.id}


def answer(ctx: Context, question_id: int) -> dict:
    question = _question(ctx, question_id)
    if question.status != "open":
        raise Conflict(_("Only an open question can be marked answered."))
    question.status = "answered"
    question.pinned = False
    _record(ctx, "question.answered", [question], place_scope(question))
    return {"question_id": question.id}


def pin(ctx: Context, question_id: int, pinned: bool) -> dict:
    """One pinned question per plenary or team: pinning another unpins it."""
    question = _question(ctx, question_id)
    if question.status != "open":
        raise Conflict(_("Only an open question can be pinned."))
    changed = [question]
    if pinned:
        place = (Question.team_id.is_(None) if question.team_id is None
                 else Question.team_id == question.team_id)
        for other in db.session.execute(select(Question).where(
                Question.room_id == ctx.room_id, place, Question.pinned.is_(True),
                Question.id != question.id)).scalars():
            other.pinned = False
            changed.append(other)
    question.pinned = pinned
    _record(ctx, "question.pinned", changed, place_scope(question))
    return {"question_id": question.id}


def hide(ctx: Context, question_id: int) -> dict:
    """Gone for everyone, and its text gone from the log (see `redact`)."""
    question = _question(ctx, question_id)
    pending = question.status == "pending"
    question.status, question.pinned = "hidden", False
    redact(ctx.room_id, question.id)
    if pending:
        _record_pending(ctx, "question.hidden", question, None)
    else:
        ctx.record("question.hidden", {"question_id": question.id}, scope=place_scope(question),
                   changes=[("questions", str(question.id), None)])
        ctx.touch(*vote_aggregate(question))
    return {"question_id": question.id}


def redact(room_id: int, question_id: int) -> int:
    """Rewrite the logged views of a hidden question to deletions, so that nobody reads
    its text through `sync` afterwards; folding the log still ends in the same state,
    since the hiding event deletes it anyway. Returns the events rewritten."""
    key = str(question_id)
    rewritten = 0
    events = db.session.execute(select(RoomEvent).where(
        RoomEvent.room_id == room_id, RoomEvent.type.in_(EVENT_TYPES))).scalars()
    for event in events:
        changes = event.payload.get("changes", [])
        if not any(c[0] == "questions" and c[1] == key and c[2] for c in changes):
            continue
        event.payload = {**event.payload, "changes": [
            [c[0], c[1], None] if c[0] == "questions" and c[1] == key else c for c in changes]}
        rewritten += 1
    return rewritten
