"""Uploads never handed in are cleared away, on SQLite and PostgreSQL: a day after the
upload, when no submission refers to it; a file handed in, or uploaded less than a day ago,
stays. `flask workshop prune-uploads` runs it (and the server once at start-up)."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.core.clock import now
from app.extensions import db
from app.prework import service, uploads
from app.prework.models import Upload
from tests.prework.helpers import SLIDES_PREP, tiny_pdf
from tests.support import rows


def made(stage, upload_id: int, age: timedelta) -> None:
    """Date an upload back, as if it had been uploaded `age` ago."""
    with stage.app.app_context():
        db.session.execute(sa.update(Upload).where(Upload.id == upload_id)
                           .values(created_at=now() - age))
        db.session.commit()
        db.session.remove()


def files_of(stage, instance_dir) -> set[str]:
    folder = instance_dir / "uploads" / str(stage.room.id)
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def stored(stage, *upload_ids: int) -> set[str]:
    return {r["stored"] for r in rows(stage.app, Upload, Upload.id.in_(upload_ids))}


@pytest.fixture
def uploaded(stage, instance_dir) -> dict:
    """Ana's team handed in one file and replaced an earlier one with it; Bo, in the other
    team, left one behind a day ago (its first page rendered); Ana uploaded another an hour
    ago. The upload ids by name, Bo and the task."""
    ana, bo = stage.crowd(2)
    stage.teams([ana], [bo])
    task = stage.open_task(SLIDES_PREP)
    ids = {name: stage.upload(ana, tiny_pdf(1)) for name in ("replaced", "handed_in", "fresh")}
    ids["left_behind"] = stage.upload(bo, tiny_pdf(1))
    for name in ("replaced", "handed_in"):
        assert stage.submit(ana, task, answers=["x"], upload_id=ids[name])["ok"]
    with stage.app.app_context():
        uploads.page_png(stage.room.id, *stored(stage, ids["left_behind"]), 1)
    for name in ("replaced", "handed_in", "left_behind"):
        made(stage, ids[name], timedelta(days=1, minutes=1))
    made(stage, ids["fresh"], timedelta(hours=23, minutes=59))
    return {**ids, "bo": bo, "task": task}


def test_uploads_left_a_day_without_a_submission_are_deleted_with_their_pages(
        stage, instance_dir, uploaded):
    kept = stored(stage, uploaded["handed_in"], uploaded["fresh"])
    gone = stored(stage, uploaded["replaced"], uploaded["left_behind"])
    (left_behind,) = stored(stage, uploaded["left_behind"])
    assert files_of(stage, instance_dir) == kept | gone | {f"{left_behind}.pages"}
    with stage.app.app_context():
        assert service.prune_uploads() == 2
        db.session.remove()
    assert files_of(stage, instance_dir) == kept
    assert {r["id"] for r in rows(stage.app, Upload)} == {uploaded["handed_in"],
                                                          uploaded["fresh"]}
    with stage.app.app_context():
        assert service.prune_uploads() == 0
        db.session.remove()
    assert files_of(stage, instance_dir) == kept


def test_the_cli_prunes_and_says_how_many(stage, instance_dir, uploaded):
    runner = stage.app.test_cli_runner()
    with stage.app.app_context():
        result = runner.invoke(args=["workshop", "prune-uploads"])
        again = runner.invoke(args=["workshop", "prune-uploads"])
        db.session.remove()
    assert result.exit_code == 0, result.output
    assert result.output == "Removed 2 uploads never handed in.\n"
    assert again.output == "Removed 0 uploads never handed in.\n"
    assert {r["id"] for r in rows(stage.app, Upload)} == {uploaded["handed_in"],
                                                          uploaded["fresh"]}


def test_an_upload_handed_in_while_pruning_stays(stage, instance_dir, uploaded, monkeypatch):
    """Between finding the abandoned uploads and deleting them, Bo hands his in: each
    delete checks again, so neither its row nor its file goes."""
    real_rollback = db.session.rollback

    def hand_in_meanwhile():  # prune_uploads ends its look-up with a rollback
        real_rollback()
        monkeypatch.setattr(db.session, "rollback", real_rollback)
        assert stage.submit(uploaded["bo"], uploaded["task"], answers=["y"],
                            upload_id=uploaded["left_behind"])["ok"]

    with stage.app.app_context():
        monkeypatch.setattr(db.session, "rollback", hand_in_meanwhile)
        assert service.prune_uploads() == 1
        db.session.remove()
    kept = stored(stage, uploaded["left_behind"], uploaded["handed_in"], uploaded["fresh"])
    assert {r["stored"] for r in rows(stage.app, Upload)} == kept
    assert kept <= files_of(stage, instance_dir)
