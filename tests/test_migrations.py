"""The Alembic migrations build exactly the schema the models describe."""
import json
import logging

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app.extensions import db
from tests.support import dispose, make_app

# migrations/env.py (Flask-Migrate template) still calls db.get_engine(); reported, not ours
pytestmark = pytest.mark.filterwarnings("ignore:.get_engine. is deprecated:DeprecationWarning")


@pytest.fixture
def keep_logging():
    """migrations/env.py runs logging.fileConfig, which disables every existing logger."""
    root = logging.getLogger()
    saved_root = (root.level, list(root.handlers))
    loggers = {name: (logger.disabled, logger.level, list(logger.handlers))
               for name, logger in logging.Logger.manager.loggerDict.items()
               if isinstance(logger, logging.Logger)}
    yield
    root.setLevel(saved_root[0])
    root.handlers[:] = saved_root[1]
    for name, (disabled, level, handlers) in loggers.items():
        logger = logging.getLogger(name)
        logger.disabled, logger.level, logger.handlers[:] = disabled, level, handlers


@pytest.fixture
def migrated_app(database_url, keep_logging):
    application = make_app(database_url)
    yield application
    dispose(application)
    with application.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        db.engine.dispose()


def differences(application) -> list:
    with application.app_context(), db.engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), db.metadata)


def test_upgrade_builds_the_models_schema(migrated_app):
    with migrated_app.app_context():
        upgrade()
    assert differences(migrated_app) == []
    with migrated_app.app_context():
        tables = set(sa.inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables and "alembic_version" in tables


def test_flask_db_upgrade_from_the_command_line(migrated_app):
    result = migrated_app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert differences(migrated_app) == []


def test_downgrade_removes_every_table(migrated_app):
    with migrated_app.app_context():
        upgrade()
        downgrade(revision="base")
        tables = set(sa.inspect(db.engine).get_table_names())
        db.session.remove()
    assert tables <= {"alembic_version"}


def base_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from app.config import ROOT

    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return ScriptDirectory.from_config(config).get_base()


SEED = [
    "INSERT INTO course (id, slug, title, language, description, extras, created_at) "
    "VALUES (1, 'c', 'C', 'en', '', '{}', '2030-01-01 10:00:00')",
    "INSERT INTO course_session (id, course_id, position, title, minutes) "
    "VALUES (1, 1, 1, 'S', 60)",
    "INSERT INTO agenda_item (id, session_id, position, kind, title, minutes, body, body_html, "
    "notes, notes_html, settings) VALUES (1, 1, 1, 'slide', 'A', 1, '', '', '', '', '{}')",
    "INSERT INTO agenda_item (id, session_id, position, kind, title, minutes, body, body_html, "
    "notes, notes_html, settings) VALUES (2, 1, 2, 'slide', 'B', 1, '', '', '', '', '{}')",
    "INSERT INTO room (id, join_code, title, course_id, last_seq, created_at) "
    "VALUES (1, 'ABCDEF', 'R', 1, 0, '2030-01-01 10:00:00')",
    "INSERT INTO participant (id, room_id, name, joined_at) "
    "VALUES (1, 1, 'Ana', '2030-01-01 10:00:00')",
    "INSERT INTO attendance_span (id, room_id, participant_id, joined_at) "
    "VALUES (1, 1, 1, '2030-01-01 10:00:00')",
]


def test_upgrade_keeps_the_rows_of_an_older_schema(migrated_app):
    with migrated_app.app_context():
        upgrade(revision=base_revision())
        with db.engine.begin() as conn:
            for statement in SEED:
                conn.execute(sa.text(statement))
        upgrade()
        with db.engine.connect() as conn:
            rooms = conn.execute(sa.text("SELECT join_code FROM room")).scalars().all()
            spans = conn.execute(sa.text(
                "SELECT participant_id FROM attendance_span WHERE left_at IS NULL")).all()
        db.session.remove()
    assert rooms == ["ABCDEF"] and len(spans) == 1
    assert differences(migrated_app) == []


def test_a_command_applied_before_the_upgrade_is_still_answered_on_retry(migrated_app):
    from app.core.commands import execute
    from app.core.scopes import Actor

    ack = {"ok": True, "seq": 2, "result": {"session_id": 1, "item_id": 1}}
    with migrated_app.app_context():
        upgrade(revision=base_revision())
        with db.engine.begin() as conn:
            for statement in SEED:
                conn.execute(sa.text(statement))
            conn.execute(sa.text(
                "INSERT INTO applied_command (room_id, actor, command_id, type, ack, created_at) "
                "VALUES (1, 'facilitator:1', 'start-1', 'session.start', :ack, "
                "'2030-01-01 10:00:00')"), {"ack": json.dumps(ack)})
        upgrade()
        answer, messages = execute(Actor("facilitator", 1, 1), {
            "id": "start-1", "type": "session.start", "data": {"session_id": 1}})
        db.session.remove()
    assert answer == ack and messages == []
