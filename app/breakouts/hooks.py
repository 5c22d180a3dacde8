"""Where teams follow people: a late joiner is placed in a team, a new name shows in the
team, and a team's "who is online" follows its members' connections."""
from app.breakouts import service
from app.breakouts.state import running_breakout
from app.core import scopes, sockets
from app.core.fanout import touch
from app.core.scopes import Actor
from app.people import access  # noqa: F401  (presence is recorded by its hooks, added first)
from app.people import service as people


def team_presence(actor: Actor, _sid: str) -> None:
    if actor.role != "participant" or running_breakout(actor.room_id) is None:
        return
    for team_id in scopes.teams_of(actor):
        touch(actor.room_id, "team_online", str(team_id))


people.PARTICIPANT_HOOKS.append(service.participant_changed)
sockets.CONNECT_HOOKS.append(team_presence)
sockets.DISCONNECT_HOOKS.append(team_presence)
