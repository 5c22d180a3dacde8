"""Fixtures of the breakout tests: breakouts run with teams, so the teams' stage."""
import pytest

from tests.teams.helpers import Stage


@pytest.fixture
def stage(app, course, room) -> Stage:
    """The reference course's room, driven through the dispatcher."""
    return Stage(app, room, course.id)
