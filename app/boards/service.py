"""Writes for boards: open and run them (phases, reveal, share), post and change notes,
comment, react, dot-vote, and moderate (hide, highlight, move, cluster, merge, delete).

Every rule is checked here, role and scope alike: a participant acts only on their own notes
and on boards of the room or of their own team; a co-facilitator moderates only the boards
of the teams they moderate; the facilitator moderates everything.
"""
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import delete, func, select, update

from app.boards.models import Board, Cluster, Comment, Note, Reaction, Vote
from app.boards.schemas import MAX_COLUMNS, read_block
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
    sees_note,
)
from app.core import scopes
from app.core.clock import now
from app.core.commands import Context
from app.core.errors import Conflict, Forbidden, Invalid, NotFound
from app.course.models import AgendaItem, CourseSession
from app.course.service import item_of_room
from app.extensions import db
from app.people.models import CoFacilitator, Facilitator, Participant
from app.teams.models import Grouping, Team

#: settings a later item that refers back to a board may change on it
OVERRIDES = ("dot_votes", "vote_cap", "hide_votes", "require_positive_comment", "note_limit")


# looking things up, with the room and the actor's reach checked


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


# recording: the same views as the snapshot


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


def _count_notes(ctx: Context, board: Board) -> None:
    """Before a reveal the room sees only how many notes there are (coalesced)."""
    if in_private_writing(board):
        ctx.touch("board_notes", str(board.id))


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


# opening boards


def spec_from_item(item: AgendaItem) -> dict:
    """The board an agenda item of kind board describes in its course block."""
    try:
        return read_block(item.settings or {}, item.title)
    except ValidationError as err:
        raise Invalid(_("This agenda item does not describe a valid board."),
                      err.messages) from err


def _new_board(ctx: Context, spec: dict, item_id: int | None = None,
               team_id: int | None = None) -> Board:
    board = Board(room_id=ctx.room_id, item_id=item_id, item_ids=[item_id] if item_id else [],
                  team_id=team_id, session_id=ctx.session_id,
                  prompt=spec["prompt"], columns=spec.get("columns", []), phase="writing",
                  private=spec.get("private_until_reveal", False), revealed=False,
                  shared=False, anonymous=spec.get("anonymous", False),
                  note_limit=spec.get("note_limit"), text_limit=spec.get("text_limit", 280),
                  dot_votes=spec.get("dot_votes", 3), vote_cap=spec.get("vote_cap"),
                  hide_votes=spec.get("hide_votes", False),
                  require_positive_comment=spec.get("require_positive_comment", False),
                  created_at=now())
    db.session.add(board)
    return board


def create(ctx: Context, spec: dict) -> dict:
    """A board made up during the session, for the whole room."""
    if "ref" in spec:
        raise Invalid(_("Only a course item can refer to another board."),
                      {"ref": [_("Not used here.")]})
    board = _new_board(ctx, spec)
    _record_board(ctx, board, "board.created")
    return {"board_id": board.id}


def _item_board(ctx: Context, item_id: int) -> Board | None:
    boards = db.session.execute(select(Board).where(
        Board.room_id == ctx.room_id, Board.team_id.is_(None))).scalars()
    return next((b for b in boards if item_id in (b.item_ids or [])), None)


def _referenced_item(ctx: Context, item: AgendaItem, key: str) -> AgendaItem:
    found = db.session.execute(select(AgendaItem).join(CourseSession).where(
        CourseSession.course_id == ctx.room.course_id, AgendaItem.key == key,
        AgendaItem.kind == "board")).scalar_one_or_none()
    if found is None or found.id == item.id:
        raise Invalid(_("This board refers to %(ref)s, which is not a board of the course.",
                        ref=repr(key)))
    return found


def open_item(ctx: Context, item_id: int) -> dict:
    """The board of an agenda item, made from its course block the first time. An item that
    refers (`ref`) to an earlier board shows that board, with the item's own settings."""
    item = item_of_room(ctx, item_id, ("board",), _("This agenda item is not a board."))
    board = _item_board(ctx, item.id)
    if board is not None:
        return {"board_id": board.id, "created": False}
    spec = spec_from_item(item)
    if "ref" not in spec:
        board = _new_board(ctx, spec, item.id)
        _record_board(ctx, board, "board.created")
        return {"board_id": board.id, "created": True}
    origin = _referenced_item(ctx, item, spec["ref"])
    board = _item_board(ctx, origin.id) or _new_board(ctx, spec_from_item(origin), origin.id)
    for key in OVERRIDES:
        if key in spec:
            setattr(board, key, spec[key])
    board.item_ids = [*(board.item_ids or []), item.id]
    _record_board(ctx, board, "board.created")
    return {"board_id": board.id, "created": True}


def ensure_team_board(ctx: Context, item_id: int, team_id: int) -> Board:
    """The team's board for a breakout item with `team_board: true`; made once, so calling
    it again (a breakout restarted) returns the same board."""
    item = item_of_room(ctx, item_id, ("breakout",), _("This agenda item is not a breakout."))
    if not (item.settings or {}).get("team_board"):
        raise Invalid(_("This breakout has no team boards."))
    team = ctx.find(Team, team_id, _("No such team in this room."))
    board = db.session.execute(select(Board).where(
        Board.room_id == ctx.room_id, Board.item_id == item.id, Board.team_id == team.id)
    ).scalar_one_or_none()
    if board is None:
        board = _new_board(ctx, {"prompt": item.title[:500]}, item.id, team.id)
        _record_board(ctx, board, "board.created")
    return board


def open_team(ctx: Context, item_id: int, team_id: int) -> dict:
    """A team board opened by hand: only for a team of the grouping now in use."""
    board = ensure_team_board(ctx, item_id, team_id)
    team = db.session.get(Team, team_id)
    if not db.session.get(Grouping, team.grouping_id).active:
        raise Conflict(_("This team's grouping is not the active one."))
    return {"board_id": board.id}


# running a board


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


# notes


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


def _authored(ctx: Context, note: Note) -> bool:
    return note.author == ctx.actor.key


def _changed(ctx: Context, board: Board, note: Note, base: int | None, type: str) -> dict:
    """Bump the version and record; the ack carries the note as stored, so a client whose
    change lost to a concurrent one converges to the winner."""
    stale = base is not None and base != note.version
    note.version += 1
    note.updated_at = now()
    view = _record_note(ctx, board, note, type)
    return {"note_id": note.id, "note": view, "stale": stale}


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


def _mine_of_note(note_ids: list[int]) -> set[int]:
    """Participants whose dots or reactions sit on these notes."""
    voters = db.session.execute(select(Vote.participant_id).where(
        Vote.note_id.in_(note_ids))).scalars()
    reactors = db.session.execute(select(Reaction.actor).where(
        Reaction.note_id.in_(note_ids))).scalars()
    return set(voters) | {int(a.split(":")[1]) for a in reactors}


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


# clusters and duplicates


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


# comments, reactions, votes


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
