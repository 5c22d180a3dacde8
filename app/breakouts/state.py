"""What clients see of breakouts and help requests, and who of a team is online while a
breakout runs."""
from flask import g
from sqlalchemy import bindparam, select

from app.breakouts.models import Breakout, HelpRequest
from app.core import scopes
from app.core.clock import iso
from app.core.fanout import touch
from app.core.models import Room
from app.core.scopes import Actor
from app.core.state import aggregate, snapshot_part
from app.extensions import db
from app.people.models import AttendanceSpan, Participant
from app.teams.models import Grouping, Team, TeamMember
from app.teams.state import active_teams


def breakout_view(breakout: Breakout) -> dict:
    return {"id": breakout.id, "item_id": breakout.item_id, "grouping_id": breakout.grouping_id,
            "task": breakout.task, "started_at": iso(breakout.started_at),
            "seconds": breakout.seconds, "message": breakout.message,
            "message_at": iso(breakout.message_at)}


def help_view(request: HelpRequest, name: str) -> dict:
    return {"id": request.id, "team_id": request.team_id,
            "participant_id": request.participant_id, "name": name,
            "asked_at": iso(request.asked_at), "taken_by": request.taken_by,
            "taken_name": request.taken_name, "taken_at": iso(request.taken_at)}


def running_breakout(room_id: int) -> Breakout | None:
    return db.session.execute(select(Breakout).where(
        Breakout.room_id == room_id, Breakout.closed_at.is_(None))).scalar_one_or_none()


_RUNNING = select(Breakout.id).where(Breakout.room_id == bindparam("room"),
                                     Breakout.closed_at.is_(None))


def breakout_runs(room_id: int) -> bool:
    """Whether a breakout runs now, without loading it: asked on every connect."""
    return db.session.connection().execute(_RUNNING, {"room": room_id}).first() is not None


def open_help(room_id: int, team_ids=None) -> dict[str, dict]:
    """Open help requests (of some teams), by id."""
    query = (select(HelpRequest, Participant.name)
             .join(Participant, Participant.id == HelpRequest.participant_id)
             .where(HelpRequest.room_id == room_id, HelpRequest.resolved_at.is_(None)))
    if team_ids is not None:
        query = query.where(HelpRequest.team_id.in_(team_ids))
    return {str(r.id): help_view(r, name) for r, name in db.session.execute(query).all()}


@snapshot_part
def breakouts_part(room: Room, actor: Actor) -> dict[str, dict]:
    running = running_breakout(room.id)
    if actor.role == "facilitator":
        help_requests = open_help(room.id)
    elif actor.role in ("participant", "cofacilitator"):
        help_requests = open_help(room.id, scopes.teams_of(actor))
    else:
        help_requests = {}
    return {"breakout": {"current": breakout_view(running)} if running else {},
            "help": help_requests}


def _team_keys(room_id: int) -> list[str]:
    """Who of a team is online matters only while its breakout runs."""
    if not breakout_runs(room_id):
        return []
    return [str(t.id) for t in active_teams(room_id)]


def _online_members(room_id: int) -> dict[int, list[int]]:
    """Connected members of every active team, read once per app context: a snapshot and
    a flush of the coalescer ask team by team, and 30 teams should not cost 30 queries."""
    cache = g.setdefault("team_online", {})
    if room_id not in cache:
        rows = db.session.execute(
            select(TeamMember.team_id, TeamMember.participant_id).distinct()
            .join(Team, Team.id == TeamMember.team_id)
            .join(Grouping, Grouping.id == Team.grouping_id)
            .join(AttendanceSpan, AttendanceSpan.participant_id == TeamMember.participant_id)
            .where(Team.room_id == room_id, Grouping.active.is_(True),
                   AttendanceSpan.left_at.is_(None)))
        online: dict[int, list[int]] = {}
        for team_id, participant_id in rows:
            online.setdefault(team_id, []).append(participant_id)
        cache[room_id] = {team: sorted(ids) for team, ids in online.items()}
    return cache[room_id]


@aggregate("team_online", keys=_team_keys)
def team_online(room_id: int, key: str) -> tuple[str, dict] | None:
    """The members of a team who are connected now: for the team space during a breakout."""
    return f"team:{key}", {"team_id": int(key),
                           "online": _online_members(room_id).get(int(key), [])}


def team_presence(actor: Actor, sid: str) -> None:
    """A participant's socket came or went: while a breakout runs, their teams' "who is
    online" is due again. On connect the actor comes with its teams looked up already."""
    if actor.role != "participant":
        return
    teams = scopes.teams_of(actor)
    if teams and breakout_runs(actor.room_id):
        for team_id in teams:
            touch(actor.room_id, "team_online", str(team_id))
