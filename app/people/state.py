"""What clients see of people: the roster for staff, presence as a coalesced aggregate."""
from sqlalchemy import select

from app.core.clock import iso
from app.core.models import Room
from app.core.scopes import Actor
from app.core.state import aggregate, snapshot_part
from app.extensions import db
from app.people.models import AttendanceSpan, CoFacilitator, Participant, Removal


def participant_view(person: Participant) -> dict:
    return {"id": person.id, "name": person.name, "joined_at": iso(person.joined_at)}


def removal_view(removal: Removal, person: Participant) -> dict:
    return {"participant_id": person.id, "name": person.name,
            "notes_hidden": removal.notes_hidden, "removed_at": iso(removal.removed_at)}


def cofacilitator_view(cohost: CoFacilitator) -> dict:
    return {"id": cohost.id, "name": cohost.name}


@snapshot_part
def roster_part(room: Room, actor: Actor) -> dict[str, dict]:
    if not actor.is_staff:
        return {}
    people = db.session.execute(select(Participant).where(Participant.room_id == room.id))
    cohosts = db.session.execute(select(CoFacilitator).where(
        CoFacilitator.room_id == room.id, CoFacilitator.revoked_at.is_(None)))
    removed = db.session.execute(select(Removal, Participant).join(
        Participant, Participant.id == Removal.participant_id).where(
        Removal.room_id == room.id, Removal.readmitted_at.is_(None)))
    return {"participants": {str(p.id): participant_view(p) for p in people.scalars()},
            "cofacilitators": {str(c.id): cofacilitator_view(c) for c in cohosts.scalars()},
            "removed": {str(p.id): removal_view(r, p) for r, p in removed}}


def online_ids(room_id: int) -> list[int]:
    rows = db.session.execute(select(AttendanceSpan.participant_id).distinct().where(
        AttendanceSpan.room_id == room_id, AttendanceSpan.left_at.is_(None)))
    return sorted(rows.scalars())


@aggregate("presence")
def presence(room_id: int, _key: None) -> tuple[str, dict]:
    online = online_ids(room_id)
    return "staff", {"online": online, "count": len(online)}
