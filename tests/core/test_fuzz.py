"""Fuzzed command envelopes against the dispatcher, as an attacker or a broken client
sends them: any shape of envelope, real command types with their own field names holding
wrong, huge, negative or nested values, from every role. Nothing is ever an `internal`
error, and a refused command leaves the log, the applied ids and the board rows as they
were."""
import os
import uuid

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.commands import REGISTRY, execute
from app.core.errors import CODES
from app.core.models import Room
from app.extensions import db
from tests.boards.helpers import SDG_BREAKOUT, Wall

#: 1,600 envelopes in all (more: HYPOTHESIS_EXAMPLES=…)
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", 800))

anything = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True) | st.text(max_size=30)
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.sampled_from([0, 1, 2, -1, 2**31, 2**63, "", " ", "\x00", "9999-12-31T23:59:59-14:00"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                               max_size=4),
    max_leaves=10)


@st.composite
def envelopes(draw):
    """Mostly a real type with its schema's own field names; sometimes anything at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(anything)
    type = draw(st.sampled_from(sorted(REGISTRY)) | st.text(max_size=20))
    spec = REGISTRY.get(type)
    names = sorted(spec.schema.fields) if spec else []
    keys = st.sampled_from(names) | st.text(max_size=10) if names else st.text(max_size=10)
    data = draw(st.dictionaries(keys, anything | st.integers(1, 12), max_size=6))
    command_id = draw(st.just(uuid.uuid4().hex) | st.text(max_size=70))
    envelope = {"id": command_id, "type": type, "data": data}
    if draw(st.integers(0, 19)) == 0:
        envelope[draw(st.text(max_size=5))] = draw(anything)
    return envelope


@pytest.fixture
def world(app, course, room):
    wall = Wall(app, room, course.id)
    pat, cy = wall.join("Pat"), wall.join("Cy")
    cody = wall.cohost("Cody")
    team_one, _ = wall.teams([[pat], [cy]], {0: cody})
    board = wall.ok(wall.fac, "board.open_team",
                    {"item_id": wall.item(SDG_BREAKOUT), "team_id": team_one})["board_id"]
    wall.post(pat, board, "An idea")
    wall.ok(wall.fac, "session.start", {"session_id": course.sessions[0].id})
    wall.senders = [wall.fac, pat, cy, cody, wall.projector()]
    wall.rows = None
    return wall


def rows() -> dict:
    """The room's seq, log and applied ids, and the number of rows of every table: a
    refused command adds, removes and numbers nothing (cheap enough for every case)."""
    counts = {table.name: db.session.execute(
        sa.select(sa.func.count()).select_from(table)).scalar_one()
        for table in db.metadata.sorted_tables}
    seq = db.session.execute(sa.select(Room.last_seq)).scalars().all()
    return {"seq": seq, **counts}


def fuzz(world, envelope, sender: int) -> None:
    """One case; the rows after the previous case are this one's "before" (nothing else
    writes meanwhile)."""
    actor = world.senders[sender]
    with world.app.app_context():
        try:
            before = world.rows if world.rows is not None else rows()
            ack, messages = execute(actor, envelope)
            world.rows = rows()
        finally:
            db.session.remove()
    assert isinstance(ack, dict) and "ok" in ack, ack
    if not ack["ok"]:
        assert ack["error"]["code"] in CODES and ack["error"]["code"] != "internal", ack
        assert messages == []
        assert world.rows == before, (envelope, ack)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_fuzzed_envelopes_are_answered_never_internal(world):
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(envelope=envelopes(), sender=st.integers(0, 4))
    def check(envelope, sender):
        fuzz(world, envelope, sender)

    check()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_fuzzed_data_of_every_type_from_the_roles_that_may_send_it(world):
    """The role check passes here, so the schemas and services meet the fuzz."""
    allowed = [(type, n) for type, spec in sorted(REGISTRY.items())
               for n, actor in enumerate(world.senders) if actor.role in spec.roles]

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(pick=st.sampled_from(allowed), data=st.data())
    def check(pick, data):
        type, sender = pick
        names = sorted(REGISTRY[type].schema.fields)
        keys = st.sampled_from(names) if names else st.text(max_size=10)
        fields = data.draw(st.dictionaries(keys, anything | st.integers(1, 12), max_size=6))
        fuzz(world, {"id": uuid.uuid4().hex, "type": type, "data": fields}, sender)

    check()
