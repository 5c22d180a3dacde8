"""Notes: post, edit, move and delete them; moderators hide or highlight them."""
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from app.boards.models import Comment, Note, Reaction, Vote
from app.boards.service.reach import (
    _author_name,
    _authored,
    _board,
    _column,
    _moderator,
    _note,
    _text,
    _unlocked,
    _writer,
    moderates,
)
from app.boards.service.recording import (
    _changed,
    _count_notes,
    _mine_of_note,
    _record_mine,
    _record_note,
)
from app.boards.state import (
    note_scopes,
)
from app.core.clock import now
from app.core.commands import Context
from app.core.errors import Conflict, Forbidden, Invalid
from app.extensions import db


def post(ctx: Context, data: dict) -> dict:
    board = _board(ctx, data["board_id"])
    _writer(ctx, board)
    if board.phase != "writing":
        raise Conflict(_("This board is not taking notes now."))
    text = _text(data.get("text"), board.text_limit)
    column = _column(board, data.get("column"))
    participant_id = ctx.actor.id if ctx.actor.role == "participant" else None
    mine = Note.author == ctx.actor.key
    if board.note_limit is not None and not ctx.actor.is_staff:
        posted = db.session.execute(select(func.count()).select_from(Note).where(
            Note.board_id == board.id, mine, Note.merged_into.is_(None))).scalar_one()
        if posted >= board.note_limit:
            raise Conflict(_("You may post %(n)s note(s) on this board.", n=board.note_limit))
    last = db.session.execute(select(func.max(Note.position)).where(
        Note.board_id == board.id, Note.column.is_(column) if column is None
        else Note.column == column)).scalar_one()
    note = Note(board_id=board.id, author=ctx.actor.key, participant_id=participant_id,
                author_name=_author_name(ctx), text=text, color=data["color"], column=column,
                position=(last or 0) + 1, version=1, created_at=now(), updated_at=now())
    db.session.add(note)
    view = _record_note(ctx, board, note, "note.posted")
    return {"note_id": note.id, "note": view}


def edit(ctx: Context, data: dict) -> dict:
    """The author changes text or colour; each field sent wins over the stored one."""
    board, note = _note(ctx, data["note_id"])
    if not _authored(ctx, note):
        raise Forbidden(_("Only its author may edit a note."))
    if board.phase not in ("writing", "voting"):
        raise Conflict(_("Notes can no longer be changed."))
    if "text" in data:
        note.text = _text(data["text"], board.text_limit)
    if "color" in data:
        note.color = data["color"]
    return _changed(ctx, board, note, data.get("version"), "note.edited")


def move(ctx: Context, data: dict) -> dict:
    board, note = _note(ctx, data["note_id"])
    if not (_authored(ctx, note) or moderates(ctx, board)):
        raise Forbidden(_("Only its author or a moderator may move a note."))
    _unlocked(board)
    if not moderates(ctx, board) and board.phase not in ("writing", "voting"):
        raise Conflict(_("Notes can no longer be changed."))
    if "column" in data:
        if data["column"] is None and board.columns:
            raise Invalid(_("This board has no such column."), {"column": [_("No such column.")]})
        note.column = _column(board, data["column"])
    if "position" in data:
        note.position = data["position"]
    return _changed(ctx, board, note, data.get("version"), "note.moved")


def remove(ctx: Context, note_id: int) -> dict:
    board, note = _note(ctx, note_id)
    if not (_authored(ctx, note) or moderates(ctx, board)):
        raise Forbidden(_("Only its author or a moderator may delete a note."))
    _unlocked(board)
    if not moderates(ctx, board) and board.phase not in ("writing", "voting"):
        raise Conflict(_("Notes can no longer be changed."))
    gone = [note.id, *db.session.execute(select(Note.id).where(
        Note.merged_into == note.id)).scalars()]
    comments = db.session.execute(select(Comment.id).where(
        Comment.note_id.in_(gone))).scalars().all()
    affected = _mine_of_note(gone)
    audience = note_scopes(board, note)
    for model in (Vote, Reaction, Comment):
        db.session.execute(delete(model).where(model.note_id.in_(gone)))
    db.session.execute(delete(Note).where(Note.merged_into == note.id))
    db.session.delete(note)
    db.session.flush()
    ctx.redact("notes", gone)
    ctx.redact("comments", comments)
    for scope in audience:
        ctx.record("note.deleted", {"board_id": board.id, "note_id": note_id}, scope=scope,
                   changes=[("notes", str(note_id), None),
                            *[("comments", str(c), None) for c in comments]])
    _count_notes(ctx, board)
    _record_mine(ctx, board, affected)
    return {"note_id": note_id}


def moderate(ctx: Context, data: dict) -> dict:
    """Hide a note from the shared view (its text leaves every screen) or highlight it."""
    board, note = _note(ctx, data["note_id"])
    _moderator(ctx, board)
    _unlocked(board)
    if "hidden" in data:
        note.hidden = data["hidden"]
        if note.hidden:
            ctx.redact("notes", [note.id])
    if "highlighted" in data:
        note.highlighted = data["highlighted"]
    return _changed(ctx, board, note, None, "note.moderated")
