"""What clients see of teams, and the spine's team lookup: who is in (or moderates) which
team of the active grouping, asked at the moment an event is sent or a sync is answered."""
from sqlalchemy import select

from app.breakouts.models import Grouping, Team, TeamMember, TeamModerator
from app.core import scopes
from app.core.scopes import Actor
from app.extensions import db


def teams_of(actor: Actor) -> tuple[int, ...]:
    """The teams of the active grouping the actor is in (participant) or moderates
    (co-facilitator); the facilitator sees every team without being in any."""
    if actor.role == "participant":
        query = (select(TeamMember.team_id)
                 .join(Grouping, Grouping.id == TeamMember.grouping_id)
                 .where(TeamMember.participant_id == actor.id, Grouping.active.is_(True)))
    elif actor.role == "cofacilitator":
        query = (select(TeamModerator.team_id)
                 .join(Team, Team.id == TeamModerator.team_id)
                 .join(Grouping, Grouping.id == Team.grouping_id)
                 .where(TeamModerator.cofacilitator_id == actor.id, Grouping.active.is_(True)))
    else:
        return ()
    return tuple(sorted(db.session.execute(query).scalars()))


def team_people(room_id: int, team_id: int) -> list[str]:
    """Personal scopes of a team's members and moderators, if its grouping is active."""
    active = select(Team.id).join(Grouping, Grouping.id == Team.grouping_id).where(
        Team.id == team_id, Team.room_id == room_id, Grouping.active.is_(True))
    members = select(TeamMember.participant_id).where(TeamMember.team_id.in_(active))
    moderators = select(TeamModerator.cofacilitator_id).where(TeamModerator.team_id.in_(active))
    return ([f"participant:{p}" for p in db.session.execute(members).scalars()]
            + [f"cofacilitator:{c}" for c in db.session.execute(moderators).scalars()])


scopes.register_teams(teams_of, team_people)
