"""Start and stop the servers under test as separate processes, and read their memory."""
import contextlib
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "bench-password-1"
EMAIL = "bench@localhost"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_ready(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/readyz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not become ready")


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    room_id: int = 0
    join_code: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def pid(self) -> int:
        return self.process.pid

    def cpu_s(self) -> float:
        return cpu_s(self.pid)

    def rss_kib(self) -> int:
        return rss_kib(self.pid)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def prepare_instance(mode: str, root: Path = ROOT, extra: dict | None = None) -> dict:
    """A fresh SQLite instance (or the database `extra` names) with the reference course,
    one room, one facilitator; the environment that runs a server (or the CPU bench) on it
    with the code under `root`."""
    instance = tempfile.mkdtemp(prefix="wr-bench-")
    port = free_port()
    env = dict(os.environ, WORKSHOP_INSTANCE_DIR=instance, PORT=str(port),
               WORKSHOP_ASYNC_MODE=mode, FLASK_APP="app:create_app",
               WORKSHOP_JOIN_RATE_PER_MINUTE="1000000",
               WORKSHOP_PUBLIC_URL=f"http://127.0.0.1:{port}")
    env.update(extra or {})
    flask = [PYTHON, "-m", "flask"]
    for args in (["db", "upgrade"], ["workshop", "setup"],
                 ["workshop", "create-facilitator", "--email", EMAIL, "--password", PASSWORD]):
        subprocess.run(flask + args, env=env, cwd=root, check=True, capture_output=True)
    return env


def start_workshop(mode: str, root: Path = ROOT) -> Server:
    """Our server (the code under `root`, this checkout unless comparing with another)."""
    env = prepare_instance(mode, root)
    instance, port = env["WORKSHOP_INSTANCE_DIR"], env["PORT"]
    with sqlite3.connect(Path(instance) / "workshop.db") as db:
        room_id, code = db.execute("SELECT id, join_code FROM room ORDER BY id LIMIT 1").fetchone()
    process = subprocess.Popen([PYTHON, "wsgi.py"], env=env, cwd=root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server(f"http://127.0.0.1:{port}", process, room_id, code, {"instance": instance})
    wait_ready(server.url)
    return server


def start_floor(mode: str) -> Server:
    port = free_port()
    process = subprocess.Popen([PYTHON, str(ROOT / "bench" / "floor_server.py"), str(port), mode],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server(f"http://127.0.0.1:{port}", process)
    wait_ready(server.url)
    return server


def start_node_floor() -> Server | None:
    """The bare Node socket.io server, where node and the socket.io package are there."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "socket.io").is_dir():
        return None
    port = free_port()
    process = subprocess.Popen([node, str(ROOT / "bench" / "floor_server.js"), str(port)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server(f"http://127.0.0.1:{port}", process)
    wait_ready(server.url)
    return server


def count_rows(server: Server, sql: str) -> int:
    if "database_url" in server.extra:  # a cluster's PostgreSQL schema
        import psycopg2

        with contextlib.closing(psycopg2.connect(server.extra["database_url"])) as conn:
            cursor = conn.cursor()
            cursor.execute(sql)
            return cursor.fetchone()[0]
    with sqlite3.connect(Path(server.extra["instance"]) / "workshop.db") as db:
        return db.execute(sql).fetchone()[0]
