"""Fixtures of the plenary tests; the app, course, room and people come from tests/conftest.py."""
import pytest

from tests.plenary.helpers import Stage


@pytest.fixture
def stage(app, course, room) -> Stage:
    """The reference course's room, driven through the dispatcher."""
    return Stage(app, room, course.id)
