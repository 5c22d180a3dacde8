"""Applying the events `sync` returns to a stale snapshot gives the fresh snapshot.

For random command sequences (valid and invalid: unknown sessions and items, moves past the
ends, joins and renames with bad names), three observers — the facilitator, a participant and
a co-facilitator — take a snapshot at a random point; more commands follow; then, for each
observer, the events of sync(since=old seq) are folded into the old state with a reducer
written here, and the result must equal a fresh snapshot's state for that observer.
"""
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.models import AppliedCommand, Room, RoomEvent
from app.core.scopes import Actor
from app.course.models import ItemTiming, SessionRun
from app.extensions import db
from app.people.models import AttendanceSpan, CoFacilitator, Participant
from tests.support import assert_stale_snapshots_catch_up, open_room, run

ROOM_TABLES = (AttendanceSpan, AppliedCommand, RoomEvent, ItemTiming, SessionRun, Participant,
               CoFacilitator, Room)

NAMES = st.one_of(
    st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")),
            min_size=1, max_size=12),
    st.sampled_from(["", "   ", "x" * 41, "tab\there", "nul\x00", "<script>x</script>",
                     "=SUM(A1)", "Zoë"]),
)


def reset(app) -> None:
    """Empty everything a room owns; the course stays."""
    with app.app_context():
        for model in ROOM_TABLES:
            db.session.execute(sa.delete(model))
        db.session.commit()
        db.session.remove()


def operations(course):
    session_ids = [s.id for s in course.sessions] + [0, -1, 10_000]
    item_ids = course.item_ids + [0, -3, 10_000]
    return st.one_of(
        st.tuples(st.just("session.start"), st.sampled_from(session_ids)),
        st.tuples(st.just("agenda.next")),
        st.tuples(st.just("agenda.next")),
        st.tuples(st.just("agenda.back")),
        st.tuples(st.just("agenda.goto"), st.sampled_from(item_ids)),
        st.tuples(st.just("session.end")),
        st.tuples(st.just("participant.join"), NAMES),
        st.tuples(st.just("participant.rename"), st.integers(0, 10), NAMES),
    )


class World:
    """One room and the people acting in it, driven through the dispatcher."""

    def __init__(self, app, course):
        self.app = app
        self.room = open_room(app, course.id)
        self.facilitator = Actor("facilitator", 1, self.room.id, "Fran")
        self.participants: list[int] = []
        self.participant = Actor("participant", self.join("Observer"), self.room.id)
        ack, _ = run(app, Actor("invitee", None, self.room.id), "cofacilitator.accept",
                     {"name": "Cody"})
        self.cofacilitator = Actor("cofacilitator", ack["result"]["cofacilitator_id"],
                                   self.room.id)

    def join(self, name) -> int | None:
        ack, _ = run(self.app, Actor("guest", None, self.room.id), "participant.join",
                     {"name": name})
        if ack["ok"]:
            self.participants.append(ack["result"]["participant_id"])
            return ack["result"]["participant_id"]
        assert ack["error"]["code"] == "invalid"
        return None

    def apply(self, op) -> None:
        kind = op[0]
        if kind == "participant.join":
            self.join(op[1])
            return
        if kind == "participant.rename":
            pid = self.participants[op[1] % len(self.participants)]
            ack, _ = run(self.app, Actor("participant", pid, self.room.id), kind,
                         {"name": op[2]})
        else:
            data = {"session.start": lambda: {"session_id": op[1]},
                    "agenda.goto": lambda: {"item_id": op[1]}}.get(kind, dict)()
            ack, _ = run(self.app, self.facilitator, kind, data)
        if not ack["ok"]:
            assert ack["error"]["code"] in ("invalid", "not_found", "conflict"), ack

    @property
    def observers(self) -> list[Actor]:
        return [self.facilitator, self.participant, self.cofacilitator]


@pytest.fixture
def property_app(app, course):
    return app, course


def test_events_since_a_snapshot_turn_it_into_the_fresh_snapshot(property_app):
    app, course = property_app

    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(data=st.data())
    def check(data):
        reset(app)
        world = World(app, course)
        ops = data.draw(st.lists(operations(course), max_size=24), label="operations")
        split = data.draw(st.integers(0, len(ops)), label="snapshot after")
        assert_stale_snapshots_catch_up(app, world, ops, split)

    check()
