"""Who may see what. An event's scope names its audience; Socket.IO rooms mirror the scopes.

Scopes: ``room`` (everyone in the room), ``staff`` (facilitator and co-facilitators),
``facilitators``, ``team:<id>`` (its members, its co-facilitators, the facilitator) and
``participant:<id>`` (that participant's own devices, nobody else: private data stays private).
"""
from dataclasses import dataclass, field

from sqlalchemy import or_

from app.core.models import RoomEvent

ROLES = ("facilitator", "cofacilitator", "participant", "projector")
STAFF = ("facilitator", "cofacilitator")


@dataclass(frozen=True)
class Actor:
    """Who is acting or watching, resolved from credentials at connect time."""

    role: str
    id: int | None
    room_id: int
    name: str = ""
    #: teams the actor belongs to (participant) or moderates (co-facilitator)
    teams: tuple[int, ...] = field(default=())

    @property
    def key(self) -> str:
        return f"{self.role}:{self.id}"

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF


def scopes_of(actor: Actor) -> list[str]:
    """The scopes an actor sees, except the facilitator's every-team wildcard."""
    scopes = ["room"]
    if actor.is_staff:
        scopes.append("staff")
    if actor.role == "facilitator":
        scopes.append("facilitators")
    if actor.role == "participant":
        scopes.append(f"participant:{actor.id}")
    scopes.extend(f"team:{team}" for team in actor.teams)
    return scopes


def can_see(actor: Actor, scope: str) -> bool:
    if actor.role == "facilitator" and scope.startswith("team:"):
        return True
    return scope in scopes_of(actor)


def visible_to(actor: Actor):
    """SQL filter on RoomEvent matching what can_see() allows."""
    clause = RoomEvent.scope.in_(scopes_of(actor))
    if actor.role == "facilitator":
        clause = or_(clause, RoomEvent.scope.like("team:%"))
    return clause


def socket_room(room_id: int, scope: str) -> str:
    return f"{room_id}:{scope}"


def audience(room_id: int, scope: str) -> list[str]:
    """The Socket.IO rooms an event of this scope goes to (a socket in two gets it once)."""
    if scope.startswith("team:"):
        return [socket_room(room_id, scope), socket_room(room_id, "facilitators")]
    return [socket_room(room_id, scope)]


def socket_rooms_of(actor: Actor) -> list[str]:
    return [socket_room(actor.room_id, scope) for scope in scopes_of(actor)]
