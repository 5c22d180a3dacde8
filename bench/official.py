"""`python -m bench.official [--participants N] [--mode eventlet]`

The reconnect storm with the official socket.io-client (what browsers run), beside the
python-socketio clients of the other scenarios, in one run, against our server and the bare
floor. With the official client every client's connection is lost at once and each comes
back by the client's own reconnection (its backoff: a first try after 0.5–1.5 s), passing
the seq it has; with python-socketio they all reconnect at once (bench/__main__.py).
Either way the facilitator advances while they are away, and the figure is the time from
the drop until the last client has caught up, and the clients that missed the advance.
"""
import argparse
import asyncio
import json
import logging
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import servers
from bench.__main__ import reconnect_all
from bench.swarm import Device, facilitator, gather_limited, http_session, join

CLIENTS = Path(__file__).with_name("official_clients.js")


async def official_storm(url: str, auths: list[dict], advance) -> dict:
    """N official clients in one Node process: in, all dropped at once, `advance()` (the
    seq they must catch up with), back by their own backoff."""
    node = await asyncio.create_subprocess_exec(
        shutil.which("node"), str(CLIENTS), url, cwd=servers.ROOT,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)

    async def step(line: str) -> dict:
        node.stdin.write(line.encode() + b"\n")
        await node.stdin.drain()
        return json.loads(await asyncio.wait_for(node.stdout.readline(), 360))

    try:
        node.stdin.write("".join(json.dumps(a) + "\n" for a in auths).encode())
        connected = (await step(""))["connected"]
        if connected != len(auths):
            raise RuntimeError(f"only {connected} of {len(auths)} official clients connected")
        await step("drop")
        seq = await advance()
        return await step(f"wait {seq}")
    finally:
        if node.returncode is None:
            node.kill()
        await node.wait()


async def python_storm(url: str, auths: list[dict], advance) -> dict:
    """The same with python-socketio clients, all reconnecting at once."""
    session = http_session()
    try:
        devices = [Device(url, auth or None, session) for auth in auths]
        await gather_limited((d.connect() for d in devices), 50)
        await asyncio.gather(*(asyncio.wait_for(d.caught_up.wait(), 60) for d in devices))
        started = time.monotonic()
        await asyncio.gather(*(d.sio.disconnect() for d in devices))
        seq = await advance()
        retries = await reconnect_all(devices)
        resync_s = time.monotonic() - started
        await asyncio.sleep(0.5)
        missed = sum(seq not in d.arrived and d.seq < seq for d in devices)
        await asyncio.gather(*(d.sio.disconnect() for d in devices))
        return {"resync_s": round(resync_s, 2), "missed": missed, "attempts": retries}
    finally:
        await session.close()


async def ours(mode: str, n: int) -> dict:
    server = servers.start_workshop(mode)
    session = http_session()
    try:
        tokens = await gather_limited(
            (join(session, server.url, server.join_code, f"P{i}", f"join-{i}") for i in range(n)),
            20)
        fac, fac_session = await facilitator(server.url, server.room_id, servers.EMAIL,
                                             servers.PASSWORD)
        await fac.command("session.start", {"session_id": 1})

        async def advance() -> int:
            return (await fac.command("agenda.next"))["seq"] - 1  # agenda.moved

        auths = [{"role": "participant", "token": token} for token in tokens]
        result = {"official": await official_storm(server.url, auths, advance),
                  "python-socketio": await python_storm(server.url, auths, advance)}
        await fac.sio.disconnect()
        await fac_session.close()
        return result
    finally:
        await session.close()
        server.stop()


async def floor(mode: str, n: int) -> dict:
    server = servers.start_floor(mode)
    session = http_session()
    try:
        driver = Device(server.url, None, session)
        await driver.connect()

        async def current() -> int:
            """The floor has no catch-up: its clients are waited for with the seq its
            snapshot on connect names, and nothing advances."""
            return driver.seq

        result = {"official": await official_storm(server.url, [{}] * n, current),
                  "python-socketio": await python_storm(server.url, [{}] * n, current)}
        await driver.sio.disconnect()
        return result
    finally:
        await session.close()
        server.stop()


def table(results: dict) -> str:
    rows = ["| server | client | reconnect storm s | missed | reconnect attempts (retries) |",
            "|---|---|---|---|---|"]
    for server, by_client in results.items():
        for client, r in by_client.items():
            rows.append(f"| {server} | {client} | {r['resync_s']} | "
                        f"{r['missed'] if server == 'ours' else '–'} | {r['attempts']} |")
    return "\n".join(rows)


async def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.official")
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--mode", default="eventlet")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"
                                             / "official.json"))
    args = parser.parse_args()
    if shutil.which("node") is None or not (servers.ROOT / "node_modules"
                                            / "socket.io-client").is_dir():
        sys.exit("node and the socket.io-client package are needed (npm ci)")
    logging.getLogger("engineio.client").setLevel(logging.CRITICAL)
    results = {"floor": await floor(args.mode, args.participants),
               "ours": await ours(args.mode, args.participants)}
    report = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
              "participants": args.participants, "mode": args.mode, "results": results}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2))
    print(f"{args.participants} participants, {args.mode}, {report['date']}\n")
    print(table(results))


if __name__ == "__main__":
    asyncio.run(main())
