"""Self-assessment results for facilitators: the group's scores as JSON and CSV (individual
answers stay with their authors)."""
from flask import Blueprint, abort, jsonify

from app.assessment.models import AssessmentRun
from app.assessment.state import assessment_progress, assessment_results, run_view
from app.core.spreadsheets import csv_response
from app.extensions import db
from app.people.access import facilitator_required

bp = Blueprint("assessment", __name__)


def _of_room(room_id: int, run_id: int) -> AssessmentRun:
    """An assessment run of this room, or 404."""
    run = db.session.get(AssessmentRun, run_id)
    if run is None or run.room_id != room_id:
        abort(404)
    return run


@bp.get("/facilitate/<int:room_id>/assessments/<int:run_id>.json")
@facilitator_required
def assessment_json(room_id, run_id):
    """The group's scores per dimension (individual answers stay with their authors)."""
    run = _of_room(room_id, run_id)
    return jsonify(run=run_view(run), results=assessment_results(room_id, str(run.id))[1],
                   progress=assessment_progress(room_id, str(run.id))[1])


@bp.get("/facilitate/<int:room_id>/assessments/<int:run_id>.csv")
@facilitator_required
def assessment_csv(room_id, run_id):
    run = _of_room(room_id, run_id)
    results = assessment_results(room_id, str(run.id))[1]
    previous = {d["name"]: d["mean"] for d in results["previous"] or []}
    rows = [{"dimension": d["name"], "mean": d["mean"], "responses": d["n"],
             "previous_mean": previous.get(d["name"], ""),
             **{label: count for label, count in zip(run.scale, d["counts"], strict=True)}}
            for d in results["group"]]
    columns = ["dimension", "mean", "responses", "previous_mean", *run.scale]
    return csv_response(f"assessment-{run.key}-{run.number}.csv", columns, rows)
