"""Writes for people: accounts, joining, co-facilitators, presence and attendance."""
from collections.abc import Callable
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import bindparam, insert, select, update

from app.core.clock import iso, now
from app.core.commands import Context
from app.core.fanout import touch
from app.core.scopes import Actor
from app.course.models import CourseSession, SessionRun
from app.extensions import db
from app.people import tokens
from app.people.models import AttendanceSpan, CoFacilitator, Facilitator, Participant
from app.people.state import cofacilitator_view, participant_view

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


def join(ctx: Context, name: str) -> dict:
    """A new participant in the room; the rejoin token comes back in the result."""
    person = Participant(room_id=ctx.room_id, name=name, joined_at=now())
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
