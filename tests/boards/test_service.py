"""Board rules through the dispatcher, on SQLite and PostgreSQL: opening boards from the
course, notes and their limits, own-note and own-team rules, moderation, clusters and
merges, comments, reactions, dot votes, phases, private writing and its reveal, team boards
and sharing them. Every refusal has its code and leaves the room's footprint unchanged."""
import pytest

from app.boards.models import Note
from app.core.scopes import Actor
from tests.boards.helpers import (
    BEST_IDEAS,
    DIGITAL_VALUE,
    IDEAS,
    LIKE_THIS_IDEA,
    ONE_ACTION,
    SDG_BREAKOUT,
    YES_NO,
)
from tests.support import make_teams, refused, rows, slide_id, snapshot_of


def state_of(wall, actor: Actor) -> dict:
    return snapshot_of(wall.app, actor)["state"]


# opening boards


def test_a_board_item_opens_its_board_from_the_course_once(wall):
    ack = wall.ok(wall.fac, "board.open", {"item_id": wall.item(YES_NO)})
    assert ack["created"] is True
    board = wall.board_row(ack["board_id"])
    assert board["prompt"].startswith("Organizations should encourage")
    assert board["columns"] == ["Yes", "No"]
    assert board["phase"] == "writing" and board["text_limit"] == 280
    again = wall.ok(wall.fac, "board.open", {"item_id": wall.item(YES_NO)})
    assert again == {"board_id": ack["board_id"], "created": False}
    assert wall.messages == []


def test_a_later_item_referring_back_works_on_the_same_board_with_its_settings(wall):
    ideas = wall.open_item(IDEAS)
    best = wall.open_item(BEST_IDEAS)
    assert best == ideas
    board = wall.board_row(ideas)
    assert board["item_ids"] == [wall.item(IDEAS), wall.item(BEST_IDEAS)]
    assert board["dot_votes"] == 3
    liked = wall.open_item(LIKE_THIS_IDEA)  # opened before its origin: made from it
    board = wall.board_row(liked)
    assert board["item_id"] == wall.item(ONE_ACTION)
    assert board["note_limit"] == 1 and board["require_positive_comment"] is True
    assert wall.open_item(ONE_ACTION) == liked


def test_only_board_items_of_this_course_open_boards(wall):
    refused(wall, wall.fac, "board.open", {"item_id": slide_id(wall.app, wall.course_id)},
            "invalid")
    refused(wall, wall.fac, "board.open", {"item_id": 2**31 - 1}, "not_found")
    refused(wall, wall.fac, "board.open", {"item_id": "1"}, "invalid")


def test_only_the_facilitator_opens_or_creates_boards(wall):
    pat, cody = wall.join("Pat"), wall.cohost()
    for actor in (pat, cody, wall.projector()):
        refused(wall, actor, "board.open", {"item_id": wall.item(DIGITAL_VALUE)}, "forbidden")
        refused(wall, actor, "board.create", {"prompt": "Mine"}, "forbidden")


def test_a_live_board_checks_its_settings(wall):
    refused(wall, wall.fac, "board.create", {"prompt": ""}, "invalid")
    refused(wall, wall.fac, "board.create", {"prompt": "x", "dot_votes": 2, "vote_cap": 3},
            "invalid")
    refused(wall, wall.fac, "board.create", {"prompt": "x", "columns": ["a"] * 13}, "invalid")
    refused(wall, wall.fac, "board.create", {"prompt": "x", "ref": IDEAS}, "invalid")
    refused(wall, wall.fac, "board.create", {"prompt": "x", "colour": "red"}, "invalid")
    board = wall.board(columns=["Now", "Later"], dot_votes=5, vote_cap=2, text_limit=40)
    assert wall.board_row(board)["vote_cap"] == 2


# notes


def test_a_note_is_stored_as_text_and_seen_by_the_room(wall):
    board = wall.board()
    pat, bo = wall.join("Pat"), wall.join("Bo")
    script = "<img src=x onerror=alert(1)>"
    note = wall.post(pat, board, f"  {script}  ", color="blue")
    row = wall.note_row(note)
    assert row["text"] == script and row["author"] == f"participant:{pat.id}"
    assert row["author_name"] == "Pat" and row["version"] == 1
    (event,) = wall.messages
    assert event["type"] == "note.posted" and event["scope"] == "room"
    assert state_of(wall, bo)["notes"][str(note)]["text"] == script


@pytest.mark.parametrize("text", ["", "   ", "x" * 281])
def test_empty_or_oversize_notes_are_refused(wall, text):
    board = wall.board()
    error = refused(wall, wall.join("Pat"), "note.post", {"board_id": board, "text": text},
                    "invalid")
    assert "text" in error["fields"]


def test_the_text_limit_is_the_boards_own(wall):
    board = wall.board(text_limit=20)
    pat = wall.join("Pat")
    refused(wall, pat, "note.post", {"board_id": board, "text": "x" * 21}, "invalid")
    wall.post(pat, board, "x" * 20)
    refused(wall, pat, "note.post", {"board_id": board, "text": "x" * 2001}, "invalid")


def test_notes_go_into_existing_columns_only(wall):
    board = wall.open_item(YES_NO)
    pat = wall.join("Pat")
    assert wall.note_row(wall.post(pat, board))["column"] == 0
    assert wall.note_row(wall.post(pat, board, column=1))["column"] == 1
    refused(wall, pat, "note.post", {"board_id": board, "text": "x", "column": 2}, "invalid")
    refused(wall, pat, "note.post", {"board_id": board, "text": "x", "column": -1}, "invalid")
    plain = wall.board()
    refused(wall, pat, "note.post", {"board_id": plain, "text": "x", "column": 0}, "invalid")


def test_the_note_limit_counts_each_participants_notes(wall):
    board = wall.open_item(ONE_ACTION)
    pat, bo = wall.join("Pat"), wall.join("Bo")
    first = wall.post(pat, board)
    refused(wall, pat, "note.post", {"board_id": board, "text": "Second"}, "conflict")
    wall.post(bo, board)
    wall.ok(pat, "note.delete", {"note_id": first})
    wall.post(pat, board, "Instead")


def test_bad_colours_and_unknown_boards_are_refused(wall):
    board = wall.board()
    pat = wall.join("Pat")
    refused(wall, pat, "note.post", {"board_id": board, "text": "x", "color": "red; x"},
            "invalid")
    refused(wall, pat, "note.post", {"board_id": 2**31 - 1, "text": "x"}, "not_found")
    refused(wall, pat, "note.post", {"board_id": board, "text": "x", "extra": 1}, "invalid")


def test_only_the_author_edits_a_note(wall):
    board = wall.board()
    pat, bo, cody = wall.join("Pat"), wall.join("Bo"), wall.cohost()
    note = wall.post(pat, board)
    for other in (bo, cody, wall.fac):
        refused(wall, other, "note.edit", {"note_id": note, "text": "Mine now"}, "forbidden")
    result = wall.ok(pat, "note.edit", {"note_id": note, "text": "Better", "version": 1})
    assert result["note"]["text"] == "Better" and result["note"]["version"] == 2
    assert result["stale"] is False
    refused(wall, pat, "note.edit", {"note_id": note}, "invalid")
    refused(wall, pat, "note.edit", {"note_id": note, "text": " "}, "invalid")


def test_concurrent_changes_win_per_field_and_the_ack_carries_the_stored_note(wall):
    board = wall.open_item(YES_NO)
    pat = wall.join("Pat")
    note = wall.post(pat, board)
    wall.ok(wall.fac, "note.move", {"note_id": note, "column": 1, "version": 1})
    # the author edited version 1 too: their text wins, the facilitator's move stays
    result = wall.ok(pat, "note.edit", {"note_id": note, "text": "Edited", "version": 1})
    assert result["stale"] is True
    assert result["note"]["column"] == 1 and result["note"]["text"] == "Edited"
    assert result["note"]["version"] == 3
    moved = wall.ok(pat, "note.move", {"note_id": note, "position": 0.5, "version": 2})
    assert moved["note"]["column"] == 1 and moved["note"]["position"] == 0.5
    assert moved["note"]["text"] == "Edited" and moved["stale"] is True


def test_moving_checks_author_or_moderator_and_the_column(wall):
    board = wall.open_item(YES_NO)
    pat, bo, cody = wall.join("Pat"), wall.join("Bo"), wall.cohost()
    note = wall.post(pat, board)
    refused(wall, bo, "note.move", {"note_id": note, "column": 1}, "forbidden")
    refused(wall, cody, "note.move", {"note_id": note, "column": 1}, "forbidden")
    refused(wall, pat, "note.move", {"note_id": note, "column": 2}, "invalid")
    refused(wall, pat, "note.move", {"note_id": note, "column": None}, "invalid")
    refused(wall, pat, "note.move", {"note_id": note}, "invalid")
    refused(wall, pat, "note.move", {"note_id": note, "position": float("nan")}, "invalid")
    wall.ok(pat, "note.move", {"note_id": note, "column": 1, "position": 3})
    assert wall.note_row(note)["column"] == 1


def test_deleting_is_for_the_author_or_a_moderator_and_takes_votes_and_comments(wall):
    board = wall.board()
    pat, bo = wall.join("Pat"), wall.join("Bo")
    note = wall.post(pat, board)
    wall.ok(bo, "note.comment", {"note_id": note, "text": "Nice", "positive": True})
    refused(wall, bo, "note.delete", {"note_id": note}, "forbidden")
    wall.phase(board, "voting")
    wall.ok(bo, "note.vote", {"note_id": note})
    wall.ok(wall.fac, "note.delete", {"note_id": note})
    types = [m["type"] for m in wall.messages]
    assert types == ["note.deleted", "board.mine"]
    deleted = wall.messages[0]["changes"]
    assert ["notes", str(note), None] in deleted and deleted[1][0] == "comments"
    assert wall.messages[1]["scope"] == f"participant:{bo.id}"
    assert wall.messages[1]["changes"][0] == ["my_votes", str(board), None]
    refused(wall, pat, "note.delete", {"note_id": note}, "not_found")


# private writing and the reveal


def test_private_writing_shows_each_their_own_notes_until_the_reveal(wall):
    board = wall.board(private_until_reveal=True)
    pat, bo, cody = wall.join("Pat"), wall.join("Bo"), wall.cohost()
    mine = wall.post(pat, board, "Pat's")
    assert sorted(m["scope"] for m in wall.messages) == [f"participant:{pat.id}", "staff"]
    theirs = wall.post(bo, board, "Bo's")
    assert set(state_of(wall, pat)["notes"]) == {str(mine)}
    assert set(state_of(wall, bo)["notes"]) == {str(theirs)}
    assert set(state_of(wall, cody)["notes"]) == {str(mine), str(theirs)}
    assert state_of(wall, wall.projector())["notes"] == {}
    refused(wall, bo, "note.comment", {"note_id": mine, "text": "Hi"}, "not_found")
    refused(wall, pat, "board.reveal", {"board_id": board}, "forbidden")
    refused(wall, cody, "board.reveal", {"board_id": board}, "forbidden")
    refused(wall, wall.fac, "board.phase", {"board_id": board, "phase": "voting"}, "conflict")
    refused(wall, pat, "board.phase", {"board_id": board, "phase": "results"}, "forbidden")
    wall.ok(wall.fac, "board.reveal", {"board_id": board})
    (event,) = wall.messages
    assert event["type"] == "board.revealed" and event["scope"] == "room"
    assert {key for kind, key, _ in event["changes"] if kind == "notes"} == {str(mine),
                                                                          str(theirs)}
    assert set(state_of(wall, pat)["notes"]) == {str(mine), str(theirs)}
    refused(wall, wall.fac, "board.reveal", {"board_id": board}, "conflict")


# moderation


def test_moderators_hide_highlight_and_participants_cannot(wall):
    board = wall.board()
    pat, bo = wall.join("Pat"), wall.join("Bo")
    note = wall.post(pat, board, "Rude words")
    refused(wall, pat, "note.moderate", {"note_id": note, "hidden": True}, "forbidden")
    refused(wall, wall.cohost(), "note.moderate", {"note_id": note, "hidden": True},
            "forbidden")
    refused(wall, wall.fac, "note.moderate", {"note_id": note}, "invalid")
    wall.ok(wall.fac, "note.moderate", {"note_id": note, "hidden": True, "highlighted": True})
    seen = state_of(wall, bo)["notes"][str(note)]
    assert seen["hidden"] is True and seen["text"] == "" and seen["highlighted"] is True
    assert wall.note_row(note)["text"] == "Rude words"
    refused(wall, bo, "note.comment", {"note_id": note, "text": "?"}, "conflict")
    wall.ok(wall.fac, "note.moderate", {"note_id": note, "hidden": False})
    assert state_of(wall, bo)["notes"][str(note)]["text"] == "Rude words"


def test_clusters_group_notes_of_their_own_board(wall):
    board, other = wall.board(), wall.board()
    pat = wall.join("Pat")
    note = wall.post(pat, board)
    refused(wall, pat, "cluster.create", {"board_id": board, "title": "Mine"}, "forbidden")
    refused(wall, wall.fac, "cluster.create", {"board_id": board, "title": "  "}, "invalid")
    cluster = wall.ok(wall.fac, "cluster.create", {"board_id": board, "title": "Data"})
    elsewhere = wall.ok(wall.fac, "cluster.create", {"board_id": other, "title": "X"})
    refused(wall, wall.fac, "note.cluster",
            {"note_id": note, "cluster_id": elsewhere["cluster_id"]}, "invalid")
    refused(wall, pat, "note.cluster", {"note_id": note, **cluster}, "forbidden")
    wall.ok(wall.fac, "note.cluster", {"note_id": note, **cluster})
    assert wall.note_row(note)["cluster_id"] == cluster["cluster_id"]
    wall.ok(wall.fac, "cluster.rename", {**cluster, "title": "Open data"})
    assert state_of(wall, pat)["clusters"][str(cluster["cluster_id"])]["title"] == "Open data"
    wall.ok(wall.fac, "note.cluster", {"note_id": note, "cluster_id": None})
    assert wall.note_row(note)["cluster_id"] is None


def test_deleting_a_cluster_leaves_its_notes_on_the_board_unclustered(wall):
    board = wall.board(columns=["A", "B"])
    pat, cody = wall.join("Pat"), wall.cohost()
    notes = [wall.post(pat, board, "One"), wall.post(pat, board, "Two", column=1),
             wall.post(pat, board, "Three")]
    data = wall.ok(wall.fac, "cluster.create", {"board_id": board, "title": "Data"})
    kept = wall.ok(wall.fac, "cluster.create", {"board_id": board, "title": "Kept"})
    for note in notes[:2]:
        wall.ok(wall.fac, "note.cluster", {"note_id": note, **data})
    wall.ok(wall.fac, "note.cluster", {"note_id": notes[2], **kept})
    refused(wall, pat, "cluster.delete", data, "forbidden")
    refused(wall, cody, "cluster.delete", data, "forbidden")  # a room board: not theirs
    refused(wall, wall.fac, "cluster.delete", {"cluster_id": 2**31 - 1}, "not_found")
    refused(wall, wall.fac, "cluster.delete", {"cluster_id": "1"}, "invalid")
    refused(wall, wall.fac, "cluster.delete", {**data, "title": "x"}, "invalid")
    wall.phase(board, "locked")
    refused(wall, wall.fac, "cluster.delete", data, "conflict")
    wall.phase(board, "results")
    before = {n: wall.note_row(n) for n in notes}

    assert wall.ok(wall.fac, "cluster.delete", data) == data
    (event,) = wall.messages
    assert event["type"] == "cluster.deleted" and event["scope"] == "room"
    assert [c[:2] for c in event["changes"]] == [
        ["clusters", str(data["cluster_id"])], ["notes", str(notes[0])], ["notes", str(notes[1])]]
    for note in notes[:2]:
        row = wall.note_row(note)
        assert row["cluster_id"] is None and row["version"] == before[note]["version"] + 1
        assert {k: row[k] for k in ("text", "column", "position")} == \
            {k: before[note][k] for k in ("text", "column", "position")}
    assert wall.note_row(notes[2]) == before[notes[2]]
    seen = state_of(wall, pat)
    assert list(seen["clusters"]) == [str(kept["cluster_id"])]
    assert {str(n) for n in notes} <= seen["notes"].keys()
    refused(wall, wall.fac, "cluster.delete", data, "not_found")
    again = wall.ok(wall.fac, "cluster.create", {"board_id": board, "title": "Again"})
    assert state_of(wall, pat)["clusters"][str(again["cluster_id"])]["position"] == 3


def test_a_cofacilitator_deletes_clusters_only_on_their_teams_boards(wall):
    pat, cy = wall.join("Pat"), wall.join("Cy")
    cody, cleo = wall.cohost("Cody"), wall.cohost("Cleo")
    red, _blue = wall.teams([[pat], [cy]], {0: cody, 1: cleo})
    board = wall.ok(wall.fac, "board.open_team",
                    {"item_id": wall.item(SDG_BREAKOUT), "team_id": red})["board_id"]
    note = wall.post(pat, board)
    cluster = wall.ok(cody, "cluster.create", {"board_id": board, "title": "Ours"})
    wall.ok(cody, "note.cluster", {"note_id": note, **cluster})
    refused(wall, cleo, "cluster.delete", cluster, "forbidden")
    refused(wall, pat, "cluster.delete", cluster, "forbidden")
    wall.ok(cody, "cluster.delete", cluster)
    assert {e["scope"] for e in wall.messages} == {f"team:{red}"}
    assert wall.note_row(note)["cluster_id"] is None


def test_deleting_a_cluster_on_a_private_board_tells_each_only_their_own_notes(wall):
    board = wall.board(private_until_reveal=True)
    pat, bo = wall.join("Pat"), wall.join("Bo")
    mine, theirs = wall.post(pat, board), wall.post(bo, board)
    cluster = wall.ok(wall.fac, "cluster.create", {"board_id": board, "title": "All"})
    for note in (mine, theirs):
        wall.ok(wall.fac, "note.cluster", {"note_id": note, **cluster})
    wall.ok(wall.fac, "cluster.delete", cluster)
    notes_by_scope = {e["scope"]: [c[1] for c in e["changes"] if c[0] == "notes"]
                      for e in wall.messages}
    assert notes_by_scope == {"room": [], f"participant:{pat.id}": [str(mine)],
                              f"participant:{bo.id}": [str(theirs)],
                              "staff": [str(mine), str(theirs)]}
    assert state_of(wall, pat)["notes"][str(mine)]["cluster_id"] is None
    assert str(theirs) not in state_of(wall, pat)["notes"]


def test_merging_duplicates_moves_their_dots_comments_and_reactions(wall):
    board = wall.board(dot_votes=3)
    pat, bo, cy = wall.join("Pat"), wall.join("Bo"), wall.join("Cy")
    kept, dup = wall.post(pat, board, "Open data"), wall.post(bo, board, "open data!")
    wall.ok(cy, "note.comment", {"note_id": dup, "text": "Yes"})
    wall.ok(cy, "note.react", {"note_id": dup, "kind": "like", "on": True})
    wall.ok(cy, "note.react", {"note_id": kept, "kind": "like", "on": True})
    wall.phase(board, "voting")
    wall.ok(cy, "note.vote", {"note_id": dup})
    wall.ok(bo, "note.vote", {"note_id": kept})
    refused(wall, pat, "note.merge", {"note_id": kept, "duplicate_ids": [dup]}, "forbidden")
    refused(wall, wall.fac, "note.merge", {"note_id": kept, "duplicate_ids": [kept]},
            "invalid")
    refused(wall, wall.fac, "note.merge", {"note_id": kept, "duplicate_ids": []}, "invalid")
    other = wall.post(pat, wall.board())
    refused(wall, wall.fac, "note.merge", {"note_id": kept, "duplicate_ids": [other]},
            "invalid")
    wall.ok(wall.fac, "note.merge", {"note_id": kept, "duplicate_ids": [dup]})
    assert wall.votes(board)[1]["votes"] == {str(kept): 2}
    state = state_of(wall, cy)
    assert str(dup) not in state["notes"]
    assert [c["note_id"] for c in state["comments"].values()] == [kept]
    assert state["my_votes"][str(board)] == {str(kept): 1}
    assert state["my_reactions"][str(board)] == {str(kept): ["like"]}
    assert wall.note_row(dup)["merged_into"] == kept
    refused(wall, wall.fac, "note.merge", {"note_id": kept, "duplicate_ids": [dup]},
            "not_found")


def test_adding_a_column_live_puts_earlier_notes_in_the_first(wall):
    board = wall.board()
    pat = wall.join("Pat")
    note = wall.post(pat, board)
    refused(wall, pat, "board.add_column", {"board_id": board, "title": "Yes"}, "forbidden")
    wall.ok(wall.fac, "board.add_column", {"board_id": board, "title": "Yes"})
    assert wall.note_row(note)["column"] == 0
    assert wall.ok(wall.fac, "board.add_column", {"board_id": board, "title": "No"}) == {
        "board_id": board, "column": 1}
    wall.post(pat, board, column=1)


# comments and reactions


def test_a_positive_comment_goes_on_someone_elses_note(wall):
    board = wall.open_item(LIKE_THIS_IDEA)
    pat, bo = wall.join("Pat"), wall.join("Bo")
    note = wall.post(pat, board)
    refused(wall, pat, "note.comment", {"note_id": note, "text": "Mine is great",
                                        "positive": True}, "invalid")
    refused(wall, bo, "note.comment", {"note_id": note, "text": "   "}, "invalid")
    refused(wall, bo, "note.comment", {"note_id": note, "text": "x" * 501}, "invalid")
    result = wall.ok(bo, "note.comment", {"note_id": note, "text": "<b>Bold</b> idea",
                                          "positive": True})
    assert result["comment"]["text"] == "<b>Bold</b> idea" and result["comment"]["positive"]
    wall.phase(board, "results")
    refused(wall, bo, "note.comment", {"note_id": note, "text": "Late"}, "conflict")


def test_reactions_toggle_and_are_counted_coalesced(wall):
    board = wall.board()
    pat, bo = wall.join("Pat"), wall.join("Bo")
    note = wall.post(pat, board)
    wall.ok(bo, "note.react", {"note_id": note, "kind": "idea", "on": True})
    wall.ok(bo, "note.react", {"note_id": note, "kind": "idea", "on": True})
    (event,) = wall.messages
    assert event["scope"] == f"participant:{bo.id}"  # counts travel as an aggregate
    from app.boards.state import board_reactions
    with wall.app.app_context():
        assert board_reactions(wall.room.id, str(board))[1]["reactions"] == {
            str(note): {"idea": 1}}
    wall.ok(bo, "note.react", {"note_id": note, "kind": "idea", "on": False})
    refused(wall, bo, "note.react", {"note_id": note, "kind": "boo", "on": True}, "invalid")
    refused(wall, wall.fac, "note.react", {"note_id": note, "kind": "idea", "on": True},
            "forbidden")


# dot votes


def test_dot_votes_keep_to_the_budget_and_the_cap(wall):
    board = wall.board(dot_votes=3, vote_cap=2)
    pat, bo = wall.join("Pat"), wall.join("Bo")
    a, b = wall.post(pat, board, "A"), wall.post(pat, board, "B")
    refused(wall, bo, "note.vote", {"note_id": a}, "conflict")  # still writing
    wall.phase(board, "voting")
    assert wall.ok(bo, "note.vote", {"note_id": a})["left"] == 2
    wall.ok(bo, "note.vote", {"note_id": a})
    refused(wall, bo, "note.vote", {"note_id": a}, "conflict")  # cap per note
    assert wall.ok(bo, "note.vote", {"note_id": b})["left"] == 0
    refused(wall, bo, "note.vote", {"note_id": b}, "conflict")  # budget
    assert wall.ok(bo, "note.unvote", {"note_id": a})["left"] == 1
    refused(wall, pat, "note.unvote", {"note_id": a}, "conflict")
    refused(wall, wall.fac, "note.vote", {"note_id": a}, "forbidden")
    refused(wall, bo, "note.vote", {"note_id": 2**31 - 1}, "not_found")
    refused(wall, pat, "note.post", {"board_id": board, "text": "Late"}, "conflict")
    scope, tally = wall.votes(board)
    assert scope == "room" and tally["votes"] == {str(a): 1, str(b): 1}
    assert tally["voters"] == 1 and tally["dots"] == 2
    assert state_of(wall, bo)["my_votes"] == {str(board): {str(a): 1, str(b): 1}}


def test_hidden_votes_reach_the_room_only_with_the_results(wall):
    board = wall.board(hide_votes=True)
    pat = wall.join("Pat")
    note = wall.post(wall.join("Bo"), board)
    wall.phase(board, "voting")
    wall.ok(pat, "note.vote", {"note_id": note})
    assert wall.votes(board)[0] == "staff"
    assert f"board:{board}" not in snapshot_of(wall.app, pat)["aggregates"]
    assert f"board:{board}" in snapshot_of(wall.app, wall.fac)["aggregates"]
    wall.phase(board, "results")
    assert wall.votes(board)[0] == "room"
    assert snapshot_of(wall.app, pat)["aggregates"][f"board:{board}"]["votes"] == {
        str(note): 1}


def test_a_locked_board_takes_nothing(wall):
    board = wall.board()
    pat = wall.join("Pat")
    note = wall.post(pat, board)
    wall.phase(board, "locked")
    refused(wall, pat, "note.post", {"board_id": board, "text": "x"}, "conflict")
    refused(wall, pat, "note.edit", {"note_id": note, "text": "x"}, "conflict")
    refused(wall, wall.fac, "note.move", {"note_id": note, "position": 2}, "conflict")
    refused(wall, wall.fac, "note.delete", {"note_id": note}, "conflict")
    refused(wall, pat, "note.comment", {"note_id": note, "text": "x"}, "conflict")
    refused(wall, wall.fac, "board.phase", {"board_id": board, "phase": "locked"}, "conflict")
    refused(wall, wall.fac, "board.phase", {"board_id": board, "phase": "done"}, "invalid")
    wall.phase(board, "writing")
    wall.post(pat, board)


# team boards


def test_team_boards_belong_to_their_team(wall):
    pat, bo, cy = wall.join("Pat"), wall.join("Bo"), wall.join("Cy")
    cody, cleo = wall.cohost("Cody"), wall.cohost("Cleo")
    red, blue = wall.teams([[pat, bo], [cy]], {0: cody, 1: cleo})
    item = wall.item(SDG_BREAKOUT)
    board = wall.ok(wall.fac, "board.open_team", {"item_id": item, "team_id": red})["board_id"]
    assert wall.messages[0]["scope"] == f"team:{red}"
    note = wall.post(pat, board)
    assert wall.messages[0]["scope"] == f"team:{red}"
    refused(wall, cy, "note.post", {"board_id": board, "text": "x"}, "forbidden")
    refused(wall, cy, "note.comment", {"note_id": note, "text": "x"}, "forbidden")
    refused(wall, cleo, "note.moderate", {"note_id": note, "hidden": True}, "forbidden")
    refused(wall, cleo, "board.phase", {"board_id": board, "phase": "voting"}, "forbidden")
    wall.ok(cody, "note.moderate", {"note_id": note, "highlighted": True})
    wall.ok(cody, "board.phase", {"board_id": board, "phase": "voting"})
    wall.ok(bo, "note.vote", {"note_id": note})
    refused(wall, cy, "note.vote", {"note_id": note}, "forbidden")
    assert str(board) not in state_of(wall, cy)["boards"]
    assert str(board) not in state_of(wall, cleo)["boards"]
    assert str(note) in state_of(wall, cody)["notes"]
    assert f"board:{board}" not in snapshot_of(wall.app, cy)["aggregates"]
    refused(wall, cody, "board.share", {"board_id": board}, "forbidden")
    wall.ok(wall.fac, "board.share", {"board_id": board})
    (event,) = wall.messages
    assert event["scope"] == "room" and ["notes", str(note)] in [c[:2] for c in event["changes"]]
    assert str(note) in state_of(wall, cy)["notes"]
    assert state_of(wall, cy)["boards"][str(board)]["shared"] is True
    refused(wall, cy, "note.post", {"board_id": board, "text": "x"}, "forbidden")
    refused(wall, wall.fac, "board.share", {"board_id": board}, "conflict")
    assert blue


def test_ensure_team_board_is_idempotent(wall):
    from app.boards.service import opening
    from app.core.commands import Context
    from app.extensions import db

    (team,) = wall.teams([[wall.join("Pat")]])
    item = wall.item(SDG_BREAKOUT)
    with wall.app.app_context():
        ctx = Context(room_id=wall.room.id, actor=wall.fac)
        first = opening.ensure_team_board(ctx, item, team)
        db.session.commit()
        again = opening.ensure_team_board(ctx, item, team)
        assert first.id == again.id and len(ctx.events) == 1
        db.session.remove()
    refused(wall, wall.fac, "board.open_team", {"item_id": item, "team_id": 2**31 - 1},
            "not_found")
    refused(wall, wall.fac, "board.open_team",
            {"item_id": wall.item(DIGITAL_VALUE), "team_id": team}, "invalid")
    assert wall.ok(wall.fac, "board.open_team", {"item_id": item, "team_id": team})


def test_a_team_board_needs_its_grouping_active(wall):
    (team,) = make_teams(wall.app, wall.room.id, [wall.join("Pat")], active=False)
    refused(wall, wall.fac, "board.open_team",
            {"item_id": wall.item(SDG_BREAKOUT), "team_id": team}, "conflict")


def test_an_anonymous_board_names_no_author(wall):
    board = wall.board(anonymous=True)
    pat, bo = wall.join("Pat"), wall.join("Bo")
    note = wall.post(pat, board)
    wall.ok(bo, "note.comment", {"note_id": note, "text": "Agreed"})
    state = state_of(wall, bo)
    assert state["notes"][str(note)]["author_name"] == ""
    assert [c["author_name"] for c in state["comments"].values()] == [""]
    assert wall.note_row(note)["author_name"] == "Pat"  # stored, shown nowhere
    # the author is a pseudonym: only Pat's own devices can tell the note is hers, and no
    # id in it matches the participant ids of the roster or the team lists
    author = state["notes"][str(note)]["author"]
    (comment,) = state["comments"].values()
    assert author.startswith("anonymous:") and str(pat.id) not in author.split(":")
    assert snapshot_of(wall.app, pat)["me"]["pseudonym"] == author
    assert snapshot_of(wall.app, bo)["me"]["pseudonym"] == comment["author"] != author
    signed = wall.post(pat, wall.board())
    assert state_of(wall, bo)["notes"][str(signed)]["author"] == pat.key


def test_a_private_board_reveal_is_logged_once_for_the_room(wall):
    board = wall.board(private_until_reveal=True)
    crowd = wall.crowd(3)
    for person in crowd:
        wall.post(person, board)
    wall.ok(wall.fac, "board.reveal", {"board_id": board})
    assert len(wall.messages) == 1
    assert len(rows(wall.app, Note, Note.board_id == board)) == 3
