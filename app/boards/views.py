"""Board exports for facilitators: Markdown, CSV and JSON with clusters, votes, comments
and reactions, and a printable summary. Everything is exported as stored, hidden notes
and merged duplicates included (marked), so nothing said in the room is lost."""
from collections import Counter, defaultdict

from flask import Blueprint, Response, abort, jsonify, render_template
from flask_babel import gettext as _
from sqlalchemy import select

from app.boards.models import Board, Cluster, Comment, Note, Reaction, Vote
from app.boards.state import board_view
from app.core.clock import iso
from app.core.models import Room
from app.core.spreadsheets import csv_response
from app.extensions import db
from app.people.access import facilitator_required

bp = Blueprint("boards", __name__)

CSV_COLUMNS = ["note_id", "column", "cluster", "author", "text", "color", "votes", "reactions",
               "comments", "hidden", "highlighted", "merged_into", "created_at"]


def _board(room_id: int, board_id: int) -> Board:
    board = db.session.get(Board, board_id)
    if board is None or board.room_id != room_id:
        abort(404)
    return board


def board_export(board: Board) -> dict:
    """The whole board as plain data, notes ranked by dots (then by age)."""
    notes = db.session.execute(select(Note).where(Note.board_id == board.id)
                               .order_by(Note.id)).scalars().all()
    ids = [n.id for n in notes]
    votes = Counter(db.session.execute(select(Vote.note_id).where(
        Vote.board_id == board.id)).scalars())
    reactions: dict[int, Counter] = defaultdict(Counter)
    for note_id, kind in db.session.execute(select(Reaction.note_id, Reaction.kind).where(
            Reaction.board_id == board.id)):
        reactions[note_id][kind] += 1
    comments = defaultdict(list)
    for c in db.session.execute(select(Comment).where(Comment.note_id.in_(ids))
                                .order_by(Comment.id)).scalars():
        comments[c.note_id].append({"id": c.id, "author": "" if board.anonymous
                                    else c.author_name, "text": c.text,
                                    "positive": c.positive, "created_at": iso(c.created_at)})
    clusters = db.session.execute(select(Cluster).where(Cluster.board_id == board.id)
                                  .order_by(Cluster.position)).scalars().all()
    columns = board.columns or []
    rows = [{"note_id": n.id, "column": columns[n.column] if n.column is not None
             and n.column < len(columns) else "",
             "cluster_id": n.cluster_id, "author": "" if board.anonymous else n.author_name,
             "text": n.text, "color": n.color, "votes": votes.get(n.id, 0),
             "reactions": dict(reactions.get(n.id, {})), "comments": comments.get(n.id, []),
             "hidden": n.hidden, "highlighted": n.highlighted, "merged_into": n.merged_into,
             "created_at": iso(n.created_at)} for n in notes]
    rows.sort(key=lambda r: (-r["votes"], r["note_id"]))
    return {"board": board_view(board),
            "clusters": [{"id": c.id, "title": c.title} for c in clusters], "notes": rows}


def csv_rows(data: dict) -> list[dict]:
    titles = {c["id"]: c["title"] for c in data["clusters"]}
    return [{**row, "cluster": titles.get(row["cluster_id"], ""),
             "reactions": "; ".join(f"{k} {n}" for k, n in sorted(row["reactions"].items())),
             "comments": " | ".join(c["text"] for c in row["comments"])}
            for row in data["notes"]]


def markdown(data: dict) -> str:
    """Notes grouped by cluster, ranked by dots; user text is escaped so it stays text."""
    def text(value: str) -> str:
        escaped = "".join(f"\\{ch}" if ch in "\\`*_{}[]()#+-.!<>|" else ch for ch in value)
        return " ".join(escaped.split())

    board = data["board"]
    lines = [f"# {text(board['prompt'])}", ""]
    titles = {c["id"]: c["title"] for c in data["clusters"]}
    groups = defaultdict(list)
    for row in data["notes"]:
        if row["merged_into"] is None:
            groups[row["cluster_id"]].append(row)
    merged = defaultdict(list)
    for row in data["notes"]:
        if row["merged_into"] is not None:
            merged[row["merged_into"]].append(row)
    order = [c["id"] for c in data["clusters"]] + [None]
    for cluster_id in order:
        if not groups.get(cluster_id):
            continue
        lines += [f"## {text(titles[cluster_id]) if cluster_id else _('Not clustered')}", ""]
        for row in groups[cluster_id]:
            where = f" [{text(row['column'])}]" if row["column"] else ""
            flags = (" " + _("(hidden)")) if row["hidden"] else ""
            who = f" — {text(row['author'])}" if row["author"] else ""
            lines.append(f"- **{row['votes']}**{where} {text(row['text'])}{who}{flags}")
            for duplicate in merged.get(row["note_id"], []):
                lines.append(f"  - {_('merged')}: {text(duplicate['text'])}")
            for remark in row["comments"]:
                mark = "+ " if remark["positive"] else ""
                lines.append(f"  - {mark}{text(remark['text'])}")
        lines.append("")
    return "\n".join(lines)


@bp.get("/facilitate/<int:room_id>/boards/<int:board_id>.json")
@facilitator_required
def board_json(room_id, board_id):
    return jsonify(board_export(_board(room_id, board_id)))


@bp.get("/facilitate/<int:room_id>/boards/<int:board_id>.csv")
@facilitator_required
def board_csv(room_id, board_id):
    data = board_export(_board(room_id, board_id))
    return csv_response(f"board-{board_id}.csv", CSV_COLUMNS, csv_rows(data))


@bp.get("/facilitate/<int:room_id>/boards/<int:board_id>.md")
@facilitator_required
def board_markdown(room_id, board_id):
    data = board_export(_board(room_id, board_id))
    return Response(markdown(data), mimetype="text/markdown",
                    headers={"Content-Disposition": f"attachment; filename=board-{board_id}.md"})


@bp.get("/facilitate/<int:room_id>/boards/<int:board_id>/summary")
@facilitator_required
def board_summary(room_id, board_id):
    """The board ranked by dots, grouped by cluster, ready to print or save as PDF."""
    room = db.get_or_404(Room, room_id)
    data = board_export(_board(room_id, board_id))
    titles = {c["id"]: c["title"] for c in data["clusters"]}
    shown = [row for row in data["notes"] if row["merged_into"] is None]
    return render_template("board_summary.html", room=room, data=data, notes=shown,
                           titles=titles)
