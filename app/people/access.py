"""Who is asking: the signed-in facilitator over HTTP, and every role on a socket connect."""
from functools import wraps

from flask import redirect, request, session, url_for
from sqlalchemy import bindparam, exists, select

from app.core.models import Room
from app.core.scopes import Actor
from app.extensions import db
from app.people import service, tokens
from app.people.models import CoFacilitator, Facilitator, Participant, Removal


def current_facilitator() -> Facilitator | None:
    account_id = session.get("facilitator_id")
    return db.session.get(Facilitator, account_id) if isinstance(account_id, int) else None


def facilitator_required(view):
    @wraps(view)
    def guarded(*args, **kwargs):
        if current_facilitator() is None:
            return redirect(url_for("people.signin", next=request.path))
        return view(*args, **kwargs)

    return guarded


_ROOM = select(Room.id).where(Room.id == bindparam("room"))
#: a participant or co-facilitator of a room: id and name
_PERSON = {role: select(model.id, model.name).where(model.id == bindparam("id"),
                                                     model.room_id == bindparam("room"))
            for role, model in (("participant", Participant), ("cofacilitator", CoFacilitator))}
_PERSON["participant"] = _PERSON["participant"].where(Participant.erased_at.is_(None))
#: a revoked co-facilitator's token stops working
_PERSON["cofacilitator"] = _PERSON["cofacilitator"].where(CoFacilitator.revoked_at.is_(None))
#: a removed participant's token stops working (until the facilitator readmits them)
_PERSON["participant"] = _PERSON["participant"].where(~exists().where(
    Removal.participant_id == Participant.id, Removal.readmitted_at.is_(None)))


def _room_exists(room_id) -> bool:
    return type(room_id) is int and db.session.connection().execute(
        _ROOM, {"room": room_id}).first() is not None


def actor_from_auth(auth: dict) -> Actor | None:
    """Turn a connect's `auth` payload into an Actor, or None to refuse the connection.

    facilitator: {role, room} plus the signed-in session cookie;
    participant / cofacilitator / projector: {role, token} from their link or join.
    Every device asks again on each reconnect: statements built once, plain rows.
    """
    role = auth.get("role")
    if role == "facilitator":
        account = current_facilitator()
        room_id = auth.get("room")
        if account is None or not _room_exists(room_id):
            return None
        return Actor("facilitator", account.id, room_id, account.name)
    if role not in ("participant", "cofacilitator", "projector"):
        return None
    claim = tokens.read(role, auth.get("token"))
    if claim is None:
        return None
    room_id, subject_id = claim
    if role == "projector":
        current = _room_exists(room_id) and (subject_id or 0) == service.link_generation(
            room_id, "projector")
        return Actor("projector", None, room_id, "projector") if current else None
    person = db.session.connection().execute(
        _PERSON[role], {"id": subject_id, "room": room_id}).one_or_none()
    return None if person is None else Actor(role, person.id, room_id, person.name)

