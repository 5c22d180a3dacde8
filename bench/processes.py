"""`python -m bench.processes [--participants N] [--processes 1,2] --database URL
[--redis URL]`

The spine scenarios (join storm, fan-out, vote burst, reconnect storm) against our server
run as a cluster, as `make cluster` runs it: K eventlet processes on one PostgreSQL schema
and one Redis behind nginx, for each K given, one after the other in one run, so the
figures of 2 processes read as a ratio to those of 1 (both behind the same nginx). The
clients connect through the balancer over websockets: each connect is routed to a process
at random (no route cookie), as many browsers' first connects would be. CPU and memory are
the sum over the server processes.
"""
import argparse
import asyncio
import contextlib
import json
import logging
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import cluster
from bench import servers
from bench.__main__ import ours


class Cluster(servers.Server):
    """K server processes and the nginx in front of them, read and stopped as one."""

    def __init__(self, url, processes, balancer, room_id, join_code, extra):
        super().__init__(url, processes[0], room_id, join_code, extra)
        self.processes, self.balancer = processes, balancer

    def cpu_s(self) -> float:
        return sum(servers.cpu_s(p.pid) for p in self.processes)

    def rss_kib(self) -> int:
        return sum(servers.rss_kib(p.pid) for p in self.processes)

    def stop(self) -> None:
        self.balancer.stop()
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        with contextlib.closing(_connect(self.extra["base_url"])) as conn:
            conn.autocommit = True
            conn.cursor().execute(f'DROP SCHEMA IF EXISTS "{self.extra["schema"]}" CASCADE')


def _connect(url: str):
    import psycopg2

    return psycopg2.connect(url)


def _with_schema(url: str, schema: str, driver: str | None) -> str:
    parts = urlsplit(url)
    query = [*parse_qsl(parts.query), ("options", f"-csearch_path={schema}")]
    scheme = f"postgresql+{driver}" if driver else "postgresql"
    return urlunsplit(parts._replace(scheme=scheme, query=urlencode(query)))


def start_cluster(count: int, database: str, redis: str) -> Cluster:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with contextlib.closing(_connect(database)) as conn:
        conn.autocommit = True
        conn.cursor().execute(f'CREATE SCHEMA "{schema}"')
    balancer_port = servers.free_port()
    env = servers.prepare_instance("eventlet", extra={
        "DATABASE_URL": _with_schema(database, schema, "psycopg2"),
        "WORKSHOP_MESSAGE_QUEUE": redis, "WORKSHOP_TRUSTED_PROXIES": "1",
        "WORKSHOP_PUBLIC_URL": f"http://127.0.0.1:{balancer_port}"})
    plain = _with_schema(database, schema, None)
    with contextlib.closing(_connect(plain)) as conn:
        cursor = conn.cursor()
        cursor.execute("SELECT id, join_code FROM room ORDER BY id LIMIT 1")
        room_id, code = cursor.fetchone()
    ports = [servers.free_port() for _ in range(count)]
    instance = Path(env["WORKSHOP_INSTANCE_DIR"])
    processes = []
    for port in ports:
        with open(instance / f"server-{port}.log", "wb") as log:  # kept with the instance
            processes.append(subprocess.Popen(
                [servers.PYTHON, "wsgi.py"], cwd=servers.ROOT, env=dict(env, PORT=str(port)),
                stdout=log, stderr=subprocess.STDOUT))
    for port in ports:
        servers.wait_ready(f"http://127.0.0.1:{port}")
    balancer = cluster.Balancer(instance / "nginx", ports,
                                balancer_port)
    balancer.start()
    return Cluster(balancer.url, processes, balancer, room_id, code,
                   {"database_url": plain, "base_url": database, "schema": schema})


def table(results: dict) -> str:
    one = results.get("1")
    rows = ["| processes | join storm p50 / p99 ms | joined / stored | fan-out p50 / p99 ms "
            "| p99 ÷ 1 process | vote ack p50 / p99 ms | p99 ÷ 1 process | votes acked / stored "
            "| tallies per client per s | server CPU ms per join / vote / reconnect "
            "| reconnect storm s | missed | KiB per client |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for count, r in results.items():
        join, fan, vote = r["join_ms"], r["fanout_ms"], r["vote_ack_ms"]
        fan_ratio = f"{fan['p99'] / one['fanout_ms']['p99']:.2f}" if one else "–"
        vote_ratio = f"{vote['p99'] / one['vote_ack_ms']['p99']:.2f}" if one else "–"
        rows.append(
            f"| {count} | {join['p50']} / {join['p99']} | {join['n']} / {r['joined_stored']} "
            f"| {fan['p50']} / {fan['p99']} | {fan_ratio} | {vote['p50']} / {vote['p99']} "
            f"| {vote_ratio} | {r['votes_acked']} / {r['votes_stored']} "
            f"| {r['tallies_per_client_s']} "
            f"| {r['join_cpu_ms']} / {r['vote_cpu_ms']} / {r['resync_cpu_ms']} "
            f"| {r['resync_s']} | {r['resync_missed']} | {r['kib_per_client']} |")
    return "\n".join(rows)


async def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.processes")
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--advances", type=int, default=30)
    parser.add_argument("--processes", default="1,2")
    parser.add_argument("--arrivals-per-s", type=float, default=25,
                        help="participants arriving per second (the join storm of "
                             "python -m bench has 100; PostgreSQL joins cost more)")
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL"),
                        help="a PostgreSQL database (each run gets a schema of its own)")
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL",
                                                          "redis://127.0.0.1:6379/0"))
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"
                                             / "processes.json"))
    args = parser.parse_args()
    if not args.database:
        sys.exit("--database postgresql://… (or BENCH_DATABASE_URL) is needed")
    if cluster.nginx_binary() is None:
        sys.exit("nginx is missing (make nginx)")
    logging.getLogger("engineio.client").setLevel(logging.CRITICAL)
    results = {}
    for count in args.processes.split(","):
        server = start_cluster(int(count), args.database, args.redis)
        results[count] = await ours("eventlet", args.participants, args.advances,
                                    server=server, arrivals_per_s=args.arrivals_per_s)
        print(json.dumps({count: results[count]}), file=sys.stderr, flush=True)
    report = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
              "participants": args.participants, "results": results}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2))
    print(f"{args.participants} participants, {args.advances} advances, {report['date']}\n")
    print(table(results))


if __name__ == "__main__":
    asyncio.run(main())
