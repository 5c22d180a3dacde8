"""Where teams follow people: a late joiner is placed in a team, a new name shows in the
team, and a team's "who is online" follows its members' connections."""
from app.breakouts import service
from app.breakouts.state import breakout_runs
from app.core import scopes, sockets
from app.core.fanout import touch
from app.core.scopes import Actor
from app.people import access  # noqa: F401  (presence is recorded by its hooks, added first)
from app.people import service as people
from app.teams import service as teams


def team_presence(actor: Actor, _sid: str) -> None:
    """Teams first: on connect the actor comes with its teams looked up already."""
    if actor.role != "participant":
        return
    teams = scopes.teams_of(actor)
    if teams and breakout_runs(actor.room_id):
        for team_id in teams:
            touch(actor.room_id, "team_online", str(team_id))


def help_renamed(ctx, person, joined: bool) -> None:
    if not joined:
        service.help_renamed(ctx, person)


people.PARTICIPANT_HOOKS.append(teams.participant_changed)
people.PARTICIPANT_HOOKS.append(help_renamed)
sockets.CONNECT_HOOKS.append(team_presence)
sockets.DISCONNECT_HOOKS.append(team_presence)
