"""Writes for team presentations: open the queue, reorder it, next team, turn the page."""
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from app.core import scopes
from app.core.clock import now
from app.core.commands import Context
from app.core.errors import Conflict, Forbidden, Invalid
from app.course.models import AgendaItem, CourseSession
from app.course.service import item_of_room
from app.extensions import db
from app.presentations.models import Presentation
from app.presentations.schemas import PresentationBlockSchema
from app.presentations.state import presentation_view
from app.prework.models import PreworkTask
from app.prework.state import active_teams
from app.teams.models import TeamMember

BLOCK = PresentationBlockSchema()


def _record_presentation(ctx: Context, presentation: Presentation, type: str) -> None:
    db.session.flush()
    ctx.record(type, {"presentation_id": presentation.id}, changes=[
        ("presentations", str(presentation.id), presentation_view(presentation))])


def refresh(ctx: Context, task: PreworkTask) -> None:
    """New slides reach a presentation that is still to come or running."""
    for presentation in db.session.execute(select(Presentation).where(
            Presentation.task_id == task.id, Presentation.status != "done")).scalars():
        _record_presentation(ctx, presentation, "presentation.updated")


def _task_of_key(ctx: Context, key: str | None) -> int | None:
    """The room's task opened from the prework item with this id in the course file."""
    if not key:
        return None
    return db.session.execute(
        select(PreworkTask.id).join(AgendaItem, AgendaItem.id == PreworkTask.item_id)
        .join(CourseSession, CourseSession.id == AgendaItem.session_id)
        .where(PreworkTask.room_id == ctx.room_id, AgendaItem.key == key,
               CourseSession.course_id == ctx.room.course_id)).scalar_one_or_none()


def open_presentation(ctx: Context, item_id: int) -> dict:
    """The queue of the active teams, in their order, for a presentation item."""
    item = item_of_room(ctx, item_id, ("presentation",),
                        _("This agenda item is not a team presentation."))
    try:
        block = BLOCK.load(item.settings or {})
    except ValidationError as err:
        raise Invalid(_("This agenda item does not describe valid presentations."),
                      err.messages) from err
    if db.session.execute(select(Presentation.id).where(
            Presentation.room_id == ctx.room_id, Presentation.item_id == item.id)).first():
        raise Conflict(_("These presentations are already set up."))
    teams = active_teams(ctx.room_id)
    if not teams:
        raise Conflict(_("There are no teams yet."))
    presentation = Presentation(room_id=ctx.room_id, item_id=item.id,
                                task_id=_task_of_key(ctx, block.get("prework")),
                                seconds_per_team=block["minutes_per_team"] * 60,
                                queue=[t.id for t in teams], current=None, page=1,
                                status="ready")
    db.session.add(presentation)
    _record_presentation(ctx, presentation, "presentation.opened")
    return {"presentation_id": presentation.id}


def _presentation(ctx: Context, presentation_id: int) -> Presentation:
    presentation = ctx.find(Presentation, presentation_id, _("No such presentation in this room."))
    return presentation


def reorder(ctx: Context, presentation_id: int, queue: list[int]) -> dict:
    """A new order of the same teams; the teams that presented (or present now) stay put."""
    presentation = _presentation(ctx, presentation_id)
    if presentation.status == "done":
        raise Conflict(_("The presentations are over."))
    if sorted(queue) != sorted(presentation.queue):
        raise Invalid(_("The order must list the same teams, each once."),
                      {"queue": [_("Not the same teams.")]})
    fixed = 0 if presentation.current is None else presentation.current + 1
    if queue[:fixed] != presentation.queue[:fixed]:
        raise Conflict(_("Teams that have presented keep their place."))
    presentation.queue = list(queue)
    _record_presentation(ctx, presentation, "presentation.reordered")
    return {"presentation_id": presentation.id}


def next_team(ctx: Context, presentation_id: int) -> dict:
    """The next team's turn starts now (the first, from the start); after the last, done."""
    presentation = _presentation(ctx, presentation_id)
    if presentation.status == "done":
        raise Conflict(_("The presentations are over."))
    upcoming = 0 if presentation.current is None else presentation.current + 1
    if upcoming >= len(presentation.queue):
        presentation.status, presentation.ended_at = "done", now()
        presentation.turn_started_at = None
    else:
        presentation.status, presentation.current = "running", upcoming
        presentation.turn_started_at = now()
    presentation.page = 1
    _record_presentation(ctx, presentation, "presentation.turned")
    return {"presentation_id": presentation.id, "current": presentation.current,
            "status": presentation.status}


def _presenting_team(presentation: Presentation) -> int | None:
    if presentation.status != "running":
        return None
    return presentation.queue[presentation.current]


def turn_page(ctx: Context, presentation_id: int, page: int) -> dict:
    """The facilitator or the presenting team's presenter shows another slide page."""
    presentation = _presentation(ctx, presentation_id)
    team_id = _presenting_team(presentation)
    if team_id is None:
        raise Conflict(_("No team is presenting."))
    if ctx.actor.role == "participant":
        presenter = db.session.execute(select(TeamMember.id).where(
            TeamMember.team_id == team_id, TeamMember.participant_id == ctx.actor.id,
            TeamMember.role == "presenter")).first()
        if presenter is None or team_id not in scopes.teams_of(ctx.actor):
            raise Forbidden(_("Only the presenting team's presenter turns its slides."))
    view = presentation_view(presentation)
    slides = view["queue"][presentation.current]["slides"]
    if slides is None or not slides["pages"]:
        raise Conflict(_("This team's slides have no pages to show."))
    if page > slides["pages"]:
        raise Invalid(_("There is no such page."), {"page": [_("Out of range.")]})
    presentation.page = page
    _record_presentation(ctx, presentation, "presentation.paged")
    return {"presentation_id": presentation.id, "page": page}
