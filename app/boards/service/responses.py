"""Comments, reactions and dot votes: what people add to each other's notes."""
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.boards.models import Board, Comment, Note, Reaction, Vote
from app.boards.service.reach import _author_name, _authored, _note, _text, _unlocked, _writer
from app.boards.service.recording import _record_mine
from app.boards.state import (
    comment_view,
    in_private_writing,
    note_scopes,
)
from app.core.clock import now
from app.core.commands import Context
from app.core.errors import Conflict, Invalid
from app.extensions import db


def comment(ctx: Context, data: dict) -> dict:
    board, note = _note(ctx, data["note_id"])
    _writer(ctx, board)
    if board.phase in ("results", "locked"):
        raise Conflict(_("Comments are closed on this board."))
    if note.hidden:
        raise Conflict(_("This note is hidden."))
    if data["positive"] and _authored(ctx, note):
        raise Invalid(_("A positive comment goes on someone else's note."),
                      {"positive": [_("This is your own note.")]})
    remark = Comment(note_id=note.id, author=ctx.actor.key,
                     participant_id=ctx.actor.id if ctx.actor.role == "participant" else None,
                     author_name=_author_name(ctx), text=_text(data["text"], 500),
                     positive=data["positive"], created_at=now())
    db.session.add(remark)
    db.session.flush()
    view = comment_view(board, remark)
    for scope in note_scopes(board, note):
        ctx.record("comment.posted", {"board_id": board.id, "note_id": note.id}, scope=scope,
                   changes=[("comments", str(remark.id), view)])
    return {"comment_id": remark.id, "comment": view}


def react(ctx: Context, data: dict) -> dict:
    """A quick reaction, on or off; counts reach others as a coalesced aggregate."""
    board, note = _note(ctx, data["note_id"])
    _writer(ctx, board)
    _unlocked(board)
    if in_private_writing(board):
        raise Conflict(_("Reactions open when the notes are revealed."))
    existing = db.session.execute(select(Reaction).where(
        Reaction.note_id == note.id, Reaction.actor == ctx.actor.key,
        Reaction.kind == data["kind"])).scalar_one_or_none()
    if data["on"] and existing is None:
        db.session.add(Reaction(board_id=board.id, note_id=note.id, actor=ctx.actor.key,
                                kind=data["kind"]))
    elif not data["on"] and existing is not None:
        db.session.delete(existing)
    db.session.flush()
    _record_mine(ctx, board, [ctx.actor.id])
    return {"note_id": note.id, "kind": data["kind"], "on": data["on"]}


def _voting(ctx: Context, note_id: int) -> tuple[Board, Note]:
    board, note = _note(ctx, note_id)
    _writer(ctx, board)
    if board.phase != "voting":
        raise Conflict(_("This board is not in its voting phase."))
    return board, note


def vote(ctx: Context, note_id: int) -> dict:
    """One dot, within the participant's budget and the board's cap per note."""
    board, note = _voting(ctx, note_id)
    if note.hidden:
        raise Conflict(_("This note is hidden."))
    mine = db.session.execute(select(Vote.note_id).where(
        Vote.board_id == board.id, Vote.participant_id == ctx.actor.id)).scalars().all()
    if len(mine) >= board.dot_votes:
        raise Conflict(_("You have used all %(n)s of your dots.", n=board.dot_votes))
    if board.vote_cap is not None and mine.count(note.id) >= board.vote_cap:
        raise Conflict(_("At most %(n)s dot(s) per note.", n=board.vote_cap))
    db.session.add(Vote(board_id=board.id, note_id=note.id, participant_id=ctx.actor.id,
                        created_at=now()))
    db.session.flush()
    _record_mine(ctx, board, [ctx.actor.id])
    return {"note_id": note.id, "left": board.dot_votes - len(mine) - 1}


def unvote(ctx: Context, note_id: int) -> dict:
    board, note = _voting(ctx, note_id)
    dot = db.session.execute(select(Vote).where(
        Vote.note_id == note.id, Vote.participant_id == ctx.actor.id).limit(1)).scalar()
    if dot is None:
        raise Conflict(_("You have no dot on this note."))
    db.session.delete(dot)
    db.session.flush()
    _record_mine(ctx, board, [ctx.actor.id])
    used = db.session.execute(select(func.count()).select_from(Vote).where(
        Vote.board_id == board.id, Vote.participant_id == ctx.actor.id)).scalar_one()
    return {"note_id": note.id, "left": board.dot_votes - used}
