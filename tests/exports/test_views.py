"""Exports over HTTP: the printable session report and the attendance files, for the
signed-in facilitator only."""
import sqlalchemy as sa

from app.course.models import AgendaItem
from app.extensions import db
from tests.support import ok, sign_in


def items_of(app, session_id: int, kind: str) -> list[int]:
    with app.app_context():
        ids = db.session.execute(sa.select(AgendaItem.id).where(
            AgendaItem.session_id == session_id, AgendaItem.kind == kind)
            .order_by(AgendaItem.position)).scalars().all()
        db.session.remove()
    return ids


def test_the_session_report_shows_its_polls_and_assessments(app, course, room, people):
    one, two = course.sessions[0], course.sessions[1]
    fac = people.facilitator(room)
    ana = people.participant(room, "Ana")
    ok(fac, "session.start", {"session_id": two.id})
    poll = ok(fac, "poll.open", {"item_id": items_of(app, two.id, "poll")[0]})["result"]
    ok(ana, "poll.answer", {"poll_id": poll["poll_id"], "grid": {"0": 2, "1": 1}})
    ok(fac, "assessment.open", {"item_id": items_of(app, one.id, "assessment")[0]})
    http = sign_in(app, people.account())

    page = http.get(f"/facilitate/{room.id}/sessions/{two.id}/report")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Which level of digital maturity has your country reached" in text
    assert "1 answer" in text
    assert "run 1" in text  # the questionnaire this session debriefs
    empty = http.get(f"/facilitate/{room.id}/sessions/{course.sessions[4].id}/report")
    assert "No poll or evaluation was run in this session." in empty.get_data(as_text=True)
    assert http.get(f"/facilitate/{room.id}/sessions/999999/report").status_code == 404
    assert app.test_client().get(
        f"/facilitate/{room.id}/sessions/{two.id}/report").status_code == 302


def test_attendance_exports_for_the_facilitator(app, course, room, people):
    people.facilitator(room).send("session.start", {"session_id": course.sessions[0].id})
    ana = people.participant(room, "=cmd|' /C calc'!A0")
    people.participant(room, "Bo")
    ana.client.disconnect()
    http = sign_in(app, people.account())

    response = http.get(f"/facilitate/{room.id}/attendance.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0].startswith("participant_id,name,session_id")
    assert len(lines) == 3
    assert "'=cmd" in lines[1] and ",=cmd" not in lines[1]

    rows = http.get(f"/facilitate/{room.id}/attendance.json").get_json()
    assert sorted(r["name"] for r in rows) == ["=cmd|' /C calc'!A0", "Bo"]
    assert {r["session_id"] for r in rows} == {course.sessions[0].id}
    assert http.get("/facilitate/999/attendance.csv").status_code == 404
