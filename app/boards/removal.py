"""A removed participant's notes leave every board when the staff choose so: hidden as a
moderator hides a note (their place stays, their text leaves every screen)."""
from sqlalchemy import select

from app.boards.models import Board, Note
from app.boards.service.recording import _record_note
from app.core.commands import Context
from app.extensions import db


def hide_notes_of(ctx: Context, participant_id: int, hide: bool) -> None:
    if not hide:
        return
    notes = db.session.execute(select(Note, Board).join(Board, Board.id == Note.board_id).where(
        Board.room_id == ctx.room_id, Note.participant_id == participant_id,
        Note.hidden.is_(False), Note.merged_into.is_(None))).all()
    for note, board in notes:
        note.hidden = True
        ctx.redact("notes", [note.id])
        _record_note(ctx, board, note, "note.moderated")

