"""Board exports: JSON with clusters, votes, comments and reactions; CSV that spreadsheets
open safely; Markdown where note text stays text; a printable summary; all for the
facilitator only."""
import csv
import io
import re

from tests.support import sign_in


def _board_with_everything(wall):
    board = wall.board(columns=["Yes", "No"], dot_votes=3)
    pat, bo = wall.join("Pat"), wall.join("Bo")
    kept = wall.post(pat, board, "=HYPERLINK(\"http://x\")", column=1)
    dup = wall.post(bo, board, "# Heading <img src=x onerror=alert(1)>")
    other = wall.post(bo, board, "Open data")
    wall.ok(bo, "note.comment", {"note_id": kept, "text": "+1 great", "positive": True})
    wall.ok(pat, "note.react", {"note_id": other, "kind": "idea", "on": True})
    cluster = wall.ok(wall.fac, "cluster.create", {"board_id": board, "title": "Data"})
    wall.ok(wall.fac, "note.cluster", {"note_id": other, **cluster})
    wall.phase(board, "voting")
    wall.ok(pat, "note.vote", {"note_id": other})
    wall.ok(bo, "note.vote", {"note_id": other})
    wall.ok(bo, "note.vote", {"note_id": dup})
    wall.ok(wall.fac, "note.merge", {"note_id": kept, "duplicate_ids": [dup]})
    return board, kept, dup, other


def test_the_json_export_ranks_notes_and_keeps_merged_ones(app, wall, facilitator):
    board, kept, dup, other = _board_with_everything(wall)
    data = sign_in(app, facilitator).get(
        f"/facilitate/{wall.room.id}/boards/{board}.json").get_json()
    assert [n["note_id"] for n in data["notes"]] == [other, kept, dup]
    first = data["notes"][0]
    assert first["votes"] == 2 and first["reactions"] == {"idea": 1}
    assert first["cluster_id"] == data["clusters"][0]["id"]
    assert data["notes"][1]["votes"] == 1 and data["notes"][1]["column"] == "No"
    assert data["notes"][1]["comments"][0]["positive"] is True
    assert data["notes"][2]["merged_into"] == kept


def test_the_csv_export_neutralises_formulas(app, wall, facilitator):
    board, kept, _dup, _other = _board_with_everything(wall)
    response = sign_in(app, facilitator).get(f"/facilitate/{wall.room.id}/boards/{board}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    by_id = {int(r["note_id"]): r for r in rows}
    assert by_id[kept]["text"].startswith("'=HYPERLINK")
    assert by_id[kept]["comments"] == "'+1 great"
    assert {r["cluster"] for r in rows} == {"Data", ""}


def test_the_markdown_export_keeps_note_text_as_text(app, wall, facilitator):
    board, *_ = _board_with_everything(wall)
    text = sign_in(app, facilitator).get(
        f"/facilitate/{wall.room.id}/boards/{board}.md").get_data(as_text=True)
    assert text.startswith("# Ideas?")
    assert "## Data\n\n- **2** [Yes] Open data — Bo" in text
    assert "\\# Heading \\<img src=x onerror=alert\\(1\\)\\>" in text
    assert re.search(r"(?<!\\)[<>]", text) is None  # every angle bracket escaped


def test_the_summary_page_escapes_note_text(app, wall, facilitator):
    board, *_ = _board_with_everything(wall)
    page = sign_in(app, facilitator).get(
        f"/facilitate/{wall.room.id}/boards/{board}/summary").get_data(as_text=True)
    assert "&lt;img src=x onerror=alert(1)&gt;" not in page  # merged: listed under its note
    assert "Open data" in page and "+ +1 great" in page
    assert "<img src=x" not in page


def test_exports_are_for_the_facilitator_of_an_existing_board(app, wall, facilitator):
    board = wall.board()
    anonymous = app.test_client()
    for suffix in (".json", ".csv", ".md", "/summary"):
        assert anonymous.get(f"/facilitate/{wall.room.id}/boards/{board}{suffix}"
                             ).status_code == 302
    http = sign_in(app, facilitator)
    assert http.get(f"/facilitate/{wall.room.id}/boards/{board + 1}.json").status_code == 404
    assert http.get(f"/facilitate/{wall.room.id + 1}/boards/{board}.csv").status_code == 404
