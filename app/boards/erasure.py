"""A participant's erasure on the boards: their notes and comments stay in place (the dots
and reactions others gave them still count) with the text and name emptied, live and in the
log; a note becomes a hidden one."""
from sqlalchemy import select

from app.boards.models import Board, Comment, Note
from app.boards.service.recording import _record_note
from app.boards.state import comment_view, note_scopes
from app.core.commands import Context
from app.extensions import db

_ERASED = ("text", "author_name")


def erase_participant(ctx: Context, participant_id: int) -> None:
    author = f"participant:{participant_id}"
    in_room = Board.room_id == ctx.room_id
    notes = db.session.execute(select(Note, Board).join(Board, Board.id == Note.board_id)
                               .where(in_room, Note.author == author)).all()
    for note, board in notes:
        note.text, note.author_name, note.hidden = "", "", True
        note.version += 1
        if note.merged_into is None:
            _record_note(ctx, board, note, "note.erased")
    comments = db.session.execute(
        select(Comment, Note, Board).join(Note, Note.id == Comment.note_id)
        .join(Board, Board.id == Note.board_id).where(in_room, Comment.author == author)).all()
    for remark, note, board in comments:
        remark.text, remark.author_name = "", ""
        for scope in note_scopes(board, note):
            ctx.record("comment.erased", {"board_id": board.id, "note_id": note.id},
                       scope=scope, changes=[("comments", str(remark.id),
                                              comment_view(board, remark))])
    ctx.redact("notes", [note.id for note, _board in notes], _ERASED)
    ctx.redact("comments", [remark.id for remark, _note, _board in comments], _ERASED)

