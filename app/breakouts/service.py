"""Writes for breakouts (start, extend, broadcast, close) and help requests (ask, take,
resolve)."""
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from app.boards.service import opening as boards
from app.breakouts.models import Breakout, HelpRequest
from app.breakouts.schemas import BreakoutBlockSchema
from app.breakouts.state import breakout_view, help_view, running_breakout
from app.core import scopes
from app.core.clock import now
from app.core.commands import Context
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.course.service import item_of_room
from app.extensions import db
from app.people.models import Participant
from app.teams import service as teams
from app.teams.state import active_grouping, active_teams

BLOCK = BreakoutBlockSchema()
DEFAULT_MINUTES = 15


def not_while_running(ctx: Context) -> None:
    """Teams are not replaced under a running breakout."""
    if running_breakout(ctx.room_id) is not None:
        raise Conflict(_("Close the breakout before changing the teams."))


def _block(item) -> dict:
    try:
        return BLOCK.load(item.settings or {})
    except ValidationError as err:
        raise Invalid(_("This agenda item does not describe a valid breakout."),
                      err.messages) from err


def _record_breakout(ctx: Context, type: str, breakout: Breakout, data: dict | None = None):
    db.session.flush()
    view = None if breakout.closed_at else breakout_view(breakout)
    ctx.record(type, {"breakout_id": breakout.id, **(data or {})},
               changes=[("breakout", "current", view)])


def start(ctx: Context, data: dict) -> dict:
    """Teams go to work: with the active teams, or with new ones made for this breakout."""
    if running_breakout(ctx.room_id) is not None:
        raise Conflict(_("A breakout is already running; close it first."))
    block = {"task": "", "team_board": False}
    item_id = data.get("item_id")
    if item_id is not None:
        block = _block(item_of_room(ctx, item_id, ("breakout",),
                                    _("This agenda item is not a breakout.")))
    if "teams" in data:
        teams.make_teams(ctx, data["teams"])
    grouping = active_grouping(ctx.room_id)
    if grouping is None or not active_teams(ctx.room_id):
        raise Conflict(_("Make teams before starting a breakout."))
    minutes = data.get("minutes") or block.get("minutes") or DEFAULT_MINUTES
    breakout = Breakout(room_id=ctx.room_id, item_id=item_id, grouping_id=grouping.id,
                        session_id=ctx.session_id,
                        task=data.get("task", block["task"]).strip(), started_at=now(),
                        seconds=minutes * 60)
    db.session.add(breakout)
    _record_breakout(ctx, "breakout.started", breakout)
    for team in active_teams(ctx.room_id):
        if block["team_board"]:
            boards.ensure_team_board(ctx, item_id, team.id)
        ctx.touch("team_online", str(team.id))
    return {"breakout_id": breakout.id}


def _running(ctx: Context) -> Breakout:
    breakout = running_breakout(ctx.room_id)
    if breakout is None:
        raise Conflict(_("No breakout is running."))
    return breakout


def extend(ctx: Context, minutes: int) -> dict:
    """More time, counted on from the planned end (or from now, when it is already over)."""
    breakout = _running(ctx)
    elapsed = int((now() - breakout.started_at).total_seconds())
    breakout.seconds = max(breakout.seconds, elapsed) + minutes * 60
    _record_breakout(ctx, "breakout.extended", breakout, {"minutes": minutes})
    return {"breakout_id": breakout.id, "seconds": breakout.seconds}


def broadcast(ctx: Context, text: str) -> dict:
    breakout = _running(ctx)
    text = text.strip()
    if not text:
        raise Invalid(_("Write a message."), {"text": [_("Write a message.")]})
    breakout.message, breakout.message_at = text, now()
    _record_breakout(ctx, "breakout.broadcast", breakout)
    return {"breakout_id": breakout.id}


def close(ctx: Context) -> dict:
    """Everyone back to the plenary; open help requests end with the breakout."""
    breakout = _running(ctx)
    breakout.closed_at = now()
    for request in db.session.execute(select(HelpRequest).where(
            HelpRequest.breakout_id == breakout.id, HelpRequest.resolved_at.is_(None))).scalars():
        request.resolved_at = breakout.closed_at
        ctx.record("help.resolved", {"help_id": request.id, "team_id": request.team_id},
                   scope=f"team:{request.team_id}",
                   changes=[("help", str(request.id), None)])
    _record_breakout(ctx, "breakout.closed", breakout)
    return {"breakout_id": breakout.id}


# help requests


def _record_help(ctx: Context, type: str, request: HelpRequest) -> None:
    db.session.flush()
    name = db.session.get(Participant, request.participant_id).name
    view = None if request.resolved_at else help_view(request, name)
    ctx.record(type, {"help_id": request.id, "team_id": request.team_id},
               scope=f"team:{request.team_id}", changes=[("help", str(request.id), view)])


def ask(ctx: Context) -> dict:
    """A participant calls for help for their team during a breakout."""
    breakout = _running(ctx)
    teams = scopes.teams_of(ctx.actor)
    if not teams:
        raise Conflict(_("You are not in a team."))
    team_id = teams[0]
    waiting = db.session.execute(select(HelpRequest.id).where(
        HelpRequest.team_id == team_id, HelpRequest.resolved_at.is_(None))).first()
    if waiting is not None:
        raise Conflict(_("Your team has already asked for help."))
    request = HelpRequest(room_id=ctx.room_id, team_id=team_id, breakout_id=breakout.id,
                          participant_id=ctx.actor.id, asked_at=now())
    db.session.add(request)
    _record_help(ctx, "help.asked", request)
    return {"help_id": request.id, "team_id": team_id}


def _help(ctx: Context, help_id: int) -> HelpRequest:
    request = db.session.get(HelpRequest, help_id)
    if request is None or request.room_id != ctx.room_id or request.resolved_at is not None:
        raise NotFound(_("No such open help request."))
    if not teams.moderates(ctx, request.team_id):
        raise Forbidden(_("This help request is for a team you do not moderate."))
    return request


def take(ctx: Context, help_id: int) -> dict:
    request = _help(ctx, help_id)
    if request.taken_by is not None:
        raise Conflict(_("%(name)s is already on it.", name=request.taken_name))
    request.taken_by, request.taken_name, request.taken_at = (ctx.actor.key, ctx.actor.name,
                                                              now())
    _record_help(ctx, "help.taken", request)
    return {"help_id": request.id}


def resolve(ctx: Context, help_id: int) -> dict:
    request = _help(ctx, help_id)
    request.resolved_at = now()
    _record_help(ctx, "help.resolved", request)
    return {"help_id": request.id}


def help_renamed(ctx: Context, person: Participant) -> None:
    """A new name shows in the open help requests its bearer made."""
    for request in db.session.execute(select(HelpRequest).where(
            HelpRequest.participant_id == person.id, HelpRequest.resolved_at.is_(None))):
        _record_help(ctx, "help.renamed", request[0])
