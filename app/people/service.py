"""Writes for people: accounts, joining, co-facilitators, presence and attendance."""
from collections.abc import Callable
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, event, insert, select, update
from sqlalchemy.orm import Session

from app.core.clock import iso, now
from app.core.commands import Context
from app.core.errors import Conflict, Forbidden, NotFound
from app.core.fanout import touch
from app.core.scopes import Actor
from app.core.sockets import CONNECTED
from app.course.models import CourseSession, SessionRun
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

#: called in the same transaction when a participant is removed, with whether to hide
#: their contributions (boards hide their notes)
REMOVAL_HOOKS: list[Callable[[Context, int, bool], None]] = []
#: called in the same transaction when a participant joins (joined=True) or changes name
#: (joined=False): teams place a late joiner and show the new name
PARTICIPANT_HOOKS: list[Callable[[Context, Participant, bool], None]] = []

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
    for hook in PARTICIPANT_HOOKS:
        hook(ctx, person, True)
    return {"participant_id": person.id, "room_id": ctx.room_id, "code": ctx.room.join_code,
            "token": tokens.issue("participant", ctx.room_id, person.id)}


def rename(ctx: Context, name: str) -> dict:
    person = db.session.get(Participant, ctx.actor.id)
    person.name = name
    ctx.record("participant.renamed", {"participant_id": person.id}, scope="staff",
               changes=[("participants", str(person.id), participant_view(person))])
    for hook in PARTICIPANT_HOOKS:
        hook(ctx, person, False)
    return {"name": name}


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
    for hook in REMOVAL_HOOKS:
        hook(ctx, person.id, hide_notes)
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


def _merge(spans: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """Overlapping stretches (two devices, a quick reconnect) counted once."""
    merged: list[list[datetime]] = []
    for start, stop in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], stop)
        else:
            merged.append([start, stop])
    return [(a, b) for a, b in merged]


def attendance(room_id: int) -> list[dict]:
    """One row per participant and session run they were connected during:
    first joined, last left and total minutes, clipped to the session's run."""
    moment = now()
    runs = db.session.execute(
        select(SessionRun.session_id, CourseSession.title, SessionRun.started_at,
               SessionRun.ended_at)
        .join(CourseSession, CourseSession.id == SessionRun.session_id)
        .where(SessionRun.room_id == room_id).order_by(SessionRun.started_at)).all()
    rows = db.session.execute(
        select(Participant.id, Participant.name, AttendanceSpan.joined_at, AttendanceSpan.left_at)
        .join(AttendanceSpan, AttendanceSpan.participant_id == Participant.id)
        .where(Participant.room_id == room_id).order_by(Participant.id)).all()
    people: dict[int, dict] = {}
    for pid, name, joined, left in rows:
        person = people.setdefault(pid, {"name": name, "spans": []})
        person["spans"].append((joined, left or moment))
    report = []
    for session_id, title, run_start, run_end in runs:
        run_end = run_end or moment
        for pid, person in people.items():
            inside = [(max(a, run_start), min(b, run_end)) for a, b in _merge(person["spans"])
                      if a < run_end and b > run_start]
            if not inside:
                continue
            seconds = sum((b - a).total_seconds() for a, b in inside)
            report.append({"participant_id": pid, "name": person["name"],
                           "session_id": session_id, "session": title,
                           "joined_at": iso(inside[0][0]), "left_at": iso(inside[-1][1]),
                           "minutes": round(seconds / 60, 1)})
    return report


ATTENDANCE_COLUMNS = ["participant_id", "name", "session_id", "session", "joined_at",
                      "left_at", "minutes"]


def has_facilitator() -> bool:
    return db.session.execute(select(Facilitator.id).limit(1)).first() is not None
