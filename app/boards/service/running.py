"""Running a board: its columns, its phase (writing, voting, results, locked), the reveal
that ends private writing, and sharing a team's board with the room."""
from flask_babel import gettext as _
from sqlalchemy import select

from app.boards.models import Note
from app.boards.schemas import MAX_COLUMNS
from app.boards.service.reach import _board, _moderator, _text, _unlocked
from app.boards.service.recording import _everything, _record_board, _record_note
from app.boards.state import (
    in_private_writing,
)
from app.core.commands import Context
from app.core.errors import Conflict, Forbidden
from app.extensions import db


def add_column(ctx: Context, board_id: int, title: str) -> dict:
    board = _board(ctx, board_id)
    _moderator(ctx, board)
    _unlocked(board)
    if len(board.columns or []) >= MAX_COLUMNS:
        raise Conflict(_("A board has at most %(n)s columns.", n=MAX_COLUMNS))
    # notes posted before the first lane existed go into it
    notes = [] if board.columns else db.session.execute(select(Note).where(
        Note.board_id == board.id, Note.merged_into.is_(None))).scalars().all()
    board.columns = [*(board.columns or []), _text(title, 120, "title")]
    _record_board(ctx, board, "board.changed")
    for note in notes:
        note.column = 0
        note.version += 1
        _record_note(ctx, board, note, "note.moved")
    return {"board_id": board.id, "column": len(board.columns) - 1}


def set_phase(ctx: Context, board_id: int, phase: str) -> dict:
    board = _board(ctx, board_id)
    _moderator(ctx, board)
    if board.phase == phase:
        raise Conflict(_("The board is already in this phase."))
    if phase != "writing" and phase != "locked" and in_private_writing(board):
        raise Conflict(_("Reveal the notes before voting or showing results."))
    board.phase = phase
    _record_board(ctx, board, "board.changed")
    return {"board_id": board.id, "phase": phase}


def reveal(ctx: Context, board_id: int) -> dict:
    """End private writing: one event shows everyone every note of the board."""
    board = _board(ctx, board_id)
    if ctx.actor.role != "facilitator":
        raise Forbidden(_("Only the facilitator reveals a board."))
    if not in_private_writing(board):
        raise Conflict(_("This board has nothing hidden to reveal."))
    board.revealed = True
    db.session.flush()
    _record_board(ctx, board, "board.revealed", _everything(board))
    return {"board_id": board.id}


def share(ctx: Context, board_id: int) -> dict:
    """Show a team's board to the whole room (after a breakout): one room event carries it."""
    board = _board(ctx, board_id)
    if ctx.actor.role != "facilitator":
        raise Forbidden(_("Only the facilitator shares a team board."))
    if board.team_id is None or board.shared:
        raise Conflict(_("Only a team board not yet shared can be shared."))
    board.shared = True
    db.session.flush()
    _record_board(ctx, board, "board.shared", _everything(board))
    return {"board_id": board.id}
