"""Recording: each change as events that carry the same views as the snapshot, and the
coalesced counts it touches."""
from sqlalchemy import select

from app.boards.models import Board, Cluster, Comment, Note, Reaction, Vote
from app.boards.state import (
    board_scope,
    board_view,
    cluster_view,
    comment_view,
    in_private_writing,
    my_reactions_view,
    my_votes_view,
    note_scopes,
    note_view,
)
from app.core.clock import now
from app.core.commands import Context
from app.extensions import db


def _record_board(ctx: Context, board: Board, type: str, extra: list | tuple = ()) -> None:
    db.session.flush()
    ctx.record(type, {"board_id": board.id}, scope=board_scope(board),
               changes=[("boards", str(board.id), board_view(board)), *extra])
    ctx.touch("board", str(board.id))
    ctx.touch("board_reactions", str(board.id))


def _record_note(ctx: Context, board: Board, note: Note, type: str,
                 extra: list | tuple = ()) -> dict | None:
    db.session.flush()
    view = note_view(board, note)
    for scope in note_scopes(board, note):
        ctx.record(type, {"board_id": board.id, "note_id": note.id}, scope=scope,
                   changes=[("notes", str(note.id), view), *extra])
    _count_notes(ctx, board)
    return view


def _changed(ctx: Context, board: Board, note: Note, base: int | None, type: str) -> dict:
    """Bump the version and record; the ack carries the note as stored, so a client whose
    change lost to a concurrent one converges to the winner."""
    stale = base is not None and base != note.version
    note.version += 1
    note.updated_at = now()
    view = _record_note(ctx, board, note, type)
    return {"note_id": note.id, "note": view, "stale": stale}


def _count_notes(ctx: Context, board: Board) -> None:
    """Before a reveal the room sees only how many notes there are (coalesced)."""
    if in_private_writing(board):
        ctx.touch("board_notes", str(board.id))


def _mine_of_note(note_ids: list[int]) -> set[int]:
    """Participants whose dots or reactions sit on these notes."""
    voters = db.session.execute(select(Vote.participant_id).where(
        Vote.note_id.in_(note_ids))).scalars()
    reactors = db.session.execute(select(Reaction.actor).where(
        Reaction.note_id.in_(note_ids))).scalars()
    return set(voters) | {int(a.split(":")[1]) for a in reactors}


def _record_mine(ctx: Context, board: Board, participant_ids) -> None:
    """Each participant's own dots and reactions on the board, after they changed."""
    for participant_id in sorted(set(participant_ids)):
        ctx.record("board.mine", {"board_id": board.id}, scope=f"participant:{participant_id}",
                   changes=[("my_votes", str(board.id), my_votes_view(board.id, participant_id)),
                            ("my_reactions", str(board.id),
                             my_reactions_view(board.id, participant_id))])
    ctx.touch("board", str(board.id))
    ctx.touch("board_reactions", str(board.id))


def _everything(board: Board) -> list[tuple]:
    """The board's notes, comments and clusters as changes: what a reveal or share shows."""
    notes = db.session.execute(select(Note).where(
        Note.board_id == board.id, Note.merged_into.is_(None))).scalars().all()
    comments = db.session.execute(select(Comment).where(
        Comment.note_id.in_([n.id for n in notes]))).scalars()
    clusters = db.session.execute(select(Cluster).where(Cluster.board_id == board.id)).scalars()
    return ([("notes", str(n.id), note_view(board, n)) for n in notes]
            + [("comments", str(c.id), comment_view(board, c)) for c in comments]
            + [("clusters", str(c.id), cluster_view(c)) for c in clusters])
