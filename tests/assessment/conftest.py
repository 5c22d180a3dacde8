"""Fixtures of the self-assessment tests: the polls' stage, which runs the reference course's
items through the dispatcher."""
import pytest

from tests.polls.helpers import Stage


@pytest.fixture
def stage(app, course, room) -> Stage:
    """The reference course's room, driven through the dispatcher."""
    return Stage(app, room, course.id)
