"""Payload shapes of team and breakout commands, and the `breakout:` block of course files."""
import pytest
from marshmallow import ValidationError

from app.breakouts.schemas import (
    BreakoutBlockSchema,
    BreakoutStartSchema,
    ModeratorsSchema,
    RoleSchema,
    TeamsSpecSchema,
)


@pytest.mark.parametrize("spec", [
    {"count": 3}, {"size": 4, "mode": "empty"}, {"count": 2, "mode": "self_select", "capacity": 5},
    {"size": 5, "mode": "self_select", "label": "Course teams"},
])
def test_good_team_specs(spec):
    assert TeamsSpecSchema().load(spec)["mode"] == spec.get("mode", "random")


@pytest.mark.parametrize("spec,field", [
    ({}, "_schema"), ({"count": 2, "size": 3}, "_schema"), ({"count": 0}, "count"),
    ({"count": 101}, "count"), ({"count": "3"}, "count"), ({"count": True}, "count"),
    ({"size": 2, "mode": "alphabetical"}, "mode"), ({"count": 2, "capacity": 3}, "capacity"),
    ({"count": 2, "mode": "self_select", "capacity": 0}, "capacity"),
    ({"count": 2, "label": ""}, "label"), ({"count": 2, "colour": "red"}, "colour"),
])
def test_bad_team_specs(spec, field):
    with pytest.raises(ValidationError) as err:
        TeamsSpecSchema().load(spec)
    assert field in err.value.messages


@pytest.mark.parametrize("data,field", [
    ({"minutes": 0}, "minutes"), ({"minutes": 241}, "minutes"), ({"minutes": 1.5}, "minutes"),
    ({"task": "x" * 4001}, "task"), ({"item_id": -1}, "item_id"), ({"item_id": 2**40}, "item_id"),
    ({"teams": {"count": 2, "size": 2}}, "teams"),
])
def test_bad_breakout_starts(data, field):
    with pytest.raises(ValidationError) as err:
        BreakoutStartSchema().load(data)
    assert field in err.value.messages


def test_a_role_is_one_of_two_or_none():
    assert RoleSchema().load({"team_id": 1, "participant_id": 2, "role": None})["role"] is None
    with pytest.raises(ValidationError):
        RoleSchema().load({"team_id": 1, "participant_id": 2, "role": "captain"})
    with pytest.raises(ValidationError):
        ModeratorsSchema().load({"team_id": 1, "cofacilitator_ids": ["1"]})


def test_the_breakout_block_of_a_course_file():
    block = BreakoutBlockSchema().load({"task": "Discuss", "minutes": 15, "team_board": True})
    assert block == {"task": "Discuss", "minutes": 15, "team_board": True}
    assert BreakoutBlockSchema().load({}) == {"task": "", "team_board": False}
    with pytest.raises(ValidationError):
        BreakoutBlockSchema().load({"task": "x", "minutess": 15})


def test_every_breakout_of_the_reference_course_loads(reference_data):
    blocks = [item["breakout"] for s in reference_data["sessions"] for item in s["items"]
              if item["kind"] == "breakout"]
    assert len(blocks) >= 2
    for block in blocks:
        assert BreakoutBlockSchema().load(block)["minutes"] == 15
