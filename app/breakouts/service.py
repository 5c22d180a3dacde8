"""Writes for teams (make, move, rename, roles, self-select, activate, moderators),
breakouts (start, extend, broadcast, close) and help requests (ask, take, resolve).

Every team change is recorded in the room scope with the changed teams' views: a
participant or co-facilitator whose own team changed sees it there and asks for a fresh
snapshot, since what it may see changed with it.
"""
import math
import random
from collections.abc import Callable

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import delete, func, select, update

from app.boards.service import opening as boards
from app.breakouts.models import Breakout, Grouping, HelpRequest, Team, TeamMember, TeamModerator
from app.breakouts.schemas import BreakoutBlockSchema
from app.breakouts.state import (
    active_grouping,
    active_teams,
    breakout_view,
    grouping_view,
    help_view,
    running_breakout,
    team_views,
)
from app.core import scopes
from app.core.clock import now
from app.core.commands import Context
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.course.service import item_of_room
from app.extensions import db
from app.people.models import CoFacilitator, Participant

BLOCK = BreakoutBlockSchema()
DEFAULT_MINUTES = 15
#: called in the transaction of every team change, for results kept per team
TEAMS_CHANGED: list[Callable[[Context], None]] = []


# teams


def _record_teams(ctx: Context, type: str, teams: list[Team], data: dict,
                  removed: list[Team] = (), groupings: list[Grouping] = ()) -> None:
    db.session.flush()
    changes = [("groupings", str(g.id), grouping_view(g)) for g in groupings]
    changes += [("teams", str(t.id), None) for t in removed]
    changes += [("teams", key, view) for key, view in team_views(teams).items()]
    ctx.record(type, data, changes=changes)
    for hook in TEAMS_CHANGED:
        hook(ctx)


def _not_during_breakout(ctx: Context) -> None:
    if running_breakout(ctx.room_id) is not None:
        raise Conflict(_("Close the breakout before changing the teams."))


def _participant_ids(room_id: int) -> list[int]:
    return list(db.session.execute(select(Participant.id).where(
        Participant.room_id == room_id).order_by(Participant.id)).scalars())


def _activate(ctx: Context, grouping: Grouping) -> tuple[list[Grouping], list[Team]]:
    """Make `grouping` the one that decides the teams; return what changed."""
    previous = active_grouping(ctx.room_id)
    old_teams = active_teams(ctx.room_id)
    if previous is not None:
        previous.active = False
    grouping.active = True
    return [g for g in (previous, grouping) if g is not None], old_teams


def make_teams(ctx: Context, spec: dict) -> Grouping:
    """A new grouping made active: N teams or teams of about K, filled at random (balanced:
    sizes differ by one at most), left empty, or open for participants to pick."""
    people = _participant_ids(ctx.room_id)
    count = spec.get("count") or max(1, math.ceil(len(people) / spec["size"]))
    self_select = spec["mode"] == "self_select"
    capacity = None
    if self_select:
        capacity = spec.get("capacity") or spec.get("size") or max(
            1, math.ceil(len(people) / count))
    number = db.session.execute(select(func.count()).select_from(Grouping).where(
        Grouping.room_id == ctx.room_id)).scalar_one() + 1
    grouping = Grouping(room_id=ctx.room_id, self_select=self_select, capacity=capacity,
                        label=spec.get("label") or _("Teams %(number)s", number=number),
                        created_at=now())
    db.session.add(grouping)
    db.session.flush()
    teams = [Team(room_id=ctx.room_id, grouping_id=grouping.id, position=i,
                  name=_("Team %(number)s", number=i)) for i in range(1, count + 1)]
    db.session.add_all(teams)
    db.session.flush()
    if spec["mode"] == "random":
        random.SystemRandom().shuffle(people)
        db.session.add_all(TeamMember(team_id=teams[i % count].id, grouping_id=grouping.id,
                                      participant_id=pid) for i, pid in enumerate(people))
    changed, old_teams = _activate(ctx, grouping)
    _record_teams(ctx, "teams.made", teams, {"grouping_id": grouping.id}, old_teams, changed)
    return grouping


def make(ctx: Context, spec: dict) -> dict:
    _not_during_breakout(ctx)
    grouping = make_teams(ctx, spec)
    return {"grouping_id": grouping.id}


def activate(ctx: Context, grouping_id: int) -> dict:
    """Bring back earlier teams (the course teams after a breakout of its own)."""
    grouping = ctx.find(Grouping, grouping_id, _("No such teams in this room."))
    if grouping.active:
        raise Conflict(_("These teams are already the active ones."))
    _not_during_breakout(ctx)
    changed, old_teams = _activate(ctx, grouping)
    teams = list(db.session.execute(select(Team).where(Team.grouping_id == grouping.id)
                                    .order_by(Team.position)).scalars())
    _record_teams(ctx, "teams.activated", teams, {"grouping_id": grouping.id}, old_teams, changed)
    return {"grouping_id": grouping.id}


def _active_team(ctx: Context, team_id: int) -> Team:
    team = ctx.find(Team, team_id, _("No such team in this room."))
    grouping = db.session.get(Grouping, team.grouping_id)
    if not grouping.active:
        raise Conflict(_("This team belongs to teams that are not active now."))
    return team


def _participant(ctx: Context, participant_id: int) -> Participant:
    person = ctx.find(Participant, participant_id, _("No such participant in this room."))
    return person


def _membership(grouping_id: int, participant_id: int) -> TeamMember | None:
    return db.session.execute(select(TeamMember).where(
        TeamMember.grouping_id == grouping_id,
        TeamMember.participant_id == participant_id)).scalar_one_or_none()


def _moderates(ctx: Context, team_id: int) -> bool:
    """The facilitator moderates every team, a co-facilitator those given to them."""
    return ctx.actor.role == "facilitator" or team_id in scopes.teams_of(ctx.actor)


def _place(ctx: Context, team: Team, participant_id: int, type: str) -> dict:
    """Put a participant into a team of the active grouping (out of their old team, with
    their role there left behind)."""
    member = _membership(team.grouping_id, participant_id)
    if member is not None and member.team_id == team.id:
        raise Conflict(_("Already in this team."))
    changed = [team]
    if member is None:
        db.session.add(TeamMember(team_id=team.id, grouping_id=team.grouping_id,
                                  participant_id=participant_id))
    else:
        changed.append(db.session.get(Team, member.team_id))
        member.team_id, member.role = team.id, None
    _record_teams(ctx, type, changed, {"participant_id": participant_id, "team_id": team.id})
    return {"participant_id": participant_id, "team_id": team.id}


def move(ctx: Context, participant_id: int, team_id: int) -> dict:
    """The facilitator moves anyone; a co-facilitator only between teams they moderate."""
    team = _active_team(ctx, team_id)
    _participant(ctx, participant_id)
    member = _membership(team.grouping_id, participant_id)
    if not _moderates(ctx, team.id) or (member is None and ctx.actor.role != "facilitator") or (
            member is not None and not _moderates(ctx, member.team_id)):
        raise Forbidden(_("You may move people only between the teams you moderate."))
    return _place(ctx, team, participant_id, "team.moved")


def join(ctx: Context, team_id: int) -> dict:
    """A participant picks (or switches to) a team, when the teams are open to picking."""
    team = _active_team(ctx, team_id)
    grouping = db.session.get(Grouping, team.grouping_id)
    if not grouping.self_select:
        raise Forbidden(_("The facilitator assigns the teams; you cannot pick one."))
    size = db.session.execute(select(func.count()).select_from(TeamMember).where(
        TeamMember.team_id == team.id)).scalar_one()
    member = _membership(grouping.id, ctx.actor.id)
    if member is not None and member.team_id == team.id:
        raise Conflict(_("Already in this team."))
    if grouping.capacity is not None and size >= grouping.capacity:
        raise Conflict(_("This team is full."))
    return _place(ctx, team, ctx.actor.id, "team.joined")


def rename(ctx: Context, team_id: int, name: str) -> dict:
    team = _active_team(ctx, team_id)
    name = name.strip()
    if not name:
        raise Invalid(_("A team needs a name."), {"name": [_("A team needs a name.")]})
    team.name = name
    _record_teams(ctx, "team.renamed", [team], {"team_id": team.id})
    return {"team_id": team.id, "name": name}


def set_role(ctx: Context, team_id: int, participant_id: int, role: str | None) -> dict:
    """Team facilitator or presenter, one of each per team: set by the facilitator or by
    the team's own members."""
    team = _active_team(ctx, team_id)
    if ctx.actor.role == "participant" and team.id not in scopes.teams_of(ctx.actor):
        raise Forbidden(_("Only the team's own members choose its roles."))
    member = _membership(team.grouping_id, participant_id)
    if member is None or member.team_id != team.id:
        raise NotFound(_("This participant is not in this team."))
    if role is not None:
        db.session.execute(update(TeamMember).where(
            TeamMember.team_id == team.id, TeamMember.role == role).values(role=None))
    member.role = role
    _record_teams(ctx, "team.role_set", [team], {"team_id": team.id,
                                                 "participant_id": participant_id, "role": role})
    return {"team_id": team.id, "participant_id": participant_id, "role": role}


def set_moderators(ctx: Context, team_id: int, cofacilitator_ids: list[int]) -> dict:
    team = _active_team(ctx, team_id)
    wanted = set(cofacilitator_ids)
    known = set(db.session.execute(select(CoFacilitator.id).where(
        CoFacilitator.room_id == ctx.room_id, CoFacilitator.id.in_(wanted))).scalars())
    if known != wanted:
        raise NotFound(_("No such co-facilitator in this room."),
                       {"cofacilitator_ids": sorted(wanted - known)})
    db.session.execute(delete(TeamModerator).where(TeamModerator.team_id == team.id))
    db.session.add_all(TeamModerator(team_id=team.id, cofacilitator_id=c) for c in sorted(wanted))
    _record_teams(ctx, "team.moderators_set", [team], {"team_id": team.id})
    return {"team_id": team.id, "cofacilitator_ids": sorted(wanted)}


def participant_changed(ctx: Context, person: Participant, joined: bool) -> None:
    """A participant joined or changed name: a late joiner goes into the smallest team of
    the active teams (unless participants pick their own); a new name shows in the team;
    someone the facilitator has not placed yet stays unplaced when they rename."""
    grouping = active_grouping(ctx.room_id)
    if grouping is None:
        return
    member = _membership(grouping.id, person.id)
    if member is not None:
        _record_teams(ctx, "team.member_renamed", [db.session.get(Team, member.team_id)],
                      {"participant_id": person.id})
        for request in db.session.execute(select(HelpRequest).where(
                HelpRequest.participant_id == person.id, HelpRequest.resolved_at.is_(None))):
            _record_help(ctx, "help.renamed", request[0])
        return
    if grouping.self_select or not joined:
        return
    size = func.count(TeamMember.id)
    smallest = db.session.execute(
        select(Team).outerjoin(TeamMember, TeamMember.team_id == Team.id)
        .where(Team.grouping_id == grouping.id).group_by(Team.id)
        .order_by(size, Team.position).limit(1)).scalar_one_or_none()
    if smallest is not None:
        _place(ctx, smallest, person.id, "team.joined")


# breakouts


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
        make_teams(ctx, data["teams"])
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
    if not _moderates(ctx, request.team_id):
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
