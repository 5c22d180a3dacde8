"""The real server as a subprocess, for tests that must kill it (not a test module).

`ServerProcess` prepares an instance directory (migrations, the reference course, a room,
a facilitator with a known password), runs `python wsgi.py` on a free port in a given async
mode, waits for /readyz, kills it with SIGKILL, starts it again on the same directory and
port, and always stops it (and its process group) at teardown.
"""
from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
FACILITATOR_EMAIL = "driver@example.org"
FACILITATOR_PASSWORD = "correct horse battery staple"

_ROOM_LINE = re.compile(r"join code (?P<code>[A-Z0-9]+)\s*\n\s*facilitator console: "
                        r"\S+/facilitate/(?P<room>\d+)")


@dataclass(frozen=True)
class Room:
    id: int
    code: str


class FlaskCommandFailed(RuntimeError):
    """A `flask …` command of the app exited non-zero; `output` has what it printed."""

    def __init__(self, args: list[str], code: int, output: str):
        super().__init__(f"flask {' '.join(args)} failed ({code}):\n{output}")
        self.output = output


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def flask(args: list[str], env: dict[str, str], timeout: float = 60) -> str:
    """Run one `flask …` command of the app; its output, or an error that shows it."""
    done = subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise FlaskCommandFailed(args, done.returncode, f"{done.stdout}\n{done.stderr}")
    return done.stdout


def parse_room(setup_output: str) -> Room:
    """The first room printed by `flask workshop setup`."""
    match = _ROOM_LINE.search(setup_output)
    if match is None:
        raise RuntimeError(f"no room in the setup output:\n{setup_output}")
    return Room(int(match["room"]), match["code"])


def with_search_path(url: str, schema: str) -> str:
    """A PostgreSQL URL whose connections use `schema` first."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "options"]
    query.append(("options", f"-csearch_path={schema}"))
    return urlunsplit(parts._replace(query=urlencode(query)))


def with_driver(url: str, driver: str | None) -> str:
    """`postgresql://…` as SQLAlchemy's `postgresql+<driver>://…` (None: the plain libpq URL,
    which psycopg2.connect() takes)."""
    parts = urlsplit(url)
    scheme = "postgresql" if driver is None else f"postgresql+{driver}"
    return urlunsplit(parts._replace(scheme=scheme))


class PostgresSchema:
    """A throw-away schema in the test database, dropped at close().

    `url` is what the app gets as DATABASE_URL: the psycopg2 driver named explicitly by
    default (psycopg2 + psycogreen is what wsgi.py patches), or as given when driver=None.
    """

    def __init__(self, base_url: str, driver: str | None = "psycopg2"):
        import psycopg2

        self.base_url = with_driver(base_url, None)
        self.name = f"wr_{uuid.uuid4().hex[:12]}"
        self._psycopg2 = psycopg2
        with contextlib.closing(psycopg2.connect(self.base_url)) as conn:
            conn.autocommit = True
            conn.cursor().execute(f'CREATE SCHEMA "{self.name}"')
        plain = with_search_path(self.base_url, self.name)
        self.url = plain if driver is None else with_driver(plain, driver)

    def close(self) -> None:
        with contextlib.closing(self._psycopg2.connect(self.base_url)) as conn:
            conn.autocommit = True
            conn.cursor().execute(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE')


# One prepared SQLite instance per test process; every server gets a copy of it (saves the
# three `flask` start-ups, about 4 s, per server).
_template: tuple[Path, Room] | None = None


def _sqlite_template() -> tuple[Path, Room]:
    global _template
    if _template is None:
        base = Path(tempfile.mkdtemp(prefix="wr-template-"))
        atexit.register(shutil.rmtree, base, True)
        room = prepare_instance(base / "instance", _base_env(base / "instance", None))
        _template = (base / "instance", room)
    return _template


def _base_env(instance: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("WORKSHOP_", "FLASK_")) and k not in ("DATABASE_URL", "PORT")}
    env.update(FLASK_APP="app:create_app", WORKSHOP_INSTANCE_DIR=str(instance),
               PYTHONUNBUFFERED="1", PYTHONWARNINGS="ignore::DeprecationWarning")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def prepare_instance(instance: Path, env: dict[str, str]) -> Room:
    """Migrate, load the reference course and open a room, add the known facilitator."""
    instance.mkdir(parents=True, exist_ok=True)
    flask(["db", "upgrade"], env)
    room = parse_room(flask(["workshop", "setup"], env))
    flask(["workshop", "create-facilitator", "--email", FACILITATOR_EMAIL,
           "--name", "Driver", "--password", FACILITATOR_PASSWORD], env)
    return room


class ServerProcess:
    """`python wsgi.py` on its own instance directory and port."""

    def __init__(self, workdir: Path, async_mode: str = "eventlet",
                 database_url: str | None = None, extra_env: dict[str, str] | None = None):
        self.workdir = Path(workdir)
        self.instance = self.workdir / "instance"
        self.async_mode = async_mode
        self.database_url = database_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = _base_env(self.instance, database_url)
        self.env.update(WORKSHOP_ASYNC_MODE=async_mode, HOST="127.0.0.1", PORT=str(self.port))
        self.env.update(extra_env or {})
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self.room: Room | None = None

    # -- instance ---------------------------------------------------------------------------

    def prepare(self) -> Room:
        """A ready instance: a copy of the shared SQLite one, or a fresh PostgreSQL schema."""
        if self.database_url:
            self.room = prepare_instance(self.instance, self.env)
        else:
            source, self.room = _sqlite_template()
            shutil.copytree(source, self.instance)
        return self.room

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Read the server's database directly (SQLite file or the PostgreSQL schema)."""
        if self.database_url:
            import psycopg2

            libpq_url = with_driver(self.database_url, None)
            with contextlib.closing(psycopg2.connect(libpq_url)) as conn:
                cursor = conn.cursor()
                cursor.execute(sql.replace("?", "%s"), params)
                rows = cursor.fetchall()
                conn.rollback()
                return rows
        with contextlib.closing(sqlite3.connect(self.instance / "workshop.db", timeout=10)) as conn:
            return conn.execute(sql, params).fetchall()

    # -- process ----------------------------------------------------------------------------

    @property
    def log_path(self) -> Path:
        return self.workdir / "server.log"

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except FileNotFoundError:
            return ""

    def start(self, timeout: float = 30) -> None:
        assert self.proc is None, "already running"
        self.starts += 1
        with open(self.log_path, "ab") as log:
            log.write(f"\n--- start {self.starts} ({self.async_mode}) ---\n".encode())
            log.flush()
            self.proc = subprocess.Popen(
                [sys.executable, str(ROOT / "wsgi.py")], cwd=ROOT, env=self.env,
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                code = self.proc.returncode
                self.proc = None
                raise RuntimeError(f"server exited with {code}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/readyz", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"server not ready after {timeout} s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL, like a crash or the OOM killer: no shutdown code runs."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.proc = None

    def restart(self, timeout: float = 30) -> None:
        self.kill()
        self.start(timeout)

    def stop(self) -> None:
        """Always safe to call; ends the process group, whatever state it is in."""
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()


@contextlib.contextmanager
def running_server(workdir: Path, async_mode: str = "eventlet", database_url: str | None = None,
                   extra_env: dict[str, str] | None = None):
    """A prepared, started server that is stopped on the way out, whatever happens."""
    server = ServerProcess(workdir, async_mode, database_url, extra_env)
    try:
        server.prepare()
        server.start()
        yield server
    finally:
        server.stop()
