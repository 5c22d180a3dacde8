"""Writes for people: accounts, joining, co-facilitators, presence (attendance spans)."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, delete, insert, select, update

from app.core import signals
from app.core.clock import now
from app.core.commands import Context
from app.core.errors import Conflict
from app.core.fanout import touch
from app.core.models import AppliedCommand, RoomEvent
from app.core.redaction import forget_scope, redact_names
from app.core.scopes import Actor
from app.extensions import db
from app.people import tokens
from app.people.models import AttendanceSpan, CoFacilitator, Facilitator, Participant
from app.people.state import cofacilitator_view, participant_view

_hasher = PasswordHasher()
# verified against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password
_DUMMY_HASH = _hasher.hash("not a password")


def create_facilitator(email: str, name: str, password: str) -> Facilitator:
    if len(password) < 10:
        raise ValueError("Use a password of at least 10 characters.")
    email = email.strip().lower()
    account = db.session.execute(
        select(Facilitator).where(Facilitator.email == email)).scalar_one_or_none()
    if account is None:
        account = Facilitator(email=email, name=name)
        db.session.add(account)
    account.password_hash = _hasher.hash(password)
    db.session.commit()
    return account


def check_password(email: str, password: str) -> Facilitator | None:
    account = db.session.execute(
        select(Facilitator).where(Facilitator.email == email.strip().lower())).scalar_one_or_none()
    try:
        _hasher.verify(account.password_hash if account else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    return account


def join(ctx: Context, name: str) -> dict:
    """A new participant in the room; the rejoin token comes back in the result."""
    person = Participant(room_id=ctx.room_id, name=name, joined_at=now())
    db.session.add(person)
    db.session.flush()
    ctx.record("participant.joined", {"participant_id": person.id}, scope="staff",
               changes=[("participants", str(person.id), participant_view(person))])
    signals.participant_joined.send(ctx, person=person)
    return {"participant_id": person.id, "room_id": ctx.room_id, "code": ctx.room.join_code,
            "token": tokens.issue("participant", ctx.room_id, person.id)}


def rename(ctx: Context, name: str) -> dict:
    person = db.session.get(Participant, ctx.actor.id)
    person.name = name
    ctx.record("participant.renamed", {"participant_id": person.id}, scope="staff",
               changes=[("participants", str(person.id), participant_view(person))])
    signals.participant_renamed.send(ctx, person=person)
    return {"name": name}


def _names_in_log(room_id: int, participant_id: int) -> set[str]:
    """Every name the participant went by in this room (joined as, renamed to)."""
    events = db.session.execute(select(RoomEvent.payload).where(
        RoomEvent.room_id == room_id,
        RoomEvent.type.in_(("participant.joined", "participant.renamed")))).scalars()
    return {value["name"] for payload in events
            if payload["data"].get("participant_id") == participant_id
            for collection, _key, value in payload["changes"]
            if collection == "participants" and value}


def erase(ctx: Context, participant_id: int) -> dict:
    """A participant's erasure request: their name, what they wrote and answered, and
    their tokens go; the log keeps its seq and types with the text taken out. Counts that
    name nobody (dots on others' notes, anonymous ballots, attendance) stay."""
    person = ctx.find(Participant, participant_id, _("No such participant in this room."))
    if person.erased_at is not None:
        raise Conflict(_("This participant was erased already."))
    names = _names_in_log(ctx.room_id, person.id) | {person.name}
    signals.participant_erasing.send(ctx, participant_id=person.id)
    person.name, person.erased_at = "", now()
    key = f"participant:{person.id}"
    db.session.execute(delete(AppliedCommand).where(AppliedCommand.room_id == ctx.room_id,
                                                    AppliedCommand.actor == key))
    db.session.flush()
    redact_names(ctx.room_id, names)
    forget_scope(ctx.room_id, key)
    ctx.record("participant.erased", {"participant_id": person.id}, scope="staff",
               changes=[("participants", str(person.id), participant_view(person))])
    signals.participant_renamed.send(ctx, person=person)
    return {"participant_id": person.id}


def accept_cofacilitation(ctx: Context, name: str) -> dict:
    cohost = CoFacilitator(room_id=ctx.room_id, name=name, joined_at=now())
    db.session.add(cohost)
    db.session.flush()
    ctx.record("cofacilitator.joined", {"cofacilitator_id": cohost.id}, scope="staff",
               changes=[("cofacilitators", str(cohost.id), cofacilitator_view(cohost))])
    return {"cofacilitator_id": cohost.id, "room_id": ctx.room_id,
            "token": tokens.issue("cofacilitator", ctx.room_id, cohost.id)}


# presence: one open span per connected participant socket

_open_spans: dict[str, int] = {}
#: written on every connect and disconnect, a thousand at once in a reconnect storm
_OPEN_SPAN = insert(AttendanceSpan).returning(AttendanceSpan.id)
_CLOSE_SPAN = (update(AttendanceSpan).where(AttendanceSpan.id == bindparam("span"))
               .values(left_at=bindparam("left_at")))


def connected(actor: Actor, sid: str) -> None:
    if actor.role != "participant":
        return
    span_id = db.session.connection().execute(_OPEN_SPAN, {
        "room_id": actor.room_id, "participant_id": actor.id, "joined_at": now(),
        "worker": current_app.config["WORKER_NAME"]}).scalar_one()
    db.session.commit()
    _open_spans[sid] = span_id
    touch(actor.room_id, "presence")


def disconnected(actor: Actor, sid: str) -> None:
    span_id = _open_spans.pop(sid, None)
    if span_id is None:
        return
    db.session.connection().execute(_CLOSE_SPAN, {"span": span_id, "left_at": now()})
    db.session.commit()
    touch(actor.room_id, "presence")


def close_stale_spans() -> int:
    """At start-up nobody is connected to this process yet: close what a crash of the
    process that had this slot (host:port) left open."""
    result = db.session.execute(
        update(AttendanceSpan)
        .where(AttendanceSpan.left_at.is_(None),
               AttendanceSpan.worker == current_app.config["WORKER_NAME"])
        .values(left_at=now()))
    db.session.commit()
    return result.rowcount


def has_facilitator() -> bool:
    return db.session.execute(select(Facilitator.id).limit(1)).first() is not None
