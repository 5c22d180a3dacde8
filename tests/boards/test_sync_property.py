"""Properties of boards under random commands.

1. The spine's property with boards in play: random sequences of board commands (posting,
   editing and moving with stale versions, deleting, moderating, clustering, deleting
   clusters, merging, comments, reactions, dot votes, phases, the reveal of a private
   board, a team board and its sharing), valid or not, from several people; four observers
   (the facilitator, a participant in the team, the team's co-facilitator and the
   projector) take a snapshot at a random point, and the events of sync(since) folded into
   it give the fresh snapshot.

2. Concurrent edits converge: two authors and the facilitator edit and move the same notes
   from whatever version they last saw (only an author's edits apply), their events arrive
   late and out of order, and each applies the ack's note as the client does; at the end
   every client holds exactly the server's notes.
"""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.scopes import Actor
from tests.boards.helpers import SDG_BREAKOUT
from tests.support import (
    assert_stale_snapshots_catch_up,
    item_id,
    make_teams,
    open_room,
    run,
    snapshot_of,
)

SPECS = [
    {"prompt": "Ideas?"},
    {"prompt": "Yes or no?", "columns": ["Yes", "No"], "dot_votes": 2, "vote_cap": 1},
    {"prompt": "Private", "private_until_reveal": True, "hide_votes": True},
    {"prompt": "One each", "note_limit": 1, "require_positive_comment": True},
]
TEXTS = ["An idea", "<img src=x onerror=alert(1)>", "", "x" * 300]
PHASES = ["writing", "voting", "results", "locked"]
REFUSALS = ("invalid", "not_found", "conflict", "forbidden")


def operations():
    who = st.integers(0, 3)  # two participants in the team, one outside, the facilitator
    board = st.integers(0, 9)
    note = st.integers(0, 20)
    return st.one_of(
        st.tuples(st.just("post"), who, board, st.integers(0, len(TEXTS) - 1),
                  st.sampled_from([-1, -1, 0, 1, 2])),
        st.tuples(st.just("edit"), who, note, st.integers(0, len(TEXTS) - 1),
                  st.integers(0, 3)),
        st.tuples(st.just("move"), who, note, st.integers(-1, 2), st.integers(0, 3)),
        st.tuples(st.just("vote"), who, note),
        st.tuples(st.just("voting round"), who, note),
        st.tuples(st.just("post"), who, board, st.just(0), st.integers(-1, 1)),
        st.tuples(st.just("unvote"), who, note),
        st.tuples(st.just("comment"), who, note, st.booleans()),
        st.tuples(st.just("react"), who, note, st.booleans()),
        st.tuples(st.just("delete"), who, note),
        st.tuples(st.just("phase"), board, st.integers(0, 3)),
        st.tuples(st.just("create"), st.integers(0, len(SPECS) - 1)),
        st.tuples(st.just("moderate"), note, st.booleans()),
        # then 2: the facilitator deletes the cluster, 3: the team's co-facilitator tries
        st.tuples(st.just("cluster"), board, note, st.integers(0, 3)),
        st.tuples(st.just("merge"), note, st.integers(1, 2)),
        st.tuples(st.just("reveal"), board),
        st.tuples(st.just("share"), board),
        st.tuples(st.just("column"), board),
    )


class World:
    """A new room of the course with a team board, and the people acting in it."""

    def __init__(self, app, course, applied: set):
        self.app, self.course, self.applied = app, course, applied
        self.room = open_room(app, course.id)
        self.facilitator = Actor("facilitator", 1, self.room.id, "Fran")
        self.participant = Actor("participant", self.join("Observer"), self.room.id)
        self.mate = Actor("participant", self.join("Mate"), self.room.id)
        self.outsider = Actor("participant", self.join("Outsider"), self.room.id)
        ack, _ = run(app, Actor("invitee", None, self.room.id), "cofacilitator.accept",
                     {"name": "Cody"})
        self.cofacilitator = Actor("cofacilitator", ack["result"]["cofacilitator_id"],
                                   self.room.id)
        self.projector = Actor("projector", None, self.room.id, "projector")
        (self.team,) = make_teams(app, self.room.id, [self.participant, self.mate],
                                  moderators={0: self.cofacilitator})
        self.boards: list[int] = []
        self.notes: list[int] = []
        self.clusters: dict[int, int] = {}
        self.versions: dict[int, int] = {}

    def join(self, name: str) -> int:
        ack, _ = run(self.app, Actor("guest", None, self.room.id), "participant.join",
                     {"name": name})
        return ack["result"]["participant_id"]

    @property
    def people(self) -> list[Actor]:
        return [self.participant, self.mate, self.outsider, self.facilitator]

    def board(self, index: int) -> int:
        return self.boards[index % len(self.boards)] if self.boards and index < 9 else 2**31 - 1

    def note(self, index: int) -> int:
        return self.notes[index % len(self.notes)] if self.notes and index < 20 else 2**31 - 1

    def run(self, actor: Actor, type: str, data: dict) -> dict:
        ack, _ = run(self.app, actor, type, data)
        if not ack["ok"]:
            assert ack["error"]["code"] in REFUSALS, (type, ack)
        else:
            self.applied.add(type)
        return ack

    def apply(self, op) -> None:  # noqa: C901  (one branch per operation)
        kind, fac = op[0], self.facilitator
        if kind == "create":
            ack = self.run(fac, "board.create", SPECS[op[1]])
            if ack["ok"]:
                self.boards.append(ack["result"]["board_id"])
        elif kind == "post":
            data = {"board_id": self.board(op[2]), "text": TEXTS[op[3]]}
            if op[4] >= 0:
                data["column"] = op[4]
            ack = self.run(self.people[op[1]], "note.post", data)
            if ack["ok"]:
                self.notes.append(ack["result"]["note_id"])
        elif kind == "edit":
            self.run(self.people[op[1]], "note.edit",
                     {"note_id": self.note(op[2]), "text": TEXTS[op[3]], "version": op[4] + 1})
        elif kind == "move":
            data = {"note_id": self.note(op[2]), "position": float(op[4]), "version": 1}
            if op[3] >= 0:
                data["column"] = op[3]
            self.run(self.people[op[1]], "note.move", data)
        elif kind == "voting round":  # the note's board opens for votes, then a dot on it
            board = next((b for b in self.boards if self.note(op[2]) in self.notes_of(b)), 0)
            self.run(fac, "board.phase", {"board_id": board, "phase": "voting"})
            self.run(self.people[op[1]], "note.vote", {"note_id": self.note(op[2])})
        elif kind in ("vote", "unvote", "delete"):
            self.run(self.people[op[1]], f"note.{kind}", {"note_id": self.note(op[2])})
        elif kind == "comment":
            self.run(self.people[op[1]], "note.comment",
                     {"note_id": self.note(op[2]), "text": "Good", "positive": op[3]})
        elif kind == "react":
            self.run(self.people[op[1]], "note.react",
                     {"note_id": self.note(op[2]), "kind": "like", "on": op[3]})
        elif kind == "phase":
            self.run(fac, "board.phase", {"board_id": self.board(op[1]), "phase": PHASES[op[2]]})
        elif kind == "moderate":
            self.run(self.cofacilitator if op[2] else fac, "note.moderate",
                     {"note_id": self.note(op[1]), "hidden": op[2]})
        elif kind == "cluster":
            board = self.board(op[1])
            if board not in self.clusters:
                ack = self.run(fac, "cluster.create", {"board_id": board, "title": "Group"})
                if ack["ok"]:
                    self.clusters[board] = ack["result"]["cluster_id"]
            self.run(fac, "note.cluster", {"note_id": self.note(op[2]),
                                           "cluster_id": self.clusters.get(board, 2**31 - 1)})
            if op[3] >= 2:
                ack = self.run(self.cofacilitator if op[3] == 3 else fac, "cluster.delete",
                               {"cluster_id": self.clusters.get(board, 2**31 - 1)})
                if ack["ok"]:
                    del self.clusters[board]
        elif kind == "merge":
            self.run(fac, "note.merge", {"note_id": self.note(op[1]),
                                         "duplicate_ids": [self.note(op[1] + op[2])]})
        elif kind in ("reveal", "share"):
            self.run(fac, f"board.{kind}", {"board_id": self.board(op[1])})
        elif kind == "column":
            self.run(fac, "board.add_column", {"board_id": self.board(op[1]), "title": "New"})

    def notes_of(self, board: int) -> set[int]:
        state = snapshot_of(self.app, self.facilitator)["state"]
        return {n["id"] for n in state["notes"].values() if n["board_id"] == board}

    @property
    def observers(self) -> list[Actor]:
        return [self.facilitator, self.participant, self.cofacilitator, self.projector]


def test_events_since_a_snapshot_turn_it_into_the_fresh_snapshot_with_boards(app, course):
    breakout = item_id(app, course.id, SDG_BREAKOUT)
    applied: set[str] = set()

    @settings(max_examples=60, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(data=st.data())
    def check(data):
        world = World(app, course, applied)
        first = data.draw(st.sampled_from(SPECS), label="first board")
        ack = world.run(world.facilitator, "board.create", first)
        world.boards.append(ack["result"]["board_id"])
        team = world.run(world.facilitator, "board.open_team",
                         {"item_id": breakout, "team_id": world.team})
        world.boards.append(team["result"]["board_id"])
        # notes to work on from the start (the snapshot may still come before them)
        ops = [("post", 0, 0, 0, -1), ("post", 1, 1, 1, -1), ("post", 2, 0, 0, -1),
               ("create", 2), ("post", 2, 2, 0, -1),
               *data.draw(st.lists(operations(), min_size=6, max_size=30), label="operations")]
        split = data.draw(st.integers(0, len(ops)), label="snapshot after")
        for actor, _fresh, events in assert_stale_snapshots_catch_up(app, world, ops, split):
            if actor.role == "projector":
                assert all(e["scope"] == "room" for e in events)
            if actor.role == "participant":
                assert all(e["scope"] in ("room", f"participant:{actor.id}",
                                          f"team:{world.team}") for e in events)
        outsider = snapshot_of(app, world.outsider)["state"]
        for board in outsider["boards"].values():
            assert board["team_id"] is None or board["shared"]

    check()
    # the (derandomized, so stable) examples reached every kind of change, not only refusals
    assert applied >= {"note.post", "note.edit", "note.move", "note.vote", "note.comment",
                       "note.react", "note.delete", "note.moderate", "note.cluster",
                       "cluster.delete", "note.merge", "board.reveal", "board.share",
                       "board.phase"}, applied


class Client:
    """A participant's copy of the notes, reduced as static/src/store.js does: each slot
    keeps the seq that last wrote it, so late or repeated events never undo newer ones."""

    def __init__(self, snapshot: dict):
        self.notes = dict(snapshot["state"].get("notes", {}))
        self.written: dict[str, int] = {}
        self.base = snapshot["seq"]
        self.inbox: list[dict] = []

    def apply(self, event: dict) -> None:
        for collection, key, value in event["changes"]:
            if collection != "notes" or self.written.get(key, self.base) >= event["seq"]:
                continue
            self.written[key] = event["seq"]
            if value is None:
                self.notes.pop(key, None)
            else:
                self.notes[key] = value

    def acked(self, ack: dict) -> None:
        """The ack's note is the server's; it stands for the write at the ack's seq."""
        if ack["ok"] and "note" in ack["result"]:
            self.apply({"seq": ack["seq"], "changes": [
                ["notes", str(ack["result"]["note_id"]), ack["result"]["note"]]]})


def test_concurrent_edits_converge_to_the_server_state(app, course):
    @settings(max_examples=25, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(data=st.data())
    def check(data):
        room = open_room(app, course.id)
        fac = Actor("facilitator", 1, room.id, "Fran")
        people = []
        for name in ("Ann", "Ben"):
            ack, _ = run(app, Actor("guest", None, room.id), "participant.join", {"name": name})
            people.append(Actor("participant", ack["result"]["participant_id"], room.id))
        ack, _ = run(app, fac, "board.create", {"prompt": "Same notes", "columns": ["A", "B"]})
        board = ack["result"]["board_id"]
        notes = []
        for person in people:
            ack, _ = run(app, person, "note.post", {"board_id": board, "text": "Start"})
            notes.append(ack["result"]["note_id"])
        people.append(fac)  # moves anyone's note, as a moderator
        clients = [Client(snapshot_of(app, p)) for p in people]
        steps = data.draw(st.lists(st.tuples(
            st.integers(0, 2), st.sampled_from(["edit", "move", "deliver"]), st.integers(0, 1),
            st.integers(0, 1), st.integers(0, 5)), min_size=4, max_size=25), label="steps")
        for who, kind, which, column, text in steps:
            client, note = clients[who], notes[which]
            if kind == "deliver":  # a late event, picked out of order
                if client.inbox:
                    client.apply(client.inbox.pop(text % len(client.inbox)))
                continue
            seen = client.notes.get(str(note))
            base = seen["version"] if seen else 1
            if kind == "edit":
                type_, payload = "note.edit", {"color": ["yellow", "blue"][column]}
                if text % 2:
                    payload["text"] = f"Text {text}"
            else:
                type_, payload = "note.move", {"column": column, "position": float(text)}
            ack, messages = run(app, people[who], type_, {"note_id": note, "version": base,
                                                           **payload})
            if not ack["ok"]:
                assert ack["error"]["code"] == "forbidden", ack
            for each in clients:
                each.inbox.extend(messages)
            client.acked(ack)
        for client in clients:
            while client.inbox:
                client.apply(client.inbox.pop())
        server = snapshot_of(app, fac)["state"]["notes"]
        for client in clients:
            assert client.notes == server

    check()

