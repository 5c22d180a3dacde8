"""Clusters and duplicates: moderators group notes under a title and merge duplicates
into one note."""
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from app.boards.models import Board, Cluster, Comment, Note, Reaction, Vote
from app.boards.service.reach import _board, _moderator, _note, _text, _unlocked
from app.boards.service.recording import _changed, _mine_of_note, _record_mine, _record_note
from app.boards.state import (
    board_scope,
    cluster_view,
    comment_view,
    note_scopes,
    note_view,
)
from app.core.clock import now
from app.core.commands import Context
from app.core.errors import Invalid, NotFound
from app.extensions import db


def create_cluster(ctx: Context, board_id: int, title: str) -> dict:
    board = _board(ctx, board_id)
    _moderator(ctx, board)
    _unlocked(board)
    last = db.session.execute(select(func.max(Cluster.position)).where(
        Cluster.board_id == board.id)).scalar_one()
    cluster = Cluster(board_id=board.id, title=_text(title, 120, "title"), position=(last or 0) + 1)
    db.session.add(cluster)
    db.session.flush()
    ctx.record("cluster.saved", {"board_id": board.id}, scope=board_scope(board),
               changes=[("clusters", str(cluster.id), cluster_view(cluster))])
    return {"cluster_id": cluster.id}


def _cluster(ctx: Context, cluster_id: int) -> tuple[Board, Cluster]:
    cluster = db.session.get(Cluster, cluster_id)
    board = db.session.get(Board, cluster.board_id) if cluster else None
    if cluster is None or board.room_id != ctx.room_id:
        raise NotFound(_("No such cluster."))
    return _board(ctx, board.id), cluster


def rename_cluster(ctx: Context, cluster_id: int, title: str) -> dict:
    board, cluster = _cluster(ctx, cluster_id)
    _moderator(ctx, board)
    _unlocked(board)
    cluster.title = _text(title, 120, "title")
    db.session.flush()
    ctx.record("cluster.saved", {"board_id": board.id}, scope=board_scope(board),
               changes=[("clusters", str(cluster.id), cluster_view(cluster))])
    return {"cluster_id": cluster.id}


def delete_cluster(ctx: Context, cluster_id: int) -> dict:
    """Take a cluster off its board: its notes stay where they are, in no cluster. Each
    audience gets one event: the cluster gone, and those of its notes that it sees."""
    board, cluster = _cluster(ctx, cluster_id)
    _moderator(ctx, board)
    _unlocked(board)
    notes = db.session.execute(select(Note).where(Note.cluster_id == cluster.id)
                               .order_by(Note.id)).scalars().all()
    shown = [note for note in notes if note.merged_into is None]
    for note in notes:
        note.cluster_id = None
    for note in shown:
        note.version += 1
        note.updated_at = now()
    db.session.delete(cluster)
    db.session.flush()
    changes = {board_scope(board): [("clusters", str(cluster_id), None)]}
    for note in shown:
        view = note_view(board, note)
        for scope in note_scopes(board, note):
            changes.setdefault(scope, []).append(("notes", str(note.id), view))
    for scope, scoped in changes.items():
        ctx.record("cluster.deleted", {"board_id": board.id, "cluster_id": cluster_id},
                   scope=scope, changes=scoped)
    return {"cluster_id": cluster_id}


def cluster_note(ctx: Context, note_id: int, cluster_id: int | None) -> dict:
    board, note = _note(ctx, note_id)
    _moderator(ctx, board)
    _unlocked(board)
    if cluster_id is not None:
        other, cluster = _cluster(ctx, cluster_id)
        if other.id != board.id:
            raise Invalid(_("The cluster is on another board."), {"cluster_id": [_("Not here.")]})
    note.cluster_id = cluster_id
    return _changed(ctx, board, note, None, "note.clustered")


def merge(ctx: Context, note_id: int, duplicate_ids: list[int]) -> dict:
    """Fold duplicates into one note: their dots, reactions and comments move to it, and
    they leave the board (the exports still list them under the note they joined)."""
    board, kept = _note(ctx, note_id)
    _moderator(ctx, board)
    _unlocked(board)
    ids = sorted(set(duplicate_ids))
    if kept.id in ids:
        raise Invalid(_("A note cannot be merged into itself."),
                      {"duplicate_ids": [_("Contains the note itself.")]})
    duplicates = []
    for duplicate_id in ids:
        other, duplicate = _note(ctx, duplicate_id)
        if other.id != board.id:
            raise Invalid(_("Only notes of the same board can be merged."),
                          {"duplicate_ids": [_("Not on this board.")]})
        duplicates.append(duplicate)
    affected = _mine_of_note(ids)
    taken = set(db.session.execute(select(Reaction.actor, Reaction.kind).where(
        Reaction.note_id == kept.id)).all())
    for reaction in db.session.execute(select(Reaction).where(
            Reaction.note_id.in_(ids))).scalars():
        if (reaction.actor, reaction.kind) in taken:
            db.session.delete(reaction)
        else:
            taken.add((reaction.actor, reaction.kind))
            reaction.note_id = kept.id
    db.session.execute(update(Vote).where(Vote.note_id.in_(ids)).values(note_id=kept.id))
    moved = db.session.execute(select(Comment).where(Comment.note_id.in_(ids))).scalars().all()
    for comment in moved:
        comment.note_id = kept.id
    db.session.execute(update(Note).where(Note.merged_into.in_(ids)).values(merged_into=kept.id))
    for duplicate in duplicates:
        duplicate.merged_into = kept.id
        db.session.flush()
        for scope in note_scopes(board, duplicate):
            ctx.record("note.merged", {"board_id": board.id, "note_id": duplicate.id,
                                       "into": kept.id}, scope=scope,
                       changes=[("notes", str(duplicate.id), None)])
    kept.version += 1
    _record_note(ctx, board, kept, "note.merged",
                 [("comments", str(c.id), comment_view(board, c)) for c in moved])
    _record_mine(ctx, board, affected)
    return {"note_id": kept.id, "merged": ids}
