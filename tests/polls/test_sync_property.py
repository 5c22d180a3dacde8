"""The spine's property with polls in play: applying the events `sync` returns to a stale
snapshot gives the fresh snapshot.

Random sequences mix poll commands — create (fitting and unfitting details), open by id or
by agenda item (the reference course's polls, a slide, an unknown item), close, reveal and
answers of every shape, valid or not, from several participants — with session moves and
joins. Four observers (the facilitator, a participant who also answers, a co-facilitator and
the projector) take a snapshot at a random point; after the remaining commands, the events
of sync(since=old seq) folded into the old state with the reference reducer must equal a
fresh snapshot's state (tests/support.py assert_stale_snapshots_catch_up, as in
tests/core/test_sync_property.py). Each example runs in a new room of the same course.
"""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.scopes import Actor
from tests.polls.helpers import EVALUATION, MATURITY, OBSTACLES
from tests.support import assert_stale_snapshots_catch_up, item_id, open_room, run, slide_id

SPECS = [
    {"kind": "single", "question": "Tea?", "options": ["Tea", "Coffee"], "results": "live"},
    {"kind": "multiple", "question": "Up to 3", "options": list("ABCDEFGH"),
     "other_option": "Else", "max_choices": 3, "anonymous": True},
    {"kind": "likert", "question": "Agree?"},
    {"kind": "likert", "question": "Often?", "scale": ["Never", "Sometimes", "Often"],
     "changeable": False, "results": "live"},
    {"kind": "open", "question": "Idea?"},
    {"kind": "wordcloud", "question": "Word?", "results": "live"},
    {"kind": "grid", "question": "Level?", "rows": ["R1", "R2"], "levels": ["L1", "L2", "L3"]},
    {"kind": "evaluation", "question": "Evaluation", "questions": ["Liked", "Less", "Change"],
     "anonymous": True},
    # refused: details that do not fit the kind, or missing
    {"kind": "likert", "question": "Agree?", "options": ["A", "B"]},
    {"kind": "grid", "question": "Level?", "levels": ["L1", "L2"]},
]

#: answers that fit each kind (for the course's polls and SPECS alike) …
FITTING = {
    "single": [{"choices": [0]}, {"choices": [1]}],
    "multiple": [{"choices": [0, 2]}, {"choices": [8], "other": "Something"}],
    "likert": [{"value": 0}, {"value": 2}],
    "open": [{"text": "An idea"}, {"text": "Another idea"}],
    "wordcloud": [{"text": "Trust"}, {"text": "data"}],
    "grid": [{"grid": {"0": 1}}, {"grid": {"0": 2, "1": 0}}],
    "evaluation": [{"texts": ["Liked", "", "More"]}, {"texts": ["", "Less", ""]}],
}
#: … and answers that fit none, or not every poll
ANSWERS = [
    {"choices": [0, 1, 2, 3]}, {"choices": [99]}, {"choices": []}, {"value": 6},
    {"text": "   "}, {"grid": {"9": 0}}, {"texts": ["", "", ""]}, {},
    {"choices": [0], "value": 1}, {"choices": [0], "other": "Not chosen"},
]
KIND_OF_ITEM = {OBSTACLES: "multiple", MATURITY: "grid", EVALUATION: "evaluation"}

ITEMS = [OBSTACLES, MATURITY, EVALUATION, "slide", "unknown"]


def operations():
    poll = st.integers(0, 9)  # an index into the polls made so far; 9: one that does not exist
    answer = st.tuples(st.just("poll.answer"), st.integers(0, 2), poll,
                       st.integers(0, 2 * len(ANSWERS) - 1))  # half of them fitting
    # answers first: hypothesis draws the first branches of one_of more often
    return st.one_of(
        answer,
        st.tuples(st.just("create and open"), st.integers(0, len(SPECS) - 1)),
        answer,
        st.tuples(st.just("open item"), st.integers(0, len(ITEMS) - 1)),
        answer,
        st.tuples(st.just("poll.create"), st.integers(0, len(SPECS) - 1)),
        st.tuples(st.just("poll.open"), poll),
        st.tuples(st.just("poll.close"), poll),
        st.tuples(st.just("poll.reveal"), poll),
        st.tuples(st.just("session.start"), st.integers(0, 4)),
        st.tuples(st.just("agenda.next")),
        st.tuples(st.just("participant.join")),
    )


class World:
    """One new room of the course and the people acting in it, through the dispatcher."""

    def __init__(self, app, course, items: dict):
        self.app, self.course, self.items = app, course, items
        self.room = open_room(app, course.id)
        self.facilitator = Actor("facilitator", 1, self.room.id, "Fran")
        self.participant = Actor("participant", self.join("Observer"), self.room.id)
        self.voters = [self.participant, Actor("participant", self.join("Bo"), self.room.id)]
        ack, _ = run(app, Actor("invitee", None, self.room.id), "cofacilitator.accept",
                     {"name": "Cody"})
        self.cofacilitator = Actor("cofacilitator", ack["result"]["cofacilitator_id"],
                                   self.room.id)
        self.projector = Actor("projector", None, self.room.id, "projector")
        self.polls: list[int] = []
        self.kinds: dict[int, str] = {}

    def join(self, name: str) -> int:
        ack, _ = run(self.app, Actor("guest", None, self.room.id), "participant.join",
                     {"name": name})
        assert ack["ok"], ack
        return ack["result"]["participant_id"]

    def poll(self, index: int) -> int:
        return self.polls[index % len(self.polls)] if self.polls and index < 9 else 2**31 - 1

    def run(self, actor: Actor, type: str, data: dict) -> dict:
        ack, _ = run(self.app, actor, type, data)
        if not ack["ok"]:
            assert ack["error"]["code"] in ("invalid", "not_found", "conflict"), (type, ack)
        return ack

    def made(self, ack: dict, kind: str) -> None:
        if ack["ok"] and ack["result"]["poll_id"] not in self.kinds:
            self.polls.append(ack["result"]["poll_id"])
            self.kinds[ack["result"]["poll_id"]] = kind

    def apply(self, op) -> None:
        kind = op[0]
        if kind == "participant.join":
            self.voters.append(Actor("participant", self.join("Newcomer"), self.room.id))
        elif kind in ("poll.create", "create and open"):
            ack = self.run(self.facilitator, "poll.create", SPECS[op[1]])
            self.made(ack, SPECS[op[1]]["kind"])
            if ack["ok"] and kind == "create and open":
                self.run(self.facilitator, "poll.open", ack["result"])
        elif kind == "open item":
            key = ITEMS[op[1]]
            ack = self.run(self.facilitator, "poll.open", {"item_id": self.items[key]})
            self.made(ack, KIND_OF_ITEM.get(key))
        elif kind in ("poll.open", "poll.close", "poll.reveal"):
            self.run(self.facilitator, kind, {"poll_id": self.poll(op[1])})
        elif kind == "poll.answer":
            poll_id, variant = self.poll(op[2]), op[3]
            fitting = FITTING.get(self.kinds.get(poll_id), FITTING["single"])
            data = fitting[variant % 2] if variant < len(ANSWERS) else \
                ANSWERS[variant - len(ANSWERS)]
            self.run(self.voters[op[1] if op[1] < 2 else -1], kind,
                     {"poll_id": poll_id, **data})
        elif kind == "session.start":
            self.run(self.facilitator, kind, {"session_id": self.course.sessions[op[1]].id})
        else:
            self.run(self.facilitator, kind, {})

    @property
    def observers(self) -> list[Actor]:
        return [self.facilitator, self.participant, self.cofacilitator, self.projector]


@pytest.fixture
def property_app(app, course):
    items = {key: item_id(app, course.id, key) for key in (OBSTACLES, MATURITY, EVALUATION)}
    items.update(slide=slide_id(app, course.id), unknown=2**31 - 1)
    return app, course, items


def test_events_since_a_snapshot_turn_it_into_the_fresh_snapshot_with_polls(property_app):
    app, course, items = property_app

    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(data=st.data())
    def check(data):
        world = World(app, course, items)
        # two polls to answer from the start (the snapshot may still come before them)
        ops = [data.draw(st.tuples(st.just("create and open"),
                                   st.integers(0, len(SPECS) - 3)), label="first poll"),
               data.draw(st.tuples(st.just("open item"), st.integers(0, 2)), label="second"),
               *data.draw(st.lists(operations(), min_size=6, max_size=30),
                          label="operations")]
        split = data.draw(st.integers(0, len(ops)), label="snapshot after")
        for actor, fresh, events in assert_stale_snapshots_catch_up(app, world, ops, split):
            if not actor.is_staff:
                assert all(p["status"] != "draft" for p in fresh["state"]["polls"].values())
                assert not any(e["type"] == "poll.created" for e in events)
            if actor.role == "participant":
                assert all(e["scope"] in ("room", f"participant:{actor.id}") for e in events)

    check()
