"""Who may see what. An event's scope names its audience; Socket.IO rooms mirror the scopes.

Scopes: ``room`` (everyone in the room), ``staff`` (facilitator and co-facilitators),
``facilitators``, ``team:<id>`` (its members, its co-facilitators, the facilitator) and
``participant:<id>`` / ``cofacilitator:<id>`` (that person's own devices, nobody else:
private data stays private).

Team membership changes during a session, so it is never baked into a connection: a team
event is sent to the personal rooms of whoever is in (or moderates) the team at the moment
of sending, and sync asks for the actor's teams at the moment of asking.
"""
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, replace

from flask import current_app
from sqlalchemy import ColumnElement, bindparam, or_

from app.core.models import RoomEvent

ROLES = ("facilitator", "cofacilitator", "participant", "projector")
STAFF = ("facilitator", "cofacilitator")


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting or watching, resolved from credentials at connect time; one is kept
    per open socket, so it carries no per-instance dict."""

    role: str
    id: int | None
    room_id: int
    name: str = ""
    #: set only by pinned(): the teams looked up once for a whole snapshot
    teams: tuple[int, ...] | None = None

    @property
    def key(self) -> str:
        return f"{self.role}:{self.id}"

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF


def pseudonym(actor_key: str) -> str:
    """Who wrote something anonymous, as others see it: stable for one person (their own
    device recognises it), tied to nothing else the room can see, such as ids in a team
    list."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(secret, f"pseudonym:{actor_key}".encode(), hashlib.sha256)
    return "anonymous:" + digest.hexdigest()[:16]


def _no_teams(actor: "Actor") -> tuple[int, ...]:
    return ()


def _no_members(room_id: int, team_id: int) -> list[str]:
    return []


_teams_lookup: Callable[[Actor], tuple[int, ...]] = _no_teams
#: the personal scopes (participant:<id>, cofacilitator:<id>) of a team's people right now
team_people: Callable[[int, int], list[str]] = _no_members


def register_teams(of: Callable[[Actor], tuple[int, ...]],
                   people: Callable[[int, int], list[str]]) -> None:
    """Installed by `create_app` from the teams package: who is in which team."""
    global _teams_lookup, team_people
    _teams_lookup, team_people = of, people


def teams_of(actor: Actor) -> tuple[int, ...]:
    """The teams an actor is in (participant) or moderates (co-facilitator) right now."""
    return _teams_lookup(actor) if actor.teams is None else actor.teams


def pinned(actor: Actor) -> Actor:
    """The actor with its teams looked up once, for work that asks many times in one
    read (a snapshot); a command must not use it, since it may change the teams."""
    return replace(actor, teams=teams_of(actor))


def own_scopes(actor: Actor) -> list[str]:
    """The scopes that follow from who the actor is; fixed for a connection's life."""
    scopes = ["room"]
    if actor.is_staff:
        scopes.append("staff")
    if actor.role == "facilitator":
        scopes.append("facilitators")
    if actor.role in ("participant", "cofacilitator"):
        scopes.append(actor.key)
    return scopes


def scopes_of(actor: Actor) -> list[str]:
    """The scopes an actor sees now, except the facilitator's every-team wildcard."""
    return own_scopes(actor) + [f"team:{team}" for team in teams_of(actor)]


def sees_every_team(actor: Actor) -> bool:
    """The facilitator sees every team's events without being in any team."""
    return actor.role == "facilitator"


def can_see(actor: Actor, scope: str) -> bool:
    if sees_every_team(actor) and scope.startswith("team:"):
        return True
    return scope in scopes_of(actor)


def visible_to(every_team: bool) -> ColumnElement[bool]:
    """SQL filter on RoomEvent matching what can_see() allows, for an actor who does (or
    does not) see every team; the actor's scopes_of() are bound as "scopes". Built once
    into a statement: a reconnect storm asks a thousand times in a few seconds."""
    clause = RoomEvent.scope.in_(bindparam("scopes", expanding=True))
    return or_(clause, RoomEvent.scope.like("team:%")) if every_team else clause


def socket_room(room_id: int, scope: str) -> str:
    return f"{room_id}:{scope}"


def audience(room_id: int, scope: str) -> list[str]:
    """The Socket.IO rooms an event of this scope goes to (a socket in two gets it once)."""
    if scope.startswith("team:"):
        people = team_people(room_id, int(scope.removeprefix("team:")))
        return [socket_room(room_id, s) for s in [*people, "facilitators"]]
    return [socket_room(room_id, scope)]


def socket_rooms_of(actor: Actor) -> list[str]:
    return [socket_room(actor.room_id, scope) for scope in own_scopes(actor)]
