"""`python -m bench [--participants N] [--modes eventlet,gevent,threading]
[--scenarios spine,notes] [--baseline DIR]`

Starts each server as its own process (ours on SQLite in a temp dir, the bare Flask-SocketIO
floor and, where node and the socket.io package are there, the bare Node floor), connects N
real Socket.IO clients from this process, runs the scenarios side by side and prints one
Markdown table; the figures also go to bench/results/latest.json. `--baseline` also runs our
server from another checkout (the code before a change), in the same run.
"""
import argparse
import asyncio
import json
import logging
import platform
import random
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from bench import notes, servers
from bench.swarm import Device, facilitator, http_session, join, persist

PAYLOAD = "x" * 900  # about the size of a slide's agenda.moved event
#: participants arriving per second in the join storm (1,000 within 10 s)
ARRIVALS_PER_S = 100


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


async def reconnect_all(devices: list[Device]) -> int:
    """Every device reconnects at once, trying again (as a browser does) where the server
    was too busy to answer; returns how many tries failed."""
    retries: list[int] = []

    async def back(device: Device) -> None:
        async def attempt():
            if device.sio.connected:  # a try that timed out here but went through there
                await device.sio.disconnect()
            await device.connect()
            await asyncio.wait_for(device.caught_up.wait(), 60)

        await persist(attempt, retries)

    await asyncio.gather(*(back(d) for d in devices))
    return len(retries)


async def storm(n: int, arrive, per_s: float = ARRIVALS_PER_S
                ) -> tuple[list[Device], list[float], int]:
    """n devices arrive at random moments within n / per_s seconds; each one's time from
    arriving until it is connected with its snapshot, in ms, and how many requests or
    connects had to be tried again."""
    rng = random.Random(11)
    window = n / per_s
    retries: list[int] = []

    async def attempt(i: int) -> Device:
        device = await arrive(i)
        try:
            await device.connect()
            await asyncio.wait_for(device.caught_up.wait(), 60)
        except BaseException:
            await device.sio.disconnect()
            raise
        return device

    async def one(i: int):
        await asyncio.sleep(rng.random() * window)
        started = time.monotonic()
        device = await persist(lambda: attempt(i), retries)
        return device, (time.monotonic() - started) * 1000

    arrived = await asyncio.gather(*(one(i) for i in range(n)))
    return [device for device, _ in arrived], [ms for _, ms in arrived], len(retries)


async def ours(mode: str, n: int, advances: int, root: Path = servers.ROOT,
               server: servers.Server | None = None, arrivals_per_s: float = ARRIVALS_PER_S
               ) -> dict:
    """The scenarios against our server: one process of the code under `root`, or the
    processes of a cluster started by the caller (then without the in-process figures)."""
    in_process = in_process_cpu_us(root) if server is None else {}
    server = server or servers.start_workshop(mode, root)
    session = http_session()
    try:
        idle_kib = server.rss_kib()
        fac, fac_session = await facilitator(server.url, server.room_id, servers.EMAIL,
                                             servers.PASSWORD)

        async def participant(i: int) -> Device:
            token = await join(session, server.url, server.join_code, f"P{i}", f"join-{i}")
            return Device(server.url, {"role": "participant", "token": token}, session)

        cpu = server.cpu_s()
        devices, joined, join_retries = await storm(n, participant, arrivals_per_s)
        join_cpu_ms = (server.cpu_s() - cpu) * 1000 / n
        joined_stored = servers.count_rows(
            server, f"SELECT count(*) FROM participant WHERE room_id = {int(server.room_id)}")
        await asyncio.sleep(1)
        # a device the busy server dropped after its snapshot comes back, as a browser would
        dropped = [d for d in devices if not d.sio.connected]
        await asyncio.gather(*(d.connect() for d in dropped))
        connected_kib = server.rss_kib()

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
        started, cpu = time.monotonic(), server.cpu_s()
        resync_retries = await reconnect_all(devices)
        resync_s = time.monotonic() - started
        resync_cpu_ms = (server.cpu_s() - cpu) * 1000 / n
        lost = sum(missed_seq not in d.arrived for d in devices)
        await asyncio.gather(*(d.sio.disconnect() for d in devices), fac.sio.disconnect())
        await fac_session.close()
        return {"join_ms": summary(joined), "joined_stored": joined_stored,
                "join_cpu_ms": round(join_cpu_ms, 1), "join_retries": join_retries,
                "dropped_after_join": len(dropped),
                "fanout_ms": summary(fanout), "resync_s": round(resync_s, 2),
                "resync_retries": resync_retries, "resync_cpu_ms": round(resync_cpu_ms, 2),
                "resync_missed": lost, **burst, **in_process,
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
    start, cpu = time.time(), server.cpu_s()
    retries: list[int] = []

    async def answer(device: Device) -> dict:
        """A participant's answer; unanswered (the server dropped the socket), it is sent
        again with the same command id once the device is back, as the browser does."""
        command_id, data = uuid.uuid4().hex, {"poll_id": poll_id,
                                               "choices": [random.randrange(4)]}

        async def attempt():
            if not device.sio.connected:
                await device.connect()
            return await device.command("poll.answer", data, command_id)

        return await persist(attempt, retries)

    acks = await spread(devices, answer)
    vote_cpu_ms = (server.cpu_s() - cpu) * 1000 / len(acks)
    await asyncio.sleep(1.0)  # let the last coalesced tally arrive
    window = time.time() - start
    name = f"poll:{poll_id}"
    rates = [sum(1 for at, n in d.aggregates if n == name and at >= start) / window
             for d in devices]
    stored = servers.count_rows(
        server, f"SELECT count(*) FROM poll_response WHERE poll_id = {int(poll_id)}")
    return {"vote_ack_ms": summary(acks), "vote_cpu_ms": round(vote_cpu_ms, 2),
            "vote_retries": len(retries),
            "votes_acked": len(acks), "votes_stored": stored,
            "tallies_per_client_s": round(max(rates), 2)}


def in_process_cpu_us(root: Path) -> dict:
    """Server CPU per poll.answer (alone, and in a burst's batch) and per reconnect,
    measured without network sockets (bench/cpu.py)."""
    done = subprocess.run([servers.PYTHON, "-m", "bench.cpu", "--root", str(root)],
                          cwd=servers.ROOT, check=True, capture_output=True, text=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    # a baseline from before a figure existed has "–" there
    return {"answer_cpu_us": figures["poll.answer"],
            "answer_together_cpu_us": figures.get("poll.answer together", "–"),
            "reconnect_cpu_us": figures.get("reconnect", "–")}


async def floor(server: servers.Server, n: int, advances: int) -> dict:
    """The same scenarios against a bare broadcast server (Flask-SocketIO or Node)."""
    session = http_session()
    try:
        idle_kib = server.rss_kib()

        async def device(_i: int) -> Device:
            return Device(server.url, None, session)

        cpu = server.cpu_s()
        devices, joined, join_retries = await storm(n, device)
        join_cpu_ms = (server.cpu_s() - cpu) * 1000 / n
        await asyncio.sleep(1)
        connected_kib = server.rss_kib()
        driver = Device(server.url, None, session)
        await driver.connect()
        fanout = []
        for _ in range(advances):
            sent = time.time()
            ack = await driver.sio.call("advance", {"payload": PAYLOAD}, timeout=30)
            await wait_for(devices, ack["seq"])
            fanout.append((max(d.arrived[ack["seq"]] for d in devices) - sent) * 1000)
            await asyncio.sleep(0.05)
        cpu = server.cpu_s()
        acks = await spread(devices, lambda d: d.sio.call("vote", {"choice": 1}, timeout=30))
        vote_cpu_ms = (server.cpu_s() - cpu) * 1000 / n
        await asyncio.gather(*(d.sio.disconnect() for d in devices))
        started, cpu = time.monotonic(), server.cpu_s()
        resync_retries = await reconnect_all(devices)
        resync_s = time.monotonic() - started
        resync_cpu_ms = (server.cpu_s() - cpu) * 1000 / n
        await asyncio.gather(*(d.sio.disconnect() for d in devices), driver.sio.disconnect())
        return {"join_ms": summary(joined), "join_cpu_ms": round(join_cpu_ms, 1),
                "join_retries": join_retries,
                "fanout_ms": summary(fanout), "resync_s": round(resync_s, 2),
                "resync_retries": resync_retries, "resync_cpu_ms": round(resync_cpu_ms, 2),
                "vote_ack_ms": summary(acks), "vote_cpu_ms": round(vote_cpu_ms, 2),
                "rss_idle_mib": round(idle_kib / 1024, 1),
                "kib_per_client": round((connected_kib - idle_kib) / n, 1)}
    finally:
        await session.close()
        server.stop()


def _ratio(base: dict | None, value: float, key: str) -> str:
    """value ÷ the floor's figure `key` (its p99 where it has percentiles)."""
    if base is None:
        return "–"
    floor_value = base[key]["p99"] if isinstance(base[key], dict) else base[key]
    return f"{value / floor_value:.2f}" if floor_value else "–"


def table(results: dict) -> str:
    """One row per server; the ratios are to the Flask-SocketIO floor of the same mode (the
    Node floor's own row has none)."""
    rows = ["| mode | server | join storm p50 / p99 ms | joined / stored (retries) "
            "| fan-out p50 / p99 ms | p99 ÷ floor | vote ack p50 / p99 ms | p99 ÷ floor "
            "| votes acked / stored (retries) | tallies per client per s "
            "| server CPU ms per join / vote / reconnect "
            "| in-process CPU µs per answer alone / in a batch / reconnect "
            "| reconnect storm s (retries) | missed | KiB per client | ÷ floor |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for mode, servers_of_mode in results.items():
        base = servers_of_mode["floor"] if mode != "node" else None
        ratio = partial(_ratio, base)
        for name, r in servers_of_mode.items():
            join, fan, vote = r["join_ms"], r["fanout_ms"], r["vote_ack_ms"]
            joined = (f"{join['n']} / {r.get('joined_stored', '–')} ({r['join_retries']})")
            stored = (f"{r['votes_acked']} / {r['votes_stored']} ({r['vote_retries']})"
                      if "votes_stored" in r else "–")
            rows.append(
                f"| {mode} | {name} | {join['p50']} / {join['p99']} | {joined} "
                f"| {fan['p50']} / {fan['p99']} | {ratio(fan['p99'], 'fanout_ms')} "
                f"| {vote['p50']} / {vote['p99']} | {ratio(vote['p99'], 'vote_ack_ms')} "
                f"| {stored} | {r.get('tallies_per_client_s', '–')} "
                f"| {r.get('join_cpu_ms', '–')} / {r.get('vote_cpu_ms', '–')} "
                f"/ {r.get('resync_cpu_ms', '–')} "
                f"| {r.get('answer_cpu_us', '–')} / {r.get('answer_together_cpu_us', '–')} "
                f"/ {r.get('reconnect_cpu_us', '–')} "
                f"| {r['resync_s']} ({r['resync_retries']}) "
                f"| {r.get('resync_missed', '–')} | {r['kib_per_client']} "
                f"| {ratio(r['kib_per_client'], 'kib_per_client')} |")
    return "\n".join(rows)


async def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--advances", type=int, default=30)
    parser.add_argument("--modes", default="eventlet")
    parser.add_argument("--scenarios", default="spine",
                        help="spine (fan-out, votes, reconnects) and/or notes (the note burst)")
    parser.add_argument("--baseline", default=None,
                        help="a checkout of the code before a change, run as 'before'")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "latest.json"))
    args = parser.parse_args()
    # a client whose server drops it says so once per socket; the figures say what matters
    logging.getLogger("engineio.client").setLevel(logging.CRITICAL)
    n, advances = args.participants, args.advances
    scenarios = args.scenarios.split(",")
    results, burst = {}, {}
    for mode in args.modes.split(","):
        if "spine" in scenarios:
            results[mode] = {"floor": await floor(servers.start_floor(mode), n, advances)}
            if args.baseline:
                results[mode]["before"] = await ours(mode, n, advances, Path(args.baseline))
            results[mode]["ours"] = await ours(mode, n, advances)
            print(json.dumps({mode: results[mode]}), file=sys.stderr, flush=True)
        if "notes" in scenarios:
            burst[mode] = await notes.run(mode, n)
    node = servers.start_node_floor() if "spine" in scenarios else None
    if node is not None:
        results["node"] = {"floor": await floor(node, n, advances)}
    report = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": f"{platform.node()} {platform.machine()} {platform.python_version()}",
              "participants": n, "results": results, "notes": burst}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2))
    print(f"{n} participants, {advances} advances, {report['date']}\n")
    if results:
        print(table(results))
    if burst:
        print(notes.table(burst))


if __name__ == "__main__":
    asyncio.run(main())
