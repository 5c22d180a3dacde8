"""What clients see of boards. Boards, notes, clusters and comments are entities in the log;
a participant's own dots and reactions are private; vote counts and reactions per note are
coalesced aggregates, never one message per dot to everyone.

Who sees a note: everyone who sees its board (the room, or a team until the board is
shared), except on a private board before the reveal, where only its author and the staff do.
"""
from collections import Counter, defaultdict

from sqlalchemy import func, select

from app.boards.models import Board, Cluster, Comment, Note, Reaction, Vote
from app.core import scopes
from app.core.clock import iso
from app.core.models import Room
from app.core.scopes import Actor, pseudonym
from app.core.state import aggregate, snapshot_part
from app.extensions import db


def board_view(board: Board) -> dict:
    return {"id": board.id, "item_id": board.item_id, "item_ids": list(board.item_ids or []),
            "team_id": board.team_id, "session_id": board.session_id, "prompt": board.prompt,
            "columns": list(board.columns or []), "phase": board.phase,
            "private": board.private, "revealed": board.revealed, "shared": board.shared,
            "anonymous": board.anonymous, "note_limit": board.note_limit,
            "text_limit": board.text_limit, "dot_votes": board.dot_votes,
            "vote_cap": board.vote_cap, "hide_votes": board.hide_votes,
            "require_positive_comment": board.require_positive_comment}


def author_of(board: Board, actor_key: str) -> str:
    """The author as the board's audience sees it: a pseudonym on an anonymous board."""
    return pseudonym(actor_key) if board.anonymous else actor_key


def note_view(board: Board, note: Note) -> dict | None:
    """A note as its audience sees it; a hidden note keeps its place but not its text, and
    a merged duplicate is gone (None)."""
    if note.merged_into is not None:
        return None
    return {"id": note.id, "board_id": note.board_id, "author": author_of(board, note.author),
            "author_name": "" if board.anonymous else note.author_name,
            "text": "" if note.hidden else note.text, "color": note.color,
            "column": note.column, "position": note.position, "cluster_id": note.cluster_id,
            "hidden": note.hidden, "highlighted": note.highlighted, "version": note.version,
            "created_at": iso(note.created_at)}


def comment_view(board: Board, comment: Comment) -> dict:
    return {"id": comment.id, "note_id": comment.note_id, "board_id": board.id,
            "author": author_of(board, comment.author),
            "author_name": "" if board.anonymous else comment.author_name,
            "text": comment.text, "positive": comment.positive,
            "created_at": iso(comment.created_at)}


def cluster_view(cluster: Cluster) -> dict:
    return {"id": cluster.id, "board_id": cluster.board_id, "title": cluster.title,
            "position": cluster.position}


def board_scope(board: Board) -> str:
    return f"team:{board.team_id}" if board.team_id and not board.shared else "room"


def in_private_writing(board: Board) -> bool:
    return board.private and not board.revealed


def note_scopes(board: Board, note: Note) -> list[str]:
    """Where a change to this note (or its comments) goes."""
    if in_private_writing(board):
        own = [f"participant:{note.participant_id}"] if note.participant_id else []
        return [*own, "staff"]
    return [board_scope(board)]


def votes_scope(board: Board) -> str:
    """Vote counts: for everyone who sees the board, or the staff while they are hidden."""
    if board.hide_votes and board.phase in ("writing", "voting"):
        return "facilitators" if board.team_id else "staff"
    return board_scope(board)


def my_votes_view(board_id: int, participant_id: int) -> dict | None:
    """A participant's dots on one board, {note id: dots}; None when there are none."""
    rows = db.session.execute(select(Vote.note_id, func.count()).where(
        Vote.board_id == board_id, Vote.participant_id == participant_id)
        .group_by(Vote.note_id)).all()
    return {str(note_id): n for note_id, n in rows} or None


def my_reactions_view(board_id: int, participant_id: int) -> dict | None:
    rows = db.session.execute(select(Reaction.note_id, Reaction.kind).where(
        Reaction.board_id == board_id, Reaction.actor == f"participant:{participant_id}")
        .order_by(Reaction.kind)).all()
    mine: dict[str, list[str]] = defaultdict(list)
    for note_id, kind in rows:
        mine[str(note_id)].append(kind)
    return dict(mine) or None


def visible_boards(room: Room, actor: Actor) -> list[Board]:
    boards = db.session.execute(select(Board).where(Board.room_id == room.id)).scalars().all()
    if actor.role == "facilitator":
        return boards
    teams = set(scopes.teams_of(actor)) if actor.role in ("participant", "cofacilitator") else set()
    return [b for b in boards if b.team_id is None or b.shared or b.team_id in teams]


def sees_note(board: Board, note: Note, actor: Actor) -> bool:
    if not in_private_writing(board) or actor.is_staff:
        return True
    return actor.role == "participant" and note.participant_id == actor.id


@snapshot_part
def boards_part(room: Room, actor: Actor) -> dict[str, dict]:
    boards = {b.id: b for b in visible_boards(room, actor)}
    notes = db.session.execute(select(Note).where(
        Note.board_id.in_(boards), Note.merged_into.is_(None))).scalars().all()
    shown = {n.id: n for n in notes if sees_note(boards[n.board_id], n, actor)}
    comments = db.session.execute(select(Comment).where(Comment.note_id.in_(shown)))
    clusters = db.session.execute(select(Cluster).where(Cluster.board_id.in_(boards)))
    part = {
        "boards": {str(b.id): board_view(b) for b in boards.values()},
        "notes": {str(n.id): note_view(boards[n.board_id], n) for n in shown.values()},
        "comments": {str(c.id): comment_view(boards[shown[c.note_id].board_id], c)
                     for c in comments.scalars()},
        "clusters": {str(c.id): cluster_view(c) for c in clusters.scalars()},
    }
    if actor.role == "participant":
        mine = {}
        for board_id in boards:
            votes = my_votes_view(board_id, actor.id)
            if votes:
                mine[str(board_id)] = votes
        reactions = {}
        for board_id in boards:
            chosen = my_reactions_view(board_id, actor.id)
            if chosen:
                reactions[str(board_id)] = chosen
        part["my_votes"], part["my_reactions"] = mine, reactions
    return part


def _board_keys(room_id: int) -> list[str]:
    ids = db.session.execute(select(Board.id).where(Board.room_id == room_id)).scalars()
    return [str(i) for i in ids]


@aggregate("board", keys=_board_keys)
def board_votes(room_id: int, key: str) -> tuple[str, dict] | None:
    """Dots per note and how many people have voted: pushed coalesced during a burst."""
    board = db.session.get(Board, int(key))
    if board is None or board.room_id != room_id:
        return None
    rows = db.session.execute(select(Vote.note_id, Vote.participant_id).where(
        Vote.board_id == board.id)).all()
    counts = Counter(str(note_id) for note_id, _ in rows)
    return votes_scope(board), {"board_id": board.id, "votes": dict(counts),
                                "voters": len({p for _, p in rows}), "dots": len(rows)}


@aggregate("board_reactions", keys=_board_keys)
def board_reactions(room_id: int, key: str) -> tuple[str, dict] | None:
    board = db.session.get(Board, int(key))
    if board is None or board.room_id != room_id or in_private_writing(board):
        return None
    rows = db.session.execute(select(Reaction.note_id, Reaction.kind).where(
        Reaction.board_id == board.id)).all()
    counts: dict[str, Counter] = defaultdict(Counter)
    for note_id, kind in rows:
        counts[str(note_id)][kind] += 1
    return board_scope(board), {"board_id": board.id,
                                "reactions": {k: dict(v) for k, v in counts.items()}}


def _private_board_keys(room_id: int) -> list[str]:
    ids = db.session.execute(select(Board.id).where(
        Board.room_id == room_id, Board.private.is_(True), Board.revealed.is_(False))).scalars()
    return [str(i) for i in ids]


@aggregate("board_notes", keys=_private_board_keys)
def board_notes(room_id: int, key: str) -> tuple[str, dict] | None:
    """How many notes a private board holds before the reveal: the room (and the projector)
    sees the writing progress without seeing a single note."""
    board = db.session.get(Board, int(key))
    if board is None or board.room_id != room_id or not in_private_writing(board):
        return None
    count = db.session.execute(select(func.count()).select_from(Note).where(
        Note.board_id == board.id, Note.merged_into.is_(None))).scalar_one()
    return board_scope(board), {"board_id": board.id, "notes": count}
