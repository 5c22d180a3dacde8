"""Payload shapes of team commands."""
import pytest
from marshmallow import ValidationError

from app.teams.schemas import ModeratorsSchema, RoleSchema, TeamsSpecSchema


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


def test_a_role_is_one_of_two_or_none():
    assert RoleSchema().load({"team_id": 1, "participant_id": 2, "role": None})["role"] is None
    with pytest.raises(ValidationError):
        RoleSchema().load({"team_id": 1, "participant_id": 2, "role": "captain"})
    with pytest.raises(ValidationError):
        ModeratorsSchema().load({"team_id": 1, "cofacilitator_ids": ["1"]})
