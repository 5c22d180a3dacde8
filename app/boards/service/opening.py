"""Opening boards: from an agenda item's course block (once per room, or an earlier board
an item refers back to), made up during the session, or one per team for a breakout."""
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from app.boards.models import Board
from app.boards.schemas import read_block
from app.boards.service.recording import _record_board
from app.core.clock import now
from app.core.commands import Context
from app.core.errors import Conflict, Invalid
from app.course.models import AgendaItem, CourseSession
from app.course.service import item_of_room
from app.extensions import db
from app.teams.models import Grouping, Team

#: settings a later item that refers back to a board may change on it
OVERRIDES = ("dot_votes", "vote_cap", "hide_votes", "require_positive_comment", "note_limit")


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
