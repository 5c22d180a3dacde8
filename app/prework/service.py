"""Writes for pre-work: open, create, close, submit, private notes."""
from datetime import timedelta

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from app.core import scopes, signals
from app.core.clock import now
from app.core.commands import Context
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.core.scopes import Actor
from app.course.models import AgendaItem
from app.course.service import item_of_room
from app.extensions import db
from app.prework import uploads
from app.prework.models import PreworkTask, PrivateNote, Submission, Upload
from app.prework.schemas import PreworkBlockSchema
from app.prework.state import (
    note_view,
    submission_view,
    task_view,
    team_key,
)

BLOCK = PreworkBlockSchema()
#: how long an upload may wait to be handed in before it is taken as abandoned
UNSUBMITTED_UPLOAD_AGE = timedelta(days=1)


def _future(due_at):
    """A new task's deadline (naive UTC, see Deadline); one in the past is refused."""
    if due_at is None:
        return None
    if due_at <= now():
        raise Invalid(_("The due date must be in the future."), {"due_at": [_("In the past.")]})
    return due_at


def _record_task(ctx: Context, task: PreworkTask, type: str) -> None:
    db.session.flush()
    ctx.record(type, {"task_id": task.id}, changes=[("prework", str(task.id), task_view(task))])
    ctx.touch("prework", str(task.id))


def _block(item: AgendaItem) -> dict:
    try:
        return BLOCK.load(item.settings or {})
    except ValidationError as err:
        raise Invalid(_("This agenda item does not describe valid pre-work."),
                      err.messages) from err


def open_task(ctx: Context, item_id: int, due_at=None) -> dict:
    """Open the task a prework agenda item describes; once per room."""
    item = item_of_room(ctx, item_id, ("prework",), _("This agenda item is not pre-work."))
    block = _block(item)
    due_at = _future(due_at)
    if db.session.execute(select(PreworkTask.id).where(
            PreworkTask.room_id == ctx.room_id, PreworkTask.item_id == item.id)).first():
        raise Conflict(_("This pre-work is already open."))
    task = PreworkTask(room_id=ctx.room_id, item_id=item.id,
                       session_id=ctx.session_id, title=item.title,
                       audience=block["audience"], deliverable=block["deliverable"],
                       questions=block["questions"], slides_min=block.get("slides_min"),
                       slides_max=block.get("slides_max"), roles=block["roles"],
                       due_at=due_at, due_text=block["due"], status="open", opened_at=now())
    db.session.add(task)
    _record_task(ctx, task, "prework.opened")
    return {"task_id": task.id}


def create_task(ctx: Context, data: dict) -> dict:
    """A task made up live, open at once."""
    task = PreworkTask(room_id=ctx.room_id, item_id=None, session_id=ctx.session_id,
                       title=data["title"].strip(), instructions=data["instructions"].strip(),
                       audience=data["audience"], deliverable=data["deliverable"],
                       questions=data["questions"], roles=[],
                       due_at=_future(data.get("due_at")), status="open", opened_at=now())
    if not task.title:
        raise Invalid(_("A title is needed."), {"title": [_("Empty.")]})
    db.session.add(task)
    _record_task(ctx, task, "prework.opened")
    return {"task_id": task.id}


def _task(ctx: Context, task_id: int) -> PreworkTask:
    task = ctx.find(PreworkTask, task_id, _("No such pre-work in this room."))
    return task


def close_task(ctx: Context, task_id: int) -> dict:
    task = _task(ctx, task_id)
    if task.status != "open":
        raise Conflict(_("This pre-work is already closed."))
    task.status, task.closed_at = "closed", now()
    _record_task(ctx, task, "prework.closed")
    return {"task_id": task.id}


def _answers(task: PreworkTask, answers: list[str]) -> list[str]:
    """One text per question (one free text when there are none), trimmed."""
    expected = max(1, len(task.questions))
    if len(answers) > expected:
        raise Invalid(_("More answers than questions."), {"answers": [_("Too many.")]})
    texts = [a.strip() for a in answers]
    return texts + [""] * (expected - len(texts))


def _open_for_work(ctx: Context, task_id: int) -> PreworkTask:
    task = _task(ctx, task_id)
    if task.status != "open":
        raise Conflict(_("This pre-work is closed."))
    return task


def _owner(ctx: Context, task: PreworkTask, team_id: int | None) -> tuple[str, int | None]:
    """Whose submission this is: the sender's own, or their team's (only their own team)."""
    if task.audience == "individual":
        if team_id is not None:
            raise Invalid(_("This pre-work is individual."), {"team_id": [_("Not used.")]})
        return f"participant:{ctx.actor.id}", None
    mine = scopes.teams_of(ctx.actor)
    if team_id is None:
        if not mine:
            raise Conflict(_("You are not in a team yet; ask the facilitator."))
        team_id = mine[0]
    elif team_id not in mine:
        raise Forbidden(_("You can only hand in for your own team."))
    return f"team:{team_id}", team_id


def submit(ctx: Context, data: dict) -> dict:
    """Hand in answers and/or an uploaded file. A later submission by anyone of the same
    team (or the same participant) replaces the earlier one: the latest counts."""
    task = _open_for_work(ctx, data["task_id"])
    if task.deliverable == "private_notes":
        raise Invalid(_("Private notes are kept with prework.note, not handed in."))
    owner, team_id = _owner(ctx, task, data.get("team_id"))
    answers = _answers(task, data["answers"])
    upload = None
    if "upload_id" in data:
        if task.deliverable != "file":
            raise Invalid(_("This pre-work takes no file."), {"upload_id": [_("Not used.")]})
        upload = db.session.get(Upload, data["upload_id"])
        if upload is None or upload.room_id != ctx.room_id \
                or upload.participant_id != ctx.actor.id:
            raise NotFound(_("No such upload of yours."), {"upload_id": [_("Unknown.")]})
    if task.deliverable == "file" and upload is None:
        raise Invalid(_("Attach a file."), {"upload_id": [_("A file is needed.")]})
    if task.deliverable == "text" and not any(answers):
        raise Invalid(_("An answer is needed."), {"answers": [_("Empty.")]})
    submission = db.session.execute(select(Submission).where(
        Submission.task_id == task.id, Submission.owner == owner)).scalar_one_or_none()
    if submission is None:
        submission = Submission(task_id=task.id, owner=owner, team_id=team_id)
        db.session.add(submission)
    submission.participant_id = ctx.actor.id
    submission.answers = answers
    submission.upload_id = upload.id if upload else None
    submission.submitted_at = now()
    db.session.flush()
    view = submission_view(task, submission)
    if team_id is None:
        ctx.record("prework.submitted", {"task_id": task.id}, scope=owner,
                   changes=[("my_submissions", str(task.id), view)])
    else:
        ctx.record("prework.submitted", {"task_id": task.id, "team_id": team_id}, scope=owner,
                   changes=[("team_submissions", team_key(task.id, team_id), view)])
        signals.team_submitted.send(ctx, task=task)
    ctx.touch("prework", str(task.id))
    return {"task_id": task.id, "team_id": team_id, "submitted_at": view["submitted_at"],
            "late": view["late"]}


def save_note(ctx: Context, data: dict) -> dict:
    """Private notes: stored for their author, sent to nobody else, not even the facilitator."""
    task = _task(ctx, data["task_id"])
    if task.deliverable != "private_notes":
        raise Invalid(_("This pre-work does not take private notes."))
    answers = _answers(task, data["answers"])
    note = db.session.execute(select(PrivateNote).where(
        PrivateNote.task_id == task.id, PrivateNote.participant_id == ctx.actor.id)
    ).scalar_one_or_none()
    if note is None:
        note = PrivateNote(task_id=task.id, participant_id=ctx.actor.id)
        db.session.add(note)
    note.answers, note.updated_at = answers, now()
    db.session.flush()
    ctx.record("prework.noted", {"task_id": task.id}, scope=f"participant:{ctx.actor.id}",
               changes=[("my_notes", str(task.id), note_view(note))])
    return {"task_id": task.id}


# uploads


def upload(actor: Actor, task_id: int | None, content: bytes, filename: str | None) -> Upload:
    """Keep a participant's file for an open file task of their room, until it is handed in
    with `prework.submit` (or pruned). Not a command: nobody sees an upload before it is
    handed in, so there is no event. The row is committed here, after the file is written,
    and the file goes again if the commit fails: no row without its file, no file left
    without its row."""
    task = db.session.get(PreworkTask, task_id) if task_id is not None else None
    if task is None or task.room_id != actor.room_id:
        raise NotFound(_("No such pre-work in this room."), {"task_id": [_("Unknown.")]})
    if task.status != "open":
        raise Conflict(_("This pre-work is closed."))
    if task.deliverable != "file":
        raise Invalid(_("This pre-work takes no file."))
    kind, pages = uploads.detect(content)
    stored = uploads.store(actor.room_id, content)
    row = Upload(room_id=actor.room_id, participant_id=actor.id, stored=stored, kind=kind,
                 size=len(content), name=uploads.clean_name(filename, kind), pages=pages,
                 created_at=now())
    db.session.add(row)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        uploads.remove(actor.room_id, stored)
        raise
    return row


# uploads never handed in


def prune_uploads() -> int:
    """Delete the uploads no submission refers to that are older than a day (uploaded and
    never handed in, or replaced by a later submission); return how many went.

    Each row goes in a transaction of its own that checks again that no submission refers
    to it, and its file only after that commit: a file handed in while this runs stays."""
    not_handed_in = ~select(Submission.id).where(Submission.upload_id == Upload.id).exists()
    abandoned = db.session.execute(select(Upload.id, Upload.room_id, Upload.stored).where(
        Upload.created_at < now() - UNSUBMITTED_UPLOAD_AGE, not_handed_in)
        .order_by(Upload.id)).all()
    db.session.rollback()
    removed = 0
    for upload_id, room_id, stored in abandoned:
        try:
            gone = db.session.execute(delete(Upload).where(
                Upload.id == upload_id, not_handed_in)).rowcount
            db.session.commit()
        except IntegrityError:  # handed in between the check and the delete
            db.session.rollback()
            continue
        if gone:
            uploads.remove(room_id, stored)
            removed += 1
    return removed
