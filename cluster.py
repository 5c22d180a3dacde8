"""Several server processes behind one nginx: `python cluster.py [--processes N]`.

Every process is `python wsgi.py` on its own port, all on one PostgreSQL database
(`DATABASE_URL`) and one Redis (`WORKSHOP_MESSAGE_QUEUE`, the Socket.IO message queue that
carries each process's events to the sockets of the others). nginx listens on 127.0.0.1 and
keeps each browser on one process: Socket.IO's long-polling needs every request of a
connection to reach the process that holds it. The configuration is generated into
`.cluster/` (ignored by git); `make cluster` installs nginx when it is missing. See
docs/deployment.md.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent
#: a random value set by nginx on a browser's first request; each later request with it is
#: hashed to the same process (a cookie, not the client address: behind one NAT a whole
#: class would otherwise land on one process)
ROUTE_COOKIE = "workshop_route"

NGINX_CONF = """\
daemon off;
worker_processes 1;
worker_rlimit_nofile 65536;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;

events {{
    worker_connections 16384;
}}

http {{
    access_log off;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    client_max_body_size {body_limit};

    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      close;
    }}
    # sticky sessions: the route cookie, or a fresh random one on a browser's first request
    map $cookie_{cookie} $workshop_route {{
        ''      $request_id;
        default $cookie_{cookie};
    }}
    map $cookie_{cookie} $workshop_route_cookie {{
        ''      "{cookie}=$request_id; Path=/; HttpOnly; SameSite=Lax";
        default '';
    }}

    upstream workshop {{
        hash $workshop_route consistent;
{servers}
    }}

    server {{
        listen 127.0.0.1:{port};

        location / {{
            proxy_pass http://workshop;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # a Socket.IO connection stays open all session; pings keep it busy
            proxy_read_timeout 1h;
            proxy_send_timeout 1h;
            # a process that is gone refuses at once: its browsers' requests go to another
            # one; a busy one may take a while to accept in a join storm, and stays in
            proxy_next_upstream error timeout;
            proxy_connect_timeout 30s;
            add_header Set-Cookie $workshop_route_cookie;
            # which process answered (for tests and debugging; loopback only)
            add_header X-Workshop-Process $upstream_addr always;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def nginx_binary() -> str | None:
    """nginx on PATH, or where Debian puts it (/usr/sbin is not on a user's PATH)."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


class Balancer:
    """nginx in front of the given backend ports, listening on 127.0.0.1:port; its
    configuration, pid file, logs and temporary files live in `folder`."""

    def __init__(self, folder: Path, backends: list[int], port: int | None = None,
                 body_limit: str = "25m"):
        self.folder = Path(folder).resolve()
        self.backends = backends
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.body_limit = body_limit
        self.proc: subprocess.Popen | None = None

    def config(self) -> str:
        servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=3 fail_timeout=5s;"
                            for port in self.backends)
        return NGINX_CONF.format(dir=self.folder, port=self.port, servers=servers,
                                 cookie=ROUTE_COOKIE, body_limit=self.body_limit)

    def start(self, timeout: float = 10) -> None:
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is missing (make cluster installs it as root)")
        (self.folder / "tmp").mkdir(parents=True, exist_ok=True)
        conf = self.folder / "nginx.conf"
        conf.write_text(self.config())
        log = open(self.folder / "nginx.out", "ab")
        self.proc = subprocess.Popen([binary, "-p", str(self.folder), "-c", str(conf)],
                                     stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                     start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("nginx exited:\n" + (self.folder / "nginx.out").read_text())
            with contextlib.suppress(OSError), socket.create_connection(
                    ("127.0.0.1", self.port), timeout=0.5):
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("nginx did not start listening")

    def stop(self) -> None:
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGQUIT)  # graceful: finish what is in flight
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)

    def __enter__(self) -> Balancer:
        self.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()


def wait_ready(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(url + "/readyz", timeout=2):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not become ready")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8080)),
                        help="the balancer's port on 127.0.0.1")
    args = parser.parse_args()
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        sys.exit("Several processes share one PostgreSQL database: set DATABASE_URL.")
    env = dict(os.environ, FLASK_APP="app:create_app", HOST="127.0.0.1",
               WORKSHOP_TRUSTED_PROXIES="1",
               WORKSHOP_MESSAGE_QUEUE=os.environ.get("WORKSHOP_MESSAGE_QUEUE",
                                                     "redis://127.0.0.1:6379/0"))
    env.setdefault("WORKSHOP_PUBLIC_URL", f"http://127.0.0.1:{args.port}")
    for command in (["db", "upgrade"], ["workshop", "setup"]):
        subprocess.run([sys.executable, "-m", "flask", *command], env=env, cwd=ROOT, check=True)
    ports = [free_port() for _ in range(args.processes)]
    processes = [subprocess.Popen([sys.executable, str(ROOT / "wsgi.py")], cwd=ROOT,
                                  env=dict(env, PORT=str(port))) for port in ports]
    balancer = Balancer(ROOT / ".cluster", ports, args.port)
    stopping = False

    def stop(*_args):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        for port in ports:
            wait_ready(f"http://127.0.0.1:{port}")
        balancer.start()
        print(f"{args.processes} processes behind {balancer.url} "
              f"(ports {', '.join(map(str, ports))}); Ctrl-C stops them all", flush=True)
        running = set(range(len(processes)))
        while not stopping and running:  # one process gone: nginx sends its clients on
            for i in [i for i in running if processes[i].poll() is not None]:
                running.discard(i)
                print(f"the process on port {ports[i]} exited "
                      f"({processes[i].returncode})", flush=True)
            time.sleep(0.5)
    finally:
        balancer.stop()
        for process in processes:
            process.terminate()
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(10)


if __name__ == "__main__":
    main()
