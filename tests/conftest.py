"""Fixtures: an app per test on a fresh database, its course, room and people.

Every test that asks for `app` (or `database_url`) runs twice: on a fresh SQLite file and,
when TEST_DATABASE_URL points at a PostgreSQL server, in a fresh PostgreSQL schema. The
PostgreSQL variant carries the `postgresql` marker, so CI can select exactly the
PostgreSQL runs with
`TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test pytest -m postgresql`.
"""
import os
import shutil
import tempfile
import threading
import uuid

import pytest

# Before the app is imported: no secret_key file may land in the repository's instance/.
# (Other settings from the environment are overridden per app: see support.BASE_CONFIG.)
_INSTANCE_DIR = tempfile.mkdtemp(prefix="workshop-tests-instance-")
os.environ["WORKSHOP_INSTANCE_DIR"] = _INSTANCE_DIR

import sqlalchemy as sa  # noqa: E402

from app.course import files  # noqa: E402
from app.extensions import db  # noqa: E402
from tests.support import (  # noqa: E402
    REFERENCE_COURSE,
    Account,
    CourseInfo,
    People,
    Retired,
    RoomInfo,
    create_account,
    dispose,
    import_course,
    make_app,
    open_room,
    retire,
)

PG_URL = os.environ.get("TEST_DATABASE_URL")


def pg_url(schema: str) -> str:
    """TEST_DATABASE_URL pointed at one schema, with the driver the project ships.

    A bare postgresql:// would make SQLAlchemy 2.1 load psycopg 3, which is not a
    dependency; app/config.py maps DATABASE_URL the same way (tests/test_health.py).
    """
    url = sa.engine.make_url(PG_URL)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg2")
    url = url.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "postgresql: the PostgreSQL variant of a test using the app/database_url fixtures "
        "(skipped unless TEST_DATABASE_URL is set)")
    config.addinivalue_line(
        "markers", "app_config(**settings): extra settings for the `app` fixture")
    # installed after pytest's own thread-exception hook: a retired aggregate loop
    # (see tests/support.py retire) ends quietly, any other thread failure still reports
    previous = threading.excepthook

    def excepthook(args):
        if args.exc_type is not Retired:
            previous(args)

    threading.excepthook = excepthook


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_INSTANCE_DIR, ignore_errors=True)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def database_url(request, tmp_path):
    """A fresh, empty database: a new SQLite file, or a new schema in TEST_DATABASE_URL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workshop.db'}"
        return
    if not PG_URL:
        pytest.skip("PostgreSQL variant: set TEST_DATABASE_URL "
                    "(e.g. postgresql://postgres@127.0.0.1:5432/test) to run it")
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(pg_url("public"))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield pg_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def app(request, database_url):
    """create_app on the test database, tables created; settings from @app_config(...)."""
    marker = request.node.get_closest_marker("app_config")
    application = make_app(database_url, **(marker.kwargs if marker else {}))
    with application.app_context():
        db.create_all()
    yield application
    retire(application)
    with application.app_context():
        db.session.remove()
        if db.engine.dialect.name == "sqlite":  # PostgreSQL: DROP SCHEMA … CASCADE follows
            db.drop_all()
        db.engine.dispose()


@pytest.fixture
def apps(database_url):
    """Apps made one after the other on the same database, as processes that restart; the
    tables go with the last one."""
    made = []

    def make():
        if made:
            dispose(made[-1])  # the previous process is gone
        application = make_app(database_url)
        made.append(application)
        return application

    yield make
    dispose(made[-1])
    with made[-1].app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(scope="session")
def reference_data() -> dict:
    """The reference course file, read and validated once per test run."""
    return files.read(REFERENCE_COURSE)


@pytest.fixture
def course(app, reference_data) -> CourseInfo:
    """The reference course (five sessions), imported."""
    return import_course(app, reference_data)


@pytest.fixture
def room(app, course) -> RoomInfo:
    """A room (one live run) of the reference course."""
    return open_room(app, course.id)


@pytest.fixture
def facilitator(app) -> Account:
    return create_account(app)


@pytest.fixture
def people(app, facilitator):
    """Connects facilitators, participants, co-facilitators and projectors; disconnects
    them at teardown, before the database goes."""
    crowd = People(app)
    crowd._account = facilitator
    yield crowd
    crowd.close()
