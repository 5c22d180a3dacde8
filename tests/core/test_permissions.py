"""The permission matrix, generated from the command registry: every command type against
the facilitator, a co-facilitator of this team and of another, a participant of this team
and of another, the projector, and forged tokens. A refusal is `forbidden` (or `not_found`
for another team's object) and changes nothing.

EXPECTED_ROLES is the reviewed table of who may send what: a new command type fails
`test_every_command_type_has_its_row` until its row is written here."""
import pytest

from app.core.commands import REGISTRY
from tests.boards.helpers import SDG_BREAKOUT, Wall
from tests.support import People

FAC, COFAC, PART, OP = "facilitator", "cofacilitator", "participant", "operator"
EXPECTED_ROLES = {
    "agenda.back": {FAC}, "agenda.goto": {FAC}, "agenda.next": {FAC},
    "assessment.close": {FAC}, "assessment.open": {FAC}, "assessment.reveal": {FAC},
    "assessment.save": {PART},
    "board.add_column": {FAC, COFAC}, "board.create": {FAC}, "board.open": {FAC},
    "board.open_team": {FAC}, "board.phase": {FAC, COFAC}, "board.reveal": {FAC},
    "board.share": {FAC},
    "breakout.broadcast": {FAC}, "breakout.close": {FAC}, "breakout.extend": {FAC},
    "breakout.start": {FAC},
    "cluster.create": {FAC, COFAC}, "cluster.delete": {FAC, COFAC},
    "cluster.rename": {FAC, COFAC},
    "cofacilitator.accept": {"invitee"},
    "help.ask": {PART}, "help.resolve": {FAC, COFAC}, "help.take": {FAC, COFAC},
    "note.cluster": {FAC, COFAC}, "note.comment": {FAC, COFAC, PART},
    "note.delete": {FAC, COFAC, PART}, "note.edit": {FAC, COFAC, PART},
    "note.merge": {FAC, COFAC}, "note.moderate": {FAC, COFAC},
    "note.move": {FAC, COFAC, PART}, "note.post": {FAC, COFAC, PART},
    "note.react": {PART}, "note.unvote": {PART}, "note.vote": {PART},
    "participant.erase": {OP}, "participant.join": {"guest"}, "participant.rename": {PART},
    "poll.answer": {PART}, "poll.close": {FAC}, "poll.create": {FAC},
    "poll.hide_answer": {FAC}, "poll.open": {FAC}, "poll.reveal": {FAC},
    "presentation.next": {FAC}, "presentation.open": {FAC}, "presentation.page": {FAC, PART},
    "presentation.reorder": {FAC},
    "prework.close": {FAC}, "prework.create": {FAC}, "prework.note": {PART},
    "prework.open": {FAC}, "prework.submit": {PART},
    "session.end": {FAC}, "session.start": {FAC},
    "team.join": {PART}, "team.moderators": {FAC}, "team.move": {FAC, COFAC},
    "team.rename": {FAC}, "team.role": {FAC, PART},
    "teams.activate": {FAC}, "teams.make": {FAC},
    # live tools
    "announcement.clear": {FAC}, "announcement.send": {FAC},
    "chat.delete": {FAC, COFAC}, "chat.mute": {FAC, COFAC}, "chat.send": {FAC, COFAC, PART},
    "cofacilitator.revoke": {FAC}, "link.renew": {FAC},
    "hand.lower": {PART}, "hand.raise": {PART},
    "hands.lower": {FAC, COFAC}, "hands.lower_all": {FAC, COFAC},
    "participant.readmit": {FAC}, "participant.remove": {FAC, COFAC},
    "question.answer": {FAC, COFAC}, "question.approve": {FAC, COFAC},
    "question.ask": {PART}, "question.hide": {FAC, COFAC}, "question.pin": {FAC, COFAC},
    "question.upvote": {PART}, "reaction.send": {PART},
    "settings.change": {FAC},
    "timer.extend": {FAC}, "timer.start": {FAC}, "timer.stop": {FAC},
    # course edits: sent to the course editor, never to a room (tests/course/test_editing.py)
    "course.edit": {FAC}, "deck.add": {FAC},
    "item.add": {FAC}, "item.delete": {FAC}, "item.duplicate": {FAC}, "item.edit": {FAC},
    "item.move": {FAC},
    "session.add": {FAC}, "session.delete": {FAC}, "session.edit": {FAC},
    "session.move": {FAC},
}
#: what a room's socket may send: the matrix below
ROOM_TYPES = {type for type, spec in REGISTRY.items() if spec.target == "room"}

#: commands about one team's things, with data naming Team 1's board, note and cluster:
#: whoever is of or moderates another team is refused, whatever their role allows
ABOUT_TEAM_ONE = {
    "board.add_column": lambda w: {"board_id": w.board, "title": "More"},
    "board.phase": lambda w: {"board_id": w.board, "phase": "voting"},
    "cluster.create": lambda w: {"board_id": w.board, "title": "Ours"},
    "cluster.rename": lambda w: {"cluster_id": w.cluster, "title": "Renamed"},
    "cluster.delete": lambda w: {"cluster_id": w.cluster},
    "note.post": lambda w: {"board_id": w.board, "text": "Mine"},
    "note.edit": lambda w: {"note_id": w.note, "text": "Changed"},
    "note.move": lambda w: {"note_id": w.note, "position": 2},
    "note.moderate": lambda w: {"note_id": w.note, "hidden": True},
    "note.cluster": lambda w: {"note_id": w.note, "cluster_id": w.cluster},
    "note.comment": lambda w: {"note_id": w.note, "text": "Yes", "positive": True},
    "note.react": lambda w: {"note_id": w.note, "kind": "like", "on": True},
    "note.vote": lambda w: {"note_id": w.note},
    "note.unvote": lambda w: {"note_id": w.note},
    "note.merge": lambda w: {"note_id": w.note, "duplicate_ids": [w.other_note]},
    "note.delete": lambda w: {"note_id": w.note},
}
#: Team 1's things these remove: they come last, so every other cell finds them
REMOVING = ("cluster.delete", "note.merge", "note.delete")
#: only the note's author (Pat) may, whatever the role
AUTHOR_ONLY = {"note.edit"}


@pytest.fixture
def world(app, course, room):
    """Team 1 (Pat, moderated by Cody) with its board, a note of Pat's, another note and a
    cluster; Team 2 (Cy, moderated by Cleo)."""
    wall = Wall(app, room, course.id)
    wall.pat, wall.cy = wall.join("Pat"), wall.join("Cy")
    wall.cody, wall.cleo = wall.cohost("Cody"), wall.cohost("Cleo")
    team_one, _team_two = wall.teams([[wall.pat], [wall.cy]], {0: wall.cody, 1: wall.cleo})
    wall.board = wall.ok(wall.fac, "board.open_team",
                         {"item_id": wall.item(SDG_BREAKOUT), "team_id": team_one})["board_id"]
    wall.note = wall.post(wall.pat, wall.board, "Pat's idea")
    wall.other_note = wall.post(wall.pat, wall.board, "Pat's other idea")
    wall.cluster = wall.ok(wall.fac, "cluster.create",
                           {"board_id": wall.board, "title": "Team one"})["cluster_id"]
    return wall


def test_every_command_type_has_its_row(app):
    assert {type: set(spec.roles) for type, spec in REGISTRY.items()} == EXPECTED_ROLES


def test_the_matrix_of_types_and_actors(world):
    """Each cell: a role the type does not name is forbidden; someone of or moderating
    another team is refused on Team 1's things, and anyone but the author on what only
    the author may do; every refusal leaves everything as it was; no cell is an internal
    error. Those refused act first, so the things they are refused on still exist."""
    actors = {"cofacilitator of another team": world.cleo,
              "participant of another team": world.cy, "projector": world.projector(),
              "cofacilitator of this team": world.cody, "participant of this team": world.pat,
              "facilitator": world.fac}
    outsiders = {"cofacilitator of another team", "participant of another team"}
    order = sorted(ROOM_TYPES - set(REMOVING)) + [t for t in REMOVING if t in ROOM_TYPES]
    cells = 0
    for type in order:
        for label, actor in actors.items():
            data = ABOUT_TEAM_ONE.get(type, lambda _w: {})(world)
            allowed = actor.role in EXPECTED_ROLES[type]
            refused = (not allowed or (type in ABOUT_TEAM_ONE and label in outsiders)
                       or (type in AUTHOR_ONLY and actor != world.pat))
            before = world.footprint() if refused else None
            ack = world.do(actor, type, data)
            cells += 1
            where = (type, label, ack)
            assert ack.get("error", {}).get("code") != "internal", where
            if not allowed:
                assert ack["error"]["code"] == "forbidden", where
            elif refused:
                assert ack["error"]["code"] in ("forbidden", "not_found"), where
            else:
                assert ack["ok"] or ack["error"]["code"] != "forbidden", where
            if refused:
                assert world.footprint() == before, where
    assert cells == len(ROOM_TYPES) * len(actors)


@pytest.mark.parametrize("role", ["participant", "cofacilitator", "projector", "facilitator"])
def test_forged_and_borrowed_tokens_never_connect(app, course, room, people: People, role):
    """The last column: a forged token, a token of another kind, or none, is no actor at
    all, so it can send no command."""
    other_kind = (people.projector_token(room) if role != "projector"
                  else people.cohost_invite(room))
    for auth in ({"role": role, "token": "eyJyIjoxLCJzIjoxfQ.forged.signature"},
                 {"role": role, "token": other_kind}, {"role": role},
                 {"role": role, "room": room.id}):
        client = people.raw(auth)
        assert not client.is_connected(), auth
