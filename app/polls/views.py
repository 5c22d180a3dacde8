"""Poll results for facilitators: answers to moderate, CSV and JSON exports. Anonymous
polls export answers without any name or id."""
from flask import Blueprint, abort, jsonify
from sqlalchemy import select

from app.core.spreadsheets import csv_response
from app.extensions import db
from app.people.access import facilitator_required
from app.people.models import Participant
from app.polls.models import Poll, PollResponse
from app.polls.state import poll_view, tally

bp = Blueprint("polls", __name__)


def responses(poll: Poll) -> list[PollResponse]:
    return db.session.execute(select(PollResponse).where(PollResponse.poll_id == poll.id)
                              .order_by(PollResponse.answered_at, PollResponse.id)).scalars().all()


def answer_rows(poll: Poll) -> list[dict]:
    """One row per answer, in words: option labels rather than indexes."""
    names = {} if poll.anonymous else dict(db.session.execute(
        select(Participant.id, Participant.name).where(Participant.room_id == poll.room_id)).all())
    spec, rows = poll.spec, []
    for response in responses(poll):
        answer = response.answer
        row = {"response_id": response.id, "hidden": response.hidden}
        if not poll.anonymous:
            row.update(participant_id=response.participant_id,
                       name=names.get(response.participant_id, ""))
        if "choices" in answer:
            labels = spec["options"] + [spec.get("other_option", "")]
            row["answer"] = "; ".join(labels[c] for c in answer["choices"])
            row["other"] = answer.get("other", "")
        elif "value" in answer:
            row["answer"] = spec["scale"][answer["value"]]
        elif "grid" in answer:
            row["answer"] = "; ".join(f"{spec['rows'][int(r)]}: {spec['levels'][v]}"
                                      for r, v in sorted(answer["grid"].items(),
                                                         key=lambda kv: int(kv[0])))
        elif "texts" in answer:
            for number, text in enumerate(answer["texts"], start=1):
                row[f"q{number}"] = text
        else:
            row["answer"] = answer["text"]
        rows.append(row)
    return rows


def _columns(poll: Poll) -> list[str]:
    who = [] if poll.anonymous else ["participant_id", "name"]
    if poll.kind == "evaluation":
        what = [f"q{n}" for n in range(1, len(poll.spec["questions"]) + 1)]
    else:
        what = ["answer", "other"] if poll.kind in ("single", "multiple") else ["answer"]
    return ["response_id", *who, *what, "hidden"]


def _of_room(model, room_id: int, row_id: int):
    """A poll of this room, or 404."""
    row = db.session.get(model, row_id)
    if row is None or row.room_id != room_id:
        abort(404)
    return row


@bp.get("/facilitate/<int:room_id>/polls/<int:poll_id>/answers")
@facilitator_required
def answers(room_id, poll_id):
    """Every answer with its id and hidden flag, for moderating the shared view."""
    return jsonify(answer_rows(_of_room(Poll, room_id, poll_id)))


@bp.get("/facilitate/<int:room_id>/polls/<int:poll_id>.json")
@facilitator_required
def poll_json(room_id, poll_id):
    poll = _of_room(Poll, room_id, poll_id)
    return jsonify(poll=poll_view(poll), results=tally(poll, responses(poll)),
                   answers=answer_rows(poll))


@bp.get("/facilitate/<int:room_id>/polls/<int:poll_id>.csv")
@facilitator_required
def poll_csv(room_id, poll_id):
    poll = _of_room(Poll, room_id, poll_id)
    return csv_response(f"poll-{poll.id}.csv", _columns(poll), answer_rows(poll))
