"""HTTP for pre-work files: participants upload (multipart, with their rejoin token, as on
the socket), the room sees a presenting team's slide pages, the facilitator downloads one
submission or all of a task's as one zip archive. Downloads are attachments, never shown
inline, and never sniffed."""
import re
import tempfile
import zipfile

from flask import Blueprint, abort, current_app, jsonify, request, send_file
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from app.core.errors import (
    CommandError,
    Forbidden,
    Invalid,
    NotFound,
    RateLimited,
    TooLarge,
)
from app.core.ratelimit import Buckets
from app.core.spreadsheets import csv_text
from app.extensions import db
from app.people.access import actor_from_auth, facilitator_required
from app.people.models import Participant
from app.prework import service, uploads
from app.prework.models import PreworkTask, Submission, Upload
from app.prework.state import is_late, read_slides_key
from app.teams.models import Team

bp = Blueprint("prework", __name__)
#: room for the multipart envelope around the file itself
_ENVELOPE_BYTES = 64 * 1024
#: uploads per participant: a few retries are normal, a loop filling the disk is not
UPLOADS_PER_MINUTE = 12


def _allow_upload(participant_id: int) -> bool:
    buckets = current_app.extensions.setdefault(
        "workshop.uploads", Buckets(UPLOADS_PER_MINUTE / 60, UPLOADS_PER_MINUTE))
    return buckets.allow(str(participant_id))


def _refusal(err: CommandError, status: int):
    return jsonify(err.as_ack()), status


def _participant():
    """The participant whose rejoin token the request carries, as on a socket connect."""
    header = request.headers.get("Authorization", "")
    token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else None
    return actor_from_auth({"role": "participant", "token": token})


def _file_bytes(limit: int) -> tuple[bytes, str | None]:
    """The uploaded file's bytes, refusing anything over `limit` without reading it all."""
    request.max_content_length = limit + _ENVELOPE_BYTES
    if (request.content_length or 0) > limit + _ENVELOPE_BYTES:
        raise TooLarge(_("The file is too large."))
    try:
        upload = request.files.get("file")
    except RequestEntityTooLarge as err:
        raise TooLarge(_("The file is too large.")) from err
    if upload is None:
        raise Invalid(_("Choose a file."), {"file": [_("Missing.")]})
    content = upload.stream.read(limit + 1)
    if len(content) > limit:
        raise TooLarge(_("The file is too large."))
    if not content:
        raise Invalid(_("The file is empty."), {"file": [_("Empty.")]})
    return content, upload.filename


@bp.post("/api/uploads")
def upload():
    """A participant uploads a file for a pre-work task: {task_id, file} as multipart, the
    rejoin token as `Authorization: Bearer …`. The answer's upload id goes into
    `prework.submit`."""
    actor = _participant()
    if actor is None:
        return _refusal(Forbidden(_("Join the room first.")), 403)
    if not _allow_upload(actor.id):
        return _refusal(RateLimited(_("Too many uploads; wait a minute.")), 429)
    try:
        content, filename = _file_bytes(current_app.config["MAX_UPLOAD_BYTES"])
        task_id = request.form.get("task_id", "")
        row = service.upload(actor, int(task_id) if task_id.isdigit() else None, content,
                             filename)
    except TooLarge as err:
        limit = current_app.config["MAX_UPLOAD_BYTES"] // (1024 * 1024)
        err.message = _("The file is too large (at most %(mb)s MB).", mb=limit)
        return _refusal(err, 413)
    except CommandError as err:
        return _refusal(err, 404 if isinstance(err, NotFound) else 400)
    return jsonify({"ok": True, "result": {
        "upload_id": row.id, "kind": row.kind, "name": row.name, "size": row.size,
        "pages": uploads.rendered_pages(row.pages) if row.pages else None}})


def _attachment(row: Upload):
    response = send_file(uploads.path_of(row.room_id, row.stored),
                         mimetype=uploads.MIMETYPES[row.kind], as_attachment=True,
                         download_name=row.name, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _of_room(room_id: int, upload_id: int) -> Upload:
    row = db.session.get(Upload, upload_id)
    if row is None or row.room_id != room_id:
        abort(404)
    return row


@bp.get("/rooms/<int:room_id>/slides/<int:upload_id>/<int:page>.png")
def slide_page(room_id, upload_id, page):
    """One page of the presenting team's PDF as an image, for everyone in the room."""
    if not read_slides_key(request.args.get("key"), room_id, upload_id):
        abort(404)
    row = _of_room(room_id, upload_id)
    if row.kind != "pdf" or not 1 <= page <= uploads.rendered_pages(row.pages or 0):
        abort(404)
    image = uploads.page_png(room_id, row.stored, page)
    if image is None:  # the page shows "cannot be displayed" and offers the download
        return _refusal(TooLarge(_("This page cannot be displayed; download the file.")), 422)
    response = send_file(image, mimetype="image/png", max_age=3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/rooms/<int:room_id>/slides/<int:upload_id>/file")
def slide_file(room_id, upload_id):
    """A team's slides as a download (the only way to see a PowerPoint file)."""
    if not read_slides_key(request.args.get("key"), room_id, upload_id):
        abort(404)
    return _attachment(_of_room(room_id, upload_id))


@bp.get("/facilitate/<int:room_id>/uploads/<int:upload_id>")
@facilitator_required
def upload_download(room_id, upload_id):
    return _attachment(_of_room(room_id, upload_id))


def _folder_name(text: str, fallback: str) -> str:
    """A name that is one safe folder inside the archive, whatever the person typed."""
    cleaned = re.sub(r"[^\w .()-]+", "_", text).strip(" ._")[:60]
    return cleaned or fallback


def _answers_text(task: PreworkTask, answers: list[str]) -> str:
    questions = task.questions or [task.title]
    return "\n\n".join(f"{q}\n{a}" for q, a in zip(questions, answers, strict=False)) + "\n"


@bp.get("/facilitate/<int:room_id>/prework/<int:task_id>.zip")
@facilitator_required
def submissions_zip(room_id, task_id):
    """Every submission of a task (the latest of each participant or team) in one archive:
    a folder per participant or team with the answers and the file, and completion.csv."""
    task = db.session.get(PreworkTask, task_id)
    if task is None or task.room_id != room_id or task.deliverable == "private_notes":
        abort(404)
    names = dict(db.session.execute(select(Participant.id, Participant.name)
                                    .where(Participant.room_id == room_id)).all())
    teams = dict(db.session.execute(select(Team.id, Team.name)
                                    .where(Team.room_id == room_id)).all())
    submissions = db.session.execute(select(Submission).where(Submission.task_id == task.id)
                                     .order_by(Submission.submitted_at)).scalars().all()
    rows = []
    spool = tempfile.TemporaryFile()
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        for submission in submissions:
            who = (teams.get(submission.team_id, "") if submission.team_id
                   else names.get(submission.participant_id, ""))
            folder = f"{submission.owner.replace(':', '-')} {_folder_name(who, '')}".strip()
            upload = db.session.get(Upload, submission.upload_id) if submission.upload_id \
                else None
            if any(a.strip() for a in submission.answers):
                archive.writestr(f"{folder}/answers.txt", _answers_text(task, submission.answers))
            if upload is not None:
                archive.write(uploads.path_of(room_id, upload.stored),
                              f"{folder}/{upload.name}", compress_type=zipfile.ZIP_STORED)
            rows.append({"folder": folder, "team": teams.get(submission.team_id, ""),
                         "submitted_by": names.get(submission.participant_id, ""),
                         "submitted_at": submission.submitted_at.isoformat(timespec="seconds"),
                         "late": "yes" if is_late(task, submission) else "no",
                         "file": upload.name if upload else ""})
        archive.writestr("completion.csv", csv_text(
            ["folder", "team", "submitted_by", "submitted_at", "late", "file"], rows))
    spool.seek(0)
    return send_file(spool, mimetype="application/zip", as_attachment=True,
                     download_name=f"prework-{task.id}.zip", max_age=0)
