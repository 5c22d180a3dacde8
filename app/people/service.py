"""Writes for people: accounts, joining, co-facilitators, presence (attendance spans)."""
from collections.abc import Callable
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, delete, event, insert, select, update
from sqlalchemy.orm import Session

from app.core import signals
from app.core.clock import now
from app.core.commands import Context
from app.core.errors import Conflict, Forbidden, NotFound
from app.core.fanout import touch
from app.core.models import AppliedCommand, RoomEvent
from app.core.redaction import forget_scope, redact_names
from app.core.scopes import Actor
from app.core.sockets import CONNECTED
from app.extensions import db, socketio
from app.people import tokens
from app.people.models import (
    AttendanceSpan,
    CoFacilitator,
    Facilitator,
    Participant,
    Removal,
    RoomLink,
)
from app.people.state import cofacilitator_view, participant_view, removal_view

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


def join(ctx: Context, name: str, device: str | None = None) -> dict:
    """A new participant in the room; the rejoin token comes back in the result. A device
    someone was removed from may not join again until the facilitator readmits them."""
    if device and _removed(ctx.room_id, Removal.device == device) is not None:
        raise Forbidden(_("You were removed from this room. Ask the facilitator to let you "
                          "back in."))
    person = Participant(room_id=ctx.room_id, name=name, device=device, joined_at=now())
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


# removing someone


def _removed(room_id: int, *where) -> Removal | None:
    """The standing removal (not readmitted) of this room that matches."""
    return db.session.execute(select(Removal).where(
        Removal.room_id == room_id, Removal.readmitted_at.is_(None), *where)
        .limit(1)).scalar_one_or_none()


def remove(ctx: Context, participant_id: int, hide_notes: bool) -> dict:
    """Out of the room: their sockets close once this commits, their token stops working,
    their device cannot rejoin under a new name; their notes stay or are hidden."""
    person = ctx.find(Participant, participant_id, _("No such participant."))
    if _removed(ctx.room_id, Removal.participant_id == person.id) is not None:
        raise Conflict(_("This participant has already been removed."))
    removal = Removal(room_id=ctx.room_id, participant_id=person.id, device=person.device,
                      notes_hidden=hide_notes, removed_by=ctx.actor.key, removed_at=now())
    db.session.add(removal)
    db.session.flush()
    ctx.record("participant.removed", {"participant_id": person.id}, scope="staff",
               changes=[("removed", str(person.id), removal_view(removal, person))])
    ctx.record("participant.removed", {"participant_id": person.id},
               scope=f"participant:{person.id}")
    signals.participant_removed.send(ctx, participant_id=person.id, hide=hide_notes)
    _close_after_commit(ctx.room_id, "participant", person.id)
    return {"participant_id": person.id}


def readmit(ctx: Context, participant_id: int) -> dict:
    """The facilitator lets a removed participant back: their link and device work again."""
    removal = _removed(ctx.room_id, Removal.participant_id == participant_id)
    if removal is None:
        raise NotFound(_("This participant is not removed."))
    removal.readmitted_at = now()
    ctx.record("participant.readmitted", {"participant_id": participant_id}, scope="staff",
               changes=[("removed", str(participant_id), None)])
    return {"participant_id": participant_id}


def revoke_cofacilitator(ctx: Context, cofacilitator_id: int) -> dict:
    """A co-facilitator's link stops working and their sockets close."""
    cohost = ctx.find(CoFacilitator, cofacilitator_id, _("No such co-facilitator."))
    if cohost.revoked_at is not None:
        raise Conflict(_("This co-facilitator's link is already revoked."))
    cohost.revoked_at = now()
    ctx.record("cofacilitator.revoked", {"cofacilitator_id": cohost.id}, scope="staff",
               changes=[("cofacilitators", str(cohost.id), None)])
    _close_after_commit(ctx.room_id, "cofacilitator", cohost.id)
    return {"cofacilitator_id": cohost.id}


def link_generation(room_id: int, kind: str) -> int:
    row = db.session.execute(select(RoomLink.generation).where(
        RoomLink.room_id == room_id, RoomLink.kind == kind)).scalar_one_or_none()
    return row or 0


def link_token(room_id: int, kind: str) -> str:
    """The room's current link token of this kind (projector, co-facilitator invitation)."""
    return tokens.issue(kind, room_id, link_generation(room_id, kind))


def renew_link(ctx: Context, kind: str) -> dict:
    """A new link of this kind; every earlier one stops working (open projectors close)."""
    row = db.session.execute(select(RoomLink).where(
        RoomLink.room_id == ctx.room_id, RoomLink.kind == kind)).scalar_one_or_none()
    if row is None:
        row = RoomLink(room_id=ctx.room_id, kind=kind, generation=0)
        db.session.add(row)
    row.generation += 1
    ctx.record("link.renewed", {"kind": kind}, scope="facilitators")
    if kind == "projector":
        _close_after_commit(ctx.room_id, "projector", None)
    return {"kind": kind, "token": tokens.issue(kind, ctx.room_id, row.generation)}


_CLOSE_AFTER_COMMIT = "workshop.close_sockets"


def _close_after_commit(room_id: int, role: str, person_id: int | None) -> None:
    """Mark the sockets of one person (or, with None, every one of that role) in the room
    to be closed once this transaction commits."""
    db.session.info.setdefault(_CLOSE_AFTER_COMMIT, set()).add((room_id, role, person_id))


@event.listens_for(Session, "after_commit")
def _close_removed_sockets(session: Session) -> None:
    """Close the sockets of removed people and revoked links on this process once the
    change is committed (never before: a rolled-back removal closes nothing); on other
    processes their token is refused at the next connect (a removed page also leaves on
    its event)."""
    removed = session.info.pop(_CLOSE_AFTER_COMMIT, None)
    if not removed:
        return
    sids = [sid for sid, connected in list(CONNECTED.items())
            if {(connected.actor.room_id, connected.actor.role, connected.actor.id),
                (connected.actor.room_id, connected.actor.role, None)} & removed]
    # apart from the commit: closing runs the disconnect handlers, which use the database
    socketio.start_background_task(_close, sids)


def _close(sids: list[str]) -> None:
    for sid in sids:
        socketio.server.disconnect(sid)


@event.listens_for(Session, "after_rollback")
def _forget_removed_sockets(session: Session) -> None:
    session.info.pop(_CLOSE_AFTER_COMMIT, None)


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


def close_spans_of_gone_workers(alive: Callable[[list[str]], set[str]],
                                older_than_s: float) -> int:
    """Close the open spans of processes that are not `alive` (their beat ran out); spans
    younger than a beat's lifetime are left alone, as their process may not have beaten
    yet. Their rooms' presence is pushed again."""
    cutoff = now() - timedelta(seconds=older_than_s)
    open_old = (AttendanceSpan.left_at.is_(None), AttendanceSpan.joined_at < cutoff)
    workers = list(db.session.execute(
        select(AttendanceSpan.worker).distinct().where(*open_old)).scalars())
    gone = sorted(set(workers) - alive(workers)) if workers else []
    if not gone:
        db.session.rollback()
        return 0
    rooms = db.session.execute(
        update(AttendanceSpan).where(*open_old, AttendanceSpan.worker.in_(gone))
        .values(left_at=now()).returning(AttendanceSpan.room_id)).scalars().all()
    db.session.commit()
    for room_id in set(rooms):
        touch(room_id, "presence")
    return len(rooms)


def has_facilitator() -> bool:
    return db.session.execute(select(Facilitator.id).limit(1)).first() is not None
