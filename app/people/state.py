"""What clients see of people: the roster for staff, presence as a coalesced aggregate."""
from sqlalchemy import select

from app.core.clock import iso
from app.core.models import Room
from app.core.scopes import Actor
from app.core.state import aggregate, snapshot_part
from app.extensions import db
from app.people.models import CoFacilitator, Participant


def participant_view(person: Participant) -> dict:
    return {"id": person.id, "name": person.name, "joined_at": iso(person.joined_at)}


def cofacilitator_view(cohost: CoFacilitator) -> dict:
    return {"id": cohost.id, "name": cohost.name}


@snapshot_part
def roster_part(room: Room, actor: Actor) -> dict[str, dict]:
    if not actor.is_staff:
        return {}
    people = db.session.execute(select(Participant).where(Participant.room_id == room.id))
    cohosts = db.session.execute(select(CoFacilitator).where(CoFacilitator.room_id == room.id))
    return {"participants": {str(p.id): participant_view(p) for p in people.scalars()},
            "cofacilitators": {str(c.id): cofacilitator_view(c) for c in cohosts.scalars()}}


@aggregate("presence", scope="staff")
def presence(room_id: int) -> dict:
    from app.people.service import online_ids

    online = online_ids(room_id)
    return {"online": online, "count": len(online)}
