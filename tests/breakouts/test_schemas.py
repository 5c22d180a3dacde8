"""Payload shapes of breakout commands, and the `breakout:` block of course files."""
import pytest
from marshmallow import ValidationError

from app.breakouts.schemas import BreakoutBlockSchema, BreakoutStartSchema


@pytest.mark.parametrize("data,field", [
    ({"minutes": 0}, "minutes"), ({"minutes": 241}, "minutes"), ({"minutes": 1.5}, "minutes"),
    ({"task": "x" * 4001}, "task"), ({"item_id": -1}, "item_id"), ({"item_id": 2**40}, "item_id"),
    ({"teams": {"count": 2, "size": 2}}, "teams"),
])
def test_bad_breakout_starts(data, field):
    with pytest.raises(ValidationError) as err:
        BreakoutStartSchema().load(data)
    assert field in err.value.messages


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
