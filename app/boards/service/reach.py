"""Looking things up, with the room and the actor's reach checked: which board or note
the actor may see, who moderates, who may write, and the text and column a change names."""
from flask_babel import gettext as _

from app.boards.models import Board, Note
from app.boards.state import (
    sees_note,
)
from app.core import scopes
from app.core.commands import Context
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.extensions import db
from app.people.models import CoFacilitator, Facilitator, Participant


def _board(ctx: Context, board_id: int) -> Board:
    """A board of this room the actor may see; a team board of another team is refused."""
    board = ctx.find(Board, board_id, _("No such board in this room."))
    if board.team_id and not board.shared and not _in_team(ctx, board):
        raise Forbidden(_("This board belongs to another team."))
    return board


def _note(ctx: Context, note_id: int) -> tuple[Board, Note]:
    note = db.session.get(Note, note_id)
    if note is None or note.merged_into is not None:
        raise NotFound(_("No such note."))
    board = _board(ctx, note.board_id)
    if not sees_note(board, note, ctx.actor):
        raise NotFound(_("No such note."))
    return board, note


def _in_team(ctx: Context, board: Board) -> bool:
    return ctx.actor.role == "facilitator" or board.team_id in scopes.teams_of(ctx.actor)


def moderates(ctx: Context, board: Board) -> bool:
    """The facilitator moderates every board; a co-facilitator the boards of their teams."""
    if ctx.actor.role == "facilitator":
        return True
    return (ctx.actor.role == "cofacilitator" and board.team_id is not None
            and board.team_id in scopes.teams_of(ctx.actor))


def _moderator(ctx: Context, board: Board) -> None:
    if not moderates(ctx, board):
        raise Forbidden(_("Only the facilitator (or the team's co-facilitator) may do this."))


def _writer(ctx: Context, board: Board) -> None:
    """Posting and commenting: on a team board, only its team (and its moderators)."""
    if board.team_id and not _in_team(ctx, board):
        raise Forbidden(_("Only the team may write on its board."))


def _unlocked(board: Board) -> None:
    if board.phase == "locked":
        raise Conflict(_("This board is locked."))


def _authored(ctx: Context, note: Note) -> bool:
    return note.author == ctx.actor.key


def _author_name(ctx: Context) -> str:
    model = {"participant": Participant, "facilitator": Facilitator,
             "cofacilitator": CoFacilitator}[ctx.actor.role]
    person = db.session.get(model, ctx.actor.id)
    return person.name if person else ctx.actor.name


def _text(value, limit: int, field: str = "text") -> str:
    text = (value or "").strip()
    if not text:
        raise Invalid(_("Write something first."), {field: [_("Empty.")]})
    if len(text) > limit:
        raise Invalid(_("At most %(n)s characters.", n=limit),
                      {field: [_("At most %(n)s characters.", n=limit)]})
    return text


def _column(board: Board, column: int | None) -> int | None:
    """A note's lane: an index into the board's columns; the first when none is given."""
    if not board.columns:
        if column is not None:
            raise Invalid(_("This board has no columns."), {"column": [_("No such column.")]})
        return None
    if column is None:
        return 0
    if column >= len(board.columns):
        raise Invalid(_("This board has no such column."), {"column": [_("No such column.")]})
    return column
