"""What clients see of pre-work. The same functions build the snapshot
and the changes events carry.

Visibility: tasks are the room's; an individual submission and private
notes are their author's alone (participant:<id>); a team submission is the team's
(team:<id>, which the facilitator also sees). The facilitator's completion table is a
coalesced aggregate of who handed in when, never the content.
"""
from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from app.core import scopes
from app.core.clock import iso
from app.core.models import Room
from app.core.scopes import Actor
from app.core.state import aggregate, snapshot_part
from app.extensions import db
from app.people.models import Participant
from app.prework import uploads
from app.prework.models import PreworkTask, PrivateNote, Submission, Upload
from app.teams.models import Grouping, Team


def task_view(task: PreworkTask) -> dict:
    return {"id": task.id, "item_id": task.item_id, "session_id": task.session_id,
            "title": task.title, "instructions": task.instructions, "for": task.audience,
            "deliverable": task.deliverable, "questions": task.questions,
            "slides_min": task.slides_min, "slides_max": task.slides_max, "roles": task.roles,
            "due_at": iso(task.due_at), "due_text": task.due_text, "status": task.status}


def is_late(task: PreworkTask, submission: Submission) -> bool:
    return task.due_at is not None and submission.submitted_at > task.due_at


def upload_view(upload: Upload | None) -> dict | None:
    if upload is None:
        return None
    return {"id": upload.id, "kind": upload.kind, "name": upload.name, "size": upload.size,
            "pages": uploads.rendered_pages(upload.pages) if upload.pages else None}


def submission_view(task: PreworkTask, submission: Submission) -> dict:
    """A submission as its owner (the participant, or the team's members) sees it."""
    by = db.session.get(Participant, submission.participant_id)
    upload = db.session.get(Upload, submission.upload_id) if submission.upload_id else None
    return {"task_id": task.id, "team_id": submission.team_id,
            "by": submission.participant_id, "by_name": by.name if by else "",
            "answers": submission.answers, "upload": upload_view(upload),
            "submitted_at": iso(submission.submitted_at), "late": is_late(task, submission)}


def team_key(task_id: int, team_id: int) -> str:
    return f"{task_id}:{team_id}"


def note_view(note: PrivateNote) -> dict:
    return {"task_id": note.task_id, "answers": note.answers, "updated_at": iso(note.updated_at)}


@snapshot_part
def prework_part(room: Room, actor: Actor) -> dict[str, dict]:
    tasks = db.session.execute(select(PreworkTask).where(PreworkTask.room_id == room.id)
                               ).scalars().all()
    by_id = {t.id: t for t in tasks}
    part = {"prework": {str(t.id): task_view(t) for t in tasks}}
    if actor.role == "projector" or not by_id:
        return part
    submissions = select(Submission).where(Submission.task_id.in_(by_id))
    if actor.role == "participant":
        mine = db.session.execute(submissions.where(
            Submission.owner == f"participant:{actor.id}")).scalars()
        part["my_submissions"] = {str(s.task_id): submission_view(by_id[s.task_id], s)
                                  for s in mine}
        notes = db.session.execute(select(PrivateNote).where(
            PrivateNote.participant_id == actor.id, PrivateNote.task_id.in_(by_id))).scalars()
        part["my_notes"] = {str(n.task_id): note_view(n) for n in notes}
    teams = None if actor.role == "facilitator" else scopes.teams_of(actor)
    query = submissions.where(Submission.team_id.is_not(None))
    if teams is not None:
        query = query.where(Submission.team_id.in_(teams))
    part["team_submissions"] = {
        team_key(s.task_id, s.team_id): submission_view(by_id[s.task_id], s)
        for s in db.session.execute(query).scalars()}
    return part


def active_teams(room_id: int) -> list[Team]:
    """The teams of the room's active grouping, in their order."""
    return db.session.execute(
        select(Team).join(Grouping, Grouping.id == Team.grouping_id)
        .where(Team.room_id == room_id, Grouping.active.is_(True))
        .order_by(Team.position, Team.id)).scalars().all()


def _task_keys(room_id: int) -> list[str]:
    ids = db.session.execute(select(PreworkTask.id).where(PreworkTask.room_id == room_id))
    return [str(i) for i in ids.scalars()]


@aggregate("prework", keys=_task_keys)
def completion(room_id: int, key: str) -> tuple[str, dict] | None:
    """Who (or which team) handed in, when, late or not, with or without a file: the
    facilitator's completion table. Private notes are not collected: nothing to count."""
    task = db.session.get(PreworkTask, int(key))
    if task is None or task.room_id != room_id:
        return None
    data = {"task_id": task.id, "rows": [], "teams": None}
    if task.audience == "team":
        data["teams"] = [{"id": t.id, "name": t.name} for t in active_teams(room_id)]
    if task.deliverable == "private_notes":
        return "facilitators", data
    rows = db.session.execute(
        select(Submission.owner, Submission.team_id, Submission.participant_id,
               Submission.submitted_at, Submission.upload_id, Submission.answers)
        .where(Submission.task_id == task.id).order_by(Submission.submitted_at)).all()
    data["rows"] = [{"owner": r.owner, "team_id": r.team_id, "by": r.participant_id,
                     "submitted_at": iso(r.submitted_at),
                     "late": task.due_at is not None and r.submitted_at > task.due_at,
                     "upload_id": r.upload_id, "answered": any(a.strip() for a in r.answers)}
                    for r in rows]
    return "facilitators", data


# slides: a team's upload shown to the room during its presentation


def _slides_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"],
                                  salt="workshop-room.slides")


def slides_key(room_id: int, upload_id: int) -> str:
    """Lets everyone in the room fetch one team's slides, once its turn has come."""
    return _slides_signer().dumps({"r": room_id, "u": upload_id})


def read_slides_key(key, room_id: int, upload_id: int) -> bool:
    if not isinstance(key, str) or len(key) > 300:
        return False
    try:
        claim = _slides_signer().loads(
            key, max_age=current_app.config["REJOIN_TOKEN_DAYS"] * 86_400)
    except BadSignature:
        return False
    return claim == {"r": room_id, "u": upload_id}
