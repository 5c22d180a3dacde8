"""Writes for teams: make, move, rename, roles, self-select, activate, moderators.

Every team change is recorded in the room scope with the changed teams' views: a
participant or co-facilitator whose own team changed sees it there and asks for a fresh
snapshot, since what it may see changed with it.
"""
import math
import random

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update

from app.core import scopes, signals
from app.core.clock import now
from app.core.commands import Context
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.extensions import db
from app.people.models import CoFacilitator, Participant
from app.teams.models import Grouping, Team, TeamMember, TeamModerator
from app.teams.state import active_grouping, active_teams, grouping_view, team_views


def _record_teams(ctx: Context, type: str, teams: list[Team], data: dict,
                  removed: list[Team] = (), groupings: list[Grouping] = ()) -> None:
    db.session.flush()
    changes = [("groupings", str(g.id), grouping_view(g)) for g in groupings]
    changes += [("teams", str(t.id), None) for t in removed]
    changes += [("teams", key, view) for key, view in team_views(teams).items()]
    ctx.record(type, data, changes=changes)
    signals.teams_changed.send(ctx)


def _may_change(ctx: Context) -> None:
    """New or earlier teams replace the active ones only when nothing holds on to them (a
    running breakout refuses)."""
    signals.teams_changing.send(ctx)


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
    _may_change(ctx)
    grouping = make_teams(ctx, spec)
    return {"grouping_id": grouping.id}


def activate(ctx: Context, grouping_id: int) -> dict:
    """Bring back earlier teams (the course teams after a breakout of its own)."""
    grouping = ctx.find(Grouping, grouping_id, _("No such teams in this room."))
    if grouping.active:
        raise Conflict(_("These teams are already the active ones."))
    _may_change(ctx)
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


def moderates(ctx: Context, team_id: int) -> bool:
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
    if not moderates(ctx, team.id) or (member is None and ctx.actor.role != "facilitator") or (
            member is not None and not moderates(ctx, member.team_id)):
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


def show_new_name(ctx: Context, person: Participant) -> None:
    """A new name shows in the participant's team; someone the facilitator has not placed
    yet stays unplaced."""
    grouping = active_grouping(ctx.room_id)
    member = None if grouping is None else _membership(grouping.id, person.id)
    if member is not None:
        _record_teams(ctx, "team.member_renamed", [db.session.get(Team, member.team_id)],
                      {"participant_id": person.id})


def place_late_joiner(ctx: Context, person: Participant) -> None:
    """A late joiner goes into the smallest team of the active teams, unless participants
    pick their own."""
    grouping = active_grouping(ctx.room_id)
    if grouping is None or grouping.self_select:
        return
    size = func.count(TeamMember.id)
    smallest = db.session.execute(
        select(Team).outerjoin(TeamMember, TeamMember.team_id == Team.id)
        .where(Team.grouping_id == grouping.id).group_by(Team.id)
        .order_by(size, Team.position).limit(1)).scalar_one_or_none()
    if smallest is not None:
        _place(ctx, smallest, person.id, "team.joined")
