"""`python -m bench [--participants N] [--modes eventlet,gevent,threading]
[--scenarios spine,notes]`

Starts each server as its own process (ours on SQLite in a temp dir, and the bare floor),
connects N real Socket.IO clients from this process, runs the scenarios side by side and
prints one Markdown table; the figures also go to bench/results/latest.json.
"""
import argparse
import asyncio
import json
import platform
import random
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import notes, servers
from bench.swarm import Device, facilitator, gather_limited, http_session, join

PAYLOAD = "x" * 900  # about the size of a slide's agenda.moved event
CONNECT_CONCURRENCY = 100


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summary(ms: list[float]) -> dict:
    return {"p50": round(percentile(ms, 50), 1), "p99": round(percentile(ms, 99), 1),
            "n": len(ms)}


async def wait_for(devices: list[Device], seq: int, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(seq in d.arrived for d in devices):
            return
        await asyncio.sleep(0.005)
    missing = sum(seq not in d.arrived for d in devices)
    raise RuntimeError(f"{missing} devices never received seq {seq}")


async def ours(mode: str, n: int, advances: int) -> dict:
    server = servers.start_workshop(mode)
    session = http_session()
    try:
        idle_kib = servers.rss_kib(server.pid)
        fac, fac_session = await facilitator(server.url, server.room_id, servers.EMAIL,
                                             servers.PASSWORD)
        started = time.monotonic()
        tokens = await gather_limited([join(session, server.url, server.join_code, f"P{i}")
                                       for i in range(n)], CONNECT_CONCURRENCY)
        devices = [Device(server.url, {"role": "participant", "token": t}, session)
                   for t in tokens]
        await gather_limited([d.connect() for d in devices], CONNECT_CONCURRENCY)
        join_s = time.monotonic() - started
        await asyncio.sleep(1)
        connected_kib = servers.rss_kib(server.pid)

        first = await fac.command("session.start", {"session_id": 1})
        await wait_for(devices, first["seq"] - 1)
        fanout = []
        for _ in range(advances):
            sent = time.time()
            ack = await fac.command("agenda.next")
            moved = ack["seq"] - 1  # agenda.moved, then the staff-only agenda.timed
            await wait_for(devices, moved)
            fanout.append((max(d.arrived[moved] for d in devices) - sent) * 1000)
            await asyncio.sleep(0.05)

        burst = await vote_burst(fac, devices, server)

        await asyncio.gather(*(d.sio.disconnect() for d in devices))
        missed = await fac.command("agenda.next")
        missed_seq = missed["seq"] - 1
        started = time.monotonic()
        await asyncio.gather(*(d.connect() for d in devices))
        await asyncio.gather(*(d.caught_up.wait() for d in devices))
        resync_s = time.monotonic() - started
        lost = sum(missed_seq not in d.arrived for d in devices)
        await asyncio.gather(*(d.sio.disconnect() for d in devices), fac.sio.disconnect())
        await fac_session.close()
        return {"fanout_ms": summary(fanout), "resync_s": round(resync_s, 2),
                "resync_missed": lost, "join_s": round(join_s, 2), **burst,
                "rss_idle_mib": round(idle_kib / 1024, 1),
                "kib_per_client": round((connected_kib - idle_kib) / n, 1)}
    finally:
        await session.close()
        server.stop()


async def timed(call) -> float:
    sent = time.monotonic()
    ack = await call
    if not ack.get("ok"):
        raise RuntimeError(f"refused: {ack}")
    return (time.monotonic() - sent) * 1000


async def spread(devices: list[Device], send, seconds: float = 1.0) -> list[float]:
    """Every device sends once, at a random moment within `seconds`; ack latencies in ms."""
    rng = random.Random(7)

    async def one(device):
        await asyncio.sleep(rng.random() * seconds)
        return await timed(send(device))

    return await asyncio.gather(*(one(d) for d in devices))


async def vote_burst(fac: Device, devices: list[Device], server) -> dict:
    """Everyone answers one live-results poll within about a second."""
    made = await fac.command("poll.create", {"kind": "single", "question": "Pick one",
                                             "options": ["A", "B", "C", "D"], "results": "live"})
    poll_id = made["result"]["poll_id"]
    await fac.command("poll.open", {"poll_id": poll_id})
    await asyncio.sleep(0.5)
    start = time.time()
    acks = await spread(devices, lambda d: d.command(
        "poll.answer", {"poll_id": poll_id, "choices": [random.randrange(4)]}))
    await asyncio.sleep(1.0)  # let the last coalesced tally arrive
    window = time.time() - start
    name = f"poll:{poll_id}"
    rates = [sum(1 for at, n in d.aggregates if n == name and at >= start) / window
             for d in devices]
    stored = servers.count_rows(
        server, f"SELECT count(*) FROM poll_response WHERE poll_id = {int(poll_id)}")
    return {"vote_ack_ms": summary(acks), "votes_acked": len(acks), "votes_stored": stored,
            "tallies_per_client_s": round(max(rates), 2)}


async def floor(mode: str, n: int, advances: int) -> dict:
    server = servers.start_floor(mode)
    session = http_session()
    try:
        idle_kib = servers.rss_kib(server.pid)
        devices = [Device(server.url, None, session) for _ in range(n)]
        await gather_limited([d.connect() for d in devices], CONNECT_CONCURRENCY)
        await asyncio.sleep(1)
        connected_kib = servers.rss_kib(server.pid)
        driver = Device(server.url, None, session)
        await driver.connect()
        fanout = []
        for _ in range(advances):
            sent = time.time()
            ack = await driver.sio.call("advance", {"payload": PAYLOAD}, timeout=30)
            await wait_for(devices, ack["seq"])
            fanout.append((max(d.arrived[ack["seq"]] for d in devices) - sent) * 1000)
            await asyncio.sleep(0.05)
        acks = await spread(devices, lambda d: d.sio.call("vote", {"choice": 1}, timeout=30))
        await asyncio.gather(*(d.sio.disconnect() for d in devices))
        started = time.monotonic()
        await asyncio.gather(*(d.connect() for d in devices))
        await asyncio.gather(*(d.caught_up.wait() for d in devices))
        resync_s = time.monotonic() - started
        await asyncio.gather(*(d.sio.disconnect() for d in devices), driver.sio.disconnect())
        return {"fanout_ms": summary(fanout), "resync_s": round(resync_s, 2),
                "vote_ack_ms": summary(acks),
                "rss_idle_mib": round(idle_kib / 1024, 1),
                "kib_per_client": round((connected_kib - idle_kib) / n, 1)}
    finally:
        await session.close()
        server.stop()


def table(results: dict) -> str:
    rows = ["| mode | server | fan-out p50 / p99 ms | p99 ÷ floor | vote ack p50 / p99 ms "
            "| p99 ÷ floor | votes acked / stored | tallies per client per s "
            "| reconnect storm s | missed | KiB per client | ÷ floor |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for mode, pair in results.items():
        base = pair["floor"]
        for name in ("floor", "ours"):
            r = pair[name]
            fan, vote = r["fanout_ms"], r["vote_ack_ms"]
            mem = r["kib_per_client"] / base["kib_per_client"] if base["kib_per_client"] else 0
            stored = (f"{r['votes_acked']} / {r['votes_stored']}" if "votes_stored" in r else "–")
            rows.append(
                f"| {mode} | {name} | {fan['p50']} / {fan['p99']} "
                f"| {fan['p99'] / base['fanout_ms']['p99']:.2f} | {vote['p50']} / {vote['p99']} "
                f"| {vote['p99'] / base['vote_ack_ms']['p99']:.2f} | {stored} "
                f"| {r.get('tallies_per_client_s', '–')} | {r['resync_s']} "
                f"| {r.get('resync_missed', '–')} | {r['kib_per_client']} | {mem:.2f} |")
    return "\n".join(rows)


async def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--advances", type=int, default=30)
    parser.add_argument("--modes", default="eventlet")
    parser.add_argument("--scenarios", default="spine",
                        help="spine (fan-out, votes, reconnects) and/or notes (the note burst)")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "latest.json"))
    args = parser.parse_args()
    scenarios = args.scenarios.split(",")
    results, burst = {}, {}
    for mode in args.modes.split(","):
        if "spine" in scenarios:
            results[mode] = {"floor": await floor(mode, args.participants, args.advances),
                             "ours": await ours(mode, args.participants, args.advances)}
        if "notes" in scenarios:
            burst[mode] = await notes.run(mode, args.participants)
    report = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": f"{platform.node()} {platform.machine()} {platform.python_version()}",
              "participants": args.participants, "results": results, "notes": burst}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2))
    print(f"{args.participants} participants, {args.advances} advances, {report['date']}\n")
    if results:
        print(table(results))
    if burst:
        print(notes.table(burst))


if __name__ == "__main__":
    asyncio.run(main())
