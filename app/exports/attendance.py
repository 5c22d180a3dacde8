"""Attendance per session: the union of a participant's connected spans, clipped to each
run of a session. Derived when asked, so nothing splits spans when the session changes."""
from datetime import datetime

from sqlalchemy import select

from app.core.clock import iso, now
from app.course.models import CourseSession, SessionRun
from app.extensions import db
from app.people.models import AttendanceSpan, Participant


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
