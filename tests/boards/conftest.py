"""Fixtures of the board tests; the app, course, room and people come from tests/conftest.py."""
import pytest

from tests.boards.helpers import Wall


@pytest.fixture
def wall(app, course, room) -> Wall:
    """The reference course's room with its boards, driven through the dispatcher."""
    return Wall(app, room, course.id)
