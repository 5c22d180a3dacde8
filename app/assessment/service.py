"""Writes for runs of the capability self-assessment, a questionnaire answered at one's own
pace: open, save answers, submit, close, reveal."""
from flask_babel import gettext as _
from sqlalchemy import select

from app.assessment.models import AssessmentAnswer, AssessmentRun
from app.assessment.state import item_keys, my_assessment_view, run_view
from app.core.clock import now
from app.core.commands import Context
from app.core.errors import Conflict, Invalid
from app.course.models import AgendaItem, Course
from app.course.service import item_of_room
from app.extensions import db


def _questionnaire(ctx: Context, item: AgendaItem) -> dict:
    ref = (item.settings or {}).get("ref")
    extras = db.session.get(Course, ctx.room.course_id).extras or {}
    for questionnaire in extras.get("assessments", []):
        if questionnaire.get("id") == ref:
            return questionnaire
    raise Invalid(_("The course has no questionnaire %(ref)s.", ref=repr(ref)))


def open_assessment(ctx: Context, item_id: int, due_at=None) -> dict:
    """Start a run of the questionnaire an assessment item names; numbered per room."""
    item = item_of_room(ctx, item_id, ("assessment",),
                        _("This agenda item is not an assessment."))
    if due_at is not None:
        if due_at <= now():
            raise Invalid(_("The due date must be in the future."),
                          {"due_at": [_("In the past.")]})
    questionnaire = _questionnaire(ctx, item)
    runs = db.session.execute(select(AssessmentRun).where(
        AssessmentRun.room_id == ctx.room_id, AssessmentRun.key == questionnaire["id"])
    ).scalars().all()
    if any(run.status == "open" for run in runs):
        raise Conflict(_("This assessment is already open."))
    run = AssessmentRun(room_id=ctx.room_id, key=questionnaire["id"], number=len(runs) + 1,
                        item_id=item.id, title=questionnaire.get("title", item.title),
                        scale=questionnaire["scale"], dimensions=questionnaire["dimensions"],
                        due_at=due_at, due_text=(item.settings or {}).get("due", ""),
                        status="open", opened_at=now())
    db.session.add(run)
    _record_run(ctx, run, "assessment.opened")
    return {"run_id": run.id, "number": run.number}


def _record_run(ctx: Context, run: AssessmentRun, type: str) -> None:
    db.session.flush()
    ctx.record(type, {"run_id": run.id}, changes=[("assessments", str(run.id), run_view(run))])
    ctx.touch("assessment", str(run.id))
    ctx.touch("assessment_progress", str(run.id))


def _run(ctx: Context, run_id: int) -> AssessmentRun:
    run = ctx.find(AssessmentRun, run_id, _("No such assessment in this room."))
    return run


def close_assessment(ctx: Context, run_id: int) -> dict:
    run = _run(ctx, run_id)
    if run.status != "open":
        raise Conflict(_("Only an open assessment can be closed."))
    run.status, run.closed_at = "closed", now()
    _record_run(ctx, run, "assessment.closed")
    return {"run_id": run.id}


def reveal_assessment(ctx: Context, run_id: int) -> dict:
    """Show the group's results to everyone (closing the run if it is open)."""
    run = _run(ctx, run_id)
    if run.status == "revealed":
        raise Conflict(_("These results are already shown."))
    run.closed_at = run.closed_at or now()
    run.status, run.revealed_at = "revealed", now()
    _record_run(ctx, run, "assessment.revealed")
    return {"run_id": run.id}


def save_assessment(ctx: Context, data: dict) -> dict:
    """Merge a participant's answers; `submit` marks it done once every item has one."""
    run = _run(ctx, data["run_id"])
    if run.status != "open":
        raise Conflict(_("This assessment is closed."))
    items = item_keys(run)
    wrong = [key for key, value in data["answers"].items()
             if key not in items or value >= len(run.scale)]
    if wrong:
        raise Invalid(_("Some answers do not fit this questionnaire."),
                      {"answers": {key: [_("Not an item or not on the scale.")] for key in wrong}})
    mine = db.session.execute(select(AssessmentAnswer).where(
        AssessmentAnswer.run_id == run.id, AssessmentAnswer.participant_id == ctx.actor.id)
    ).scalar_one_or_none()
    if mine is None:
        mine = AssessmentAnswer(run_id=run.id, participant_id=ctx.actor.id, answers={})
        db.session.add(mine)
    mine.answers = {**mine.answers, **data["answers"]}
    mine.updated_at = now()
    if data["submit"]:
        missing = [key for key in items if key not in mine.answers]
        if missing:
            raise Invalid(_("Answer every statement before submitting (%(n)s left).",
                            n=len(missing)), {"answers": {key: [_("Missing.")] for key in missing}})
        mine.submitted_at = now()
    db.session.flush()
    view = my_assessment_view(run, mine)
    ctx.record("assessment.saved", {"run_id": run.id}, scope=f"participant:{ctx.actor.id}",
               changes=[("my_assessments", str(run.id), view)])
    ctx.touch("assessment_progress", str(run.id))
    if mine.submitted_at:
        ctx.touch("assessment", str(run.id))
    return {"run_id": run.id, "submitted": mine.submitted_at is not None}
