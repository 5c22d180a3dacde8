"""Attendance per session run, derived from presence spans: clipped to each run, overlaps
counted once, and safe to open in a spreadsheet."""
from datetime import datetime, timedelta

import pytest

from app.core.spreadsheets import csv_text
from app.course.models import SessionRun
from app.exports import attendance
from app.extensions import db
from app.people.models import AttendanceSpan, Participant

T0 = datetime(2030, 1, 1, 10, 0)


def at(hours=0, minutes=0) -> datetime:
    return T0 + timedelta(hours=hours, minutes=minutes)


@pytest.fixture
def attendance_room(app, course, room, monkeypatch):
    """Two session runs (10:00–12:00, and 14:00–still live at 15:00) and four people."""
    monkeypatch.setattr(attendance, "now", lambda: at(5))
    one, two = course.sessions[0], course.sessions[1]
    with app.app_context():
        db.session.add_all([
            SessionRun(room_id=room.id, session_id=one.id, started_at=at(0), ended_at=at(2),
                       current_item_id=one.items[0]),
            SessionRun(room_id=room.id, session_id=two.id, started_at=at(4), ended_at=None,
                       current_item_id=two.items[0], item_shown_at=at(4)),
        ])
        people = {name: Participant(room_id=room.id, name=name, joined_at=at(-1))
                  for name in ("Ana", "Bo", "=HYPERLINK(\"x\")", "Carl")}
        db.session.add_all(people.values())
        db.session.flush()
        spans = {
            "Ana": [(at(0, -10), at(0, 30)), (at(0, 20), at(1)),  # phone and laptop overlap
                    (at(1, 30), at(2, 30)), (at(3), at(4, 30)), (at(4, 45), None)],
            "Bo": [(at(2, 10), at(3, 50))],  # between the two runs
            "=HYPERLINK(\"x\")": [(at(0), at(0, 6))],
            "Carl": [(at(0), at(0, 10)), (at(0, 10), at(0, 20))],  # a quick reconnect
        }
        for name, stretches in spans.items():
            for joined, left in stretches:
                db.session.add(AttendanceSpan(room_id=room.id, participant_id=people[name].id,
                                              joined_at=joined, left_at=left))
        db.session.commit()
        ids = {name: p.id for name, p in people.items()}
        db.session.remove()
    return ids, one, two


def test_attendance_is_clipped_to_each_run_and_counts_overlaps_once(app, room, attendance_room):
    ids, one, two = attendance_room
    with app.app_context():
        report = attendance.attendance(room.id)
    rows = {(r["name"], r["session_id"]): r for r in report}

    assert set(rows) == {("Ana", one.id), ("=HYPERLINK(\"x\")", one.id), ("Carl", one.id),
                         ("Ana", two.id)}
    ana_one = rows[("Ana", one.id)]
    assert ana_one["minutes"] == 90.0  # 10:00–11:00 and 11:30–12:00
    assert (ana_one["joined_at"], ana_one["left_at"]) == ("2030-01-01T10:00:00.000Z",
                                                          "2030-01-01T12:00:00.000Z")
    assert ana_one["session"] == one.title and ana_one["participant_id"] == ids["Ana"]
    ana_two = rows[("Ana", two.id)]
    assert ana_two["minutes"] == 45.0  # 14:00–14:30 and 14:45–now (15:00)
    assert ana_two["left_at"] == "2030-01-01T15:00:00.000Z"
    assert rows[("Carl", one.id)]["minutes"] == 20.0
    assert rows[("=HYPERLINK(\"x\")", one.id)]["minutes"] == 6.0
    assert [r["session_id"] for r in report] == [one.id] * 3 + [two.id]


def test_attendance_csv_neutralises_formulas(app, room, attendance_room):
    with app.app_context():
        text = csv_text(attendance.ATTENDANCE_COLUMNS, attendance.attendance(room.id))
    lines = text.splitlines()
    assert lines[0] == "participant_id,name,session_id,session,joined_at,left_at,minutes"
    assert len(lines) == 5
    formula = [line for line in lines if "HYPERLINK" in line][0]
    assert ",\"'=HYPERLINK(\"\"x\"\")\"," in formula
    assert not any(cell.startswith(("=", "+", "-", "@")) for line in lines
                   for cell in line.split(","))
