"""Liveness and readiness probes."""
import os
import time
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from app import create_app
from app.config import ROOT
from app.core.errors import CODES
from app.extensions import db
from tests.support import dispose, facilitator_actor, footprint, make_app, run


def test_healthz_answers(app):
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_answers_when_the_database_does(app):
    response = app.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "database": "ok"}


@pytest.mark.parametrize("url", [
    "sqlite:///{tmp}/missing-directory/workshop.db",
    "postgresql+psycopg2://nobody@127.0.0.1:1/nothing?connect_timeout=2",
])
def test_readyz_is_503_when_the_database_is_unreachable(tmp_path, url):
    application = make_app(url.format(tmp=tmp_path))
    try:
        http = application.test_client()
        response = http.get("/readyz")
        assert response.status_code == 503
        assert response.get_json() == {"status": "unavailable", "database": "unreachable"}
        assert http.get("/healthz").status_code == 200  # alive, just not ready
        assert http.get("/readyz").status_code == 503  # and it keeps answering
    finally:
        dispose(application)


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_a_plain_postgresql_database_url_works(monkeypatch, scheme):
    """The documented DATABASE_URL=postgresql://… must not need a driver that is not a
    dependency (SQLAlchemy 2.1 picks psycopg 3 for a bare postgresql://)."""
    reachable = os.environ.get("TEST_DATABASE_URL")
    plain = sa.engine.make_url(reachable or "postgresql://nobody@127.0.0.1:1/nothing")
    url = plain.set(drivername="postgresql").render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", url.replace("postgresql://", f"{scheme}://", 1))
    application = create_app({"ASYNC_MODE": "threading", "TESTING": True})
    try:
        assert application.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
        with application.app_context():
            if reachable:  # (its tables may not exist: readiness would rightly say 503)
                assert db.session.execute(sa.text("SELECT 1")).scalar_one() == 1
            else:
                with pytest.raises(sa.exc.OperationalError):
                    db.session.execute(sa.text("SELECT 1"))
    finally:
        dispose(application)


@contextmanager
def writes_blocked(application):
    """Another client of the same database holds the write lock every command needs
    (SQLite: the database's; PostgreSQL: the event log's, reads still allowed)."""
    engine = sa.create_engine(application.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with engine.connect() as holder:
            if engine.dialect.name == "sqlite":
                holder.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                holder.exec_driver_sql("LOCK TABLE room_event IN EXCLUSIVE MODE")
            yield
            holder.rollback()
    finally:
        engine.dispose()


@pytest.mark.app_config(LOCK_TIMEOUT=0.5, READY_TIMEOUT=0.2)
def test_a_held_write_lock_makes_readyz_503_and_commands_unavailable(app, course, room):
    """Readiness checks the write path, not only a SELECT; a command that cannot get its
    lock in time answers a retryable `unavailable` and keeps nothing."""
    fac = facilitator_actor(room)
    start = {"session_id": course.sessions[0].id}
    http = app.test_client()
    before = footprint(app, room.id)
    with writes_blocked(app):
        began = time.monotonic()
        response = http.get("/readyz")
        assert response.status_code == 503
        assert response.get_json() == {"status": "unavailable", "database": "locked"}
        assert http.get("/healthz").status_code == 200
        ack, messages = run(app, fac, "session.start", start, id="held")
        assert ack["ok"] is False and ack["error"]["code"] == "unavailable"
        assert messages == []
        assert time.monotonic() - began < 3  # 0.2 s + 0.5 s, not the old 10 s each
        assert footprint(app, room.id) == before
    assert http.get("/readyz").status_code == 200
    ack, _ = run(app, fac, "session.start", start, id="held")  # the same id, later
    assert ack["ok"] is True


def test_unavailable_is_a_documented_error_code():
    assert "unavailable" in CODES
    assert "| `unavailable` |" in (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
