"""Exports that join several domains, for facilitators: the printable report of a session
(its polls and self-assessments) and attendance per session run."""
from flask import Blueprint, jsonify, render_template
from sqlalchemy import select

from app.assessment.models import AssessmentRun
from app.assessment.state import assessment_results
from app.core.models import Room
from app.core.spreadsheets import csv_response
from app.course.models import CourseSession
from app.exports.attendance import ATTENDANCE_COLUMNS, attendance
from app.extensions import db
from app.people.access import facilitator_required
from app.polls.models import Poll
from app.polls.state import tally
from app.polls.views import responses

bp = Blueprint("exports", __name__)


@bp.get("/facilitate/<int:room_id>/sessions/<int:session_id>/report")
@facilitator_required
def session_report(room_id, session_id):
    """Everything asked in one session, ready to print or save as PDF."""
    room = db.get_or_404(Room, room_id)
    session = db.get_or_404(CourseSession, session_id)
    polls = db.session.execute(select(Poll).where(
        Poll.room_id == room.id, Poll.session_id == session.id, Poll.status != "draft")
        .order_by(Poll.opened_at)).scalars().all()
    results = [(poll, tally(poll, responses(poll))) for poll in polls]
    refs = {(item.settings or {}).get("ref") for item in session.items if item.kind == "assessment"}
    runs = db.session.execute(select(AssessmentRun).where(
        AssessmentRun.room_id == room.id, AssessmentRun.key.in_(refs))
        .order_by(AssessmentRun.number)).scalars().all()
    assessments = [(run, assessment_results(room.id, str(run.id))[1]) for run in runs]
    return render_template("session_report.html", room=room, session=session, results=results,
                           assessments=assessments)


@bp.get("/facilitate/<int:room_id>/attendance.csv")
@facilitator_required
def attendance_csv(room_id):
    db.get_or_404(Room, room_id)
    return csv_response(f"attendance-room-{room_id}.csv", ATTENDANCE_COLUMNS,
                        attendance(room_id))


@bp.get("/facilitate/<int:room_id>/attendance.json")
@facilitator_required
def attendance_json(room_id):
    db.get_or_404(Room, room_id)
    return jsonify(attendance(room_id))
