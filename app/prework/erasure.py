"""A participant's erasure in the pre-work: their private notes, their own submissions and
the files they uploaded for them go. What they handed in for their team is the team's and
stays."""
from sqlalchemy import delete, select

from app.core.commands import Context
from app.extensions import db
from app.prework import uploads
from app.prework.models import PreworkTask, PrivateNote, Submission, Upload


def erase_participant(ctx: Context, participant_id: int) -> None:
    tasks = select(PreworkTask.id).where(PreworkTask.room_id == ctx.room_id)
    db.session.execute(delete(PrivateNote).where(PrivateNote.task_id.in_(tasks),
                                                 PrivateNote.participant_id == participant_id))
    own = db.session.execute(select(Submission).where(
        Submission.task_id.in_(tasks),
        Submission.owner == f"participant:{participant_id}")).scalars().all()
    for submission in own:
        db.session.delete(submission)
        ctx.touch("prework", str(submission.task_id))
    db.session.flush()
    kept = select(Submission.upload_id).where(Submission.upload_id.is_not(None))
    files = db.session.execute(select(Upload).where(
        Upload.room_id == ctx.room_id, Upload.participant_id == participant_id,
        Upload.id.not_in(kept))).scalars().all()
    for upload in files:
        db.session.delete(upload)
        uploads.remove(ctx.room_id, upload.stored)

