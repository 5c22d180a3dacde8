"""What clients see of teams, and the spine's team lookup: who is in (or moderates) which
team of the active grouping, asked at the moment an event is sent or a sync is answered."""
from sqlalchemy import bindparam, select

from app.core.clock import iso
from app.core.models import Room
from app.core.scopes import Actor
from app.core.state import snapshot_part
from app.extensions import db
from app.people.models import CoFacilitator, Participant
from app.teams.models import Grouping, Team, TeamMember, TeamModerator

#: the teams of the active grouping a participant is in, or a co-facilitator moderates
_TEAMS_OF = {
    "participant": select(TeamMember.team_id)
    .join(Grouping, Grouping.id == TeamMember.grouping_id)
    .where(TeamMember.participant_id == bindparam("person"), Grouping.active.is_(True)),
    "cofacilitator": select(TeamModerator.team_id)
    .join(Team, Team.id == TeamModerator.team_id)
    .join(Grouping, Grouping.id == Team.grouping_id)
    .where(TeamModerator.cofacilitator_id == bindparam("person"), Grouping.active.is_(True)),
}


def teams_of(actor: Actor) -> tuple[int, ...]:
    """The teams of the active grouping the actor is in (participant) or moderates
    (co-facilitator); the facilitator sees every team without being in any.

    Asked on every sync and many commands: a statement built once, plain rows."""
    query = _TEAMS_OF.get(actor.role)
    if query is None:
        return ()
    db.session.flush()  # a command's own team changes count, as with any ORM query
    rows = db.session.connection().execute(query, {"person": actor.id})
    return tuple(sorted(rows.scalars()))


def team_people(room_id: int, team_id: int) -> list[str]:
    """Personal scopes of a team's members and moderators, if its grouping is active."""
    active = select(Team.id).join(Grouping, Grouping.id == Team.grouping_id).where(
        Team.id == team_id, Team.room_id == room_id, Grouping.active.is_(True))
    members = select(TeamMember.participant_id).where(TeamMember.team_id.in_(active))
    moderators = select(TeamModerator.cofacilitator_id).where(TeamModerator.team_id.in_(active))
    return ([f"participant:{p}" for p in db.session.execute(members).scalars()]
            + [f"cofacilitator:{c}" for c in db.session.execute(moderators).scalars()])



# what clients see


def grouping_view(grouping: Grouping) -> dict:
    return {"id": grouping.id, "label": grouping.label, "active": grouping.active,
            "self_select": grouping.self_select, "capacity": grouping.capacity,
            "created_at": iso(grouping.created_at)}


def team_views(teams: list[Team]) -> dict[str, dict]:
    """Teams with their members (and roles) and moderators, by id: room-visible, so every
    participant finds their team and its people."""
    if not teams:
        return {}
    ids = [t.id for t in teams]
    members = db.session.execute(
        select(TeamMember.team_id, Participant.id, Participant.name, TeamMember.role)
        .join(Participant, Participant.id == TeamMember.participant_id)
        .where(TeamMember.team_id.in_(ids)).order_by(Participant.name, Participant.id)).all()
    moderators = db.session.execute(
        select(TeamModerator.team_id, CoFacilitator.id, CoFacilitator.name)
        .join(CoFacilitator, CoFacilitator.id == TeamModerator.cofacilitator_id)
        .where(TeamModerator.team_id.in_(ids)).order_by(CoFacilitator.id)).all()
    views = {str(t.id): {"id": t.id, "grouping_id": t.grouping_id, "name": t.name,
                         "position": t.position, "members": [], "moderators": []}
             for t in teams}
    for team_id, pid, name, role in members:
        views[str(team_id)]["members"].append({"id": pid, "name": name, "role": role})
    for team_id, cid, name in moderators:
        views[str(team_id)]["moderators"].append({"id": cid, "name": name})
    return views


def active_grouping(room_id: int) -> Grouping | None:
    return db.session.execute(select(Grouping).where(
        Grouping.room_id == room_id, Grouping.active.is_(True))).scalar_one_or_none()


def active_teams(room_id: int) -> list[Team]:
    return list(db.session.execute(
        select(Team).join(Grouping, Grouping.id == Team.grouping_id)
        .where(Team.room_id == room_id, Grouping.active.is_(True))
        .order_by(Team.position)).scalars())


@snapshot_part
def teams_part(room: Room, actor: Actor) -> dict[str, dict]:
    groupings = db.session.execute(select(Grouping).where(Grouping.room_id == room.id))
    return {"groupings": {str(g.id): grouping_view(g) for g in groupings.scalars()},
            "teams": team_views(active_teams(room.id))}
