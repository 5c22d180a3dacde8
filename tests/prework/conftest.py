"""Fixtures of the pre-work tests; the app, course, room and people come from tests/conftest.py."""
import pytest

from tests.prework.helpers import Stage


@pytest.fixture
def stage(app, course, room) -> Stage:
    """The reference course's room, driven through the dispatcher."""
    return Stage(app, room, course.id)


@pytest.fixture
def teams(stage):
    """Ana and Bo in Team 1 (Bo presents), Chen in Team 2, Dee in no team."""
    ana, bo, chen, dee = stage.crowd(4)
    team_ids = stage.teams([ana, bo], [chen], presenters=(bo,))
    return {"ana": ana, "bo": bo, "chen": chen, "dee": dee, "teams": team_ids}


@pytest.fixture(autouse=True)
def instance_dir(request, tmp_path):
    """Uploads of each test in a directory of their own (the instance directory is shared)."""
    if "app" not in request.fixturenames:
        yield None
        return
    app = request.getfixturevalue("app")
    folder = tmp_path / "instance"
    folder.mkdir()
    app.config["INSTANCE_DIR"] = str(folder)
    yield folder
