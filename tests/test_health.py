"""Liveness and readiness probes."""
import os

import pytest
import sqlalchemy as sa

from app import create_app
from tests.support import dispose, make_app


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
        status = application.test_client().get("/readyz").status_code
        assert status == (200 if reachable else 503)
    finally:
        dispose(application)
