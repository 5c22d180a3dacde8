"""The note burst: posters put two sticky notes each on one board within about five seconds
while watchers look at it. Measured: zero lost (notes in the database = notes acked) and,
per note, the time from sending it until every watcher has it (p50 / p99), next to the bare
floor server doing the same broadcasts in the same run.

`python -m bench --scenarios notes --participants 1000` runs 1,000 watchers and 500 posters.
The watchers live in WATCHER_PROCESSES processes of their own (one asyncio loop each), the
posters in the bench's: decoding every note for every watcher is the client side's heaviest
work, and one process doing it all would measure itself rather than the server.
"""
import asyncio
import multiprocessing
import random
import time

import socketio

from bench import servers
from bench.swarm import Device, facilitator, gather_limited, http_session, join, persist

NOTES_EACH = 2
WINDOW_S = 5.0
NOTE_TEXT = "An idea worth a sticky note: " + "x" * 120  # about a real note's size
CONNECT_CONCURRENCY = 20
WATCHER_PROCESSES = 2


def summary(ms: list[float]) -> dict:
    ordered = sorted(ms)

    def at(p):
        return round(ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))], 1)

    return {"p50": at(50), "p99": at(99), "n": len(ms)}


async def _burst(posters: list[Device], send) -> list[tuple[float, int]]:
    """Every poster sends NOTES_EACH notes at random moments within WINDOW_S; returns
    (moment sent, seq) of every acked note."""
    rng = random.Random(11)
    sent: list[tuple[float, int]] = []

    async def one(device):
        for _ in range(NOTES_EACH):
            await asyncio.sleep(rng.random() * WINDOW_S / NOTES_EACH)
            moment = time.time()
            ack = await send(device)
            if ack.get("ok"):
                sent.append((moment, ack["seq"]))

    await asyncio.gather(*(one(d) for d in posters))
    return sent


class Watchers:
    """Watching devices spread over processes of their own; each process connects its share
    and, once told which seqs were sent, answers when its last device had each of them."""

    def __init__(self, url: str, auths: list[dict | None], processes: int = WATCHER_PROCESSES):
        context = multiprocessing.get_context("spawn")
        self.pipes, self.processes = [], []
        for share in (auths[i::processes] for i in range(processes)):
            mine, theirs = context.Pipe()
            process = context.Process(target=_watch, args=(theirs, url, share), daemon=True)
            process.start()
            self.pipes.append(mine)
            self.processes.append(process)

    async def ready(self) -> int:
        """Wait until every device is connected; how many connects had to be tried again."""
        return sum(await asyncio.gather(*(_receive(p) for p in self.pipes)))

    async def last_arrivals(self, seqs: list[int]) -> dict[int, float]:
        """When the last watcher had each seq (inf where one never did, within a minute)."""
        for pipe in self.pipes:
            pipe.send(seqs)
        latest: dict[int, float] = {}
        for arrivals in await asyncio.gather(*(_receive(p) for p in self.pipes)):
            for seq, moment in arrivals.items():
                latest[seq] = max(latest.get(seq, 0.0), moment)
        return latest

    def close(self) -> None:
        for process in self.processes:
            process.join(30)
            if process.is_alive():
                process.kill()


async def _receive(pipe):
    answer = await asyncio.get_running_loop().run_in_executor(None, pipe.recv)
    if isinstance(answer, BaseException):
        raise answer
    return answer


def _watch(pipe, url: str, auths: list[dict | None]) -> None:
    """A watcher process: connect, report, wait for the seqs, report their arrivals."""
    import logging

    logging.getLogger("engineio.client").setLevel(logging.CRITICAL)
    try:
        asyncio.run(_watch_async(pipe, url, auths))
    except BaseException as err:  # the bench process reports it
        pipe.send(RuntimeError(f"watcher process failed: {type(err).__name__}: {err}"))


async def _watch_async(pipe, url: str, auths: list[dict | None]) -> None:
    session = http_session()
    try:
        devices = [Device(url, auth, session) for auth in auths]
        pipe.send(await _connect(devices))
        seqs = await asyncio.get_running_loop().run_in_executor(None, pipe.recv)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all(
                seq in d.arrived for d in devices for seq in seqs):
            await asyncio.sleep(0.05)
        pipe.send({seq: max(d.arrived.get(seq, float("inf")) for d in devices)
                   for seq in seqs})
        await asyncio.gather(*(d.sio.disconnect() for d in devices))
    finally:
        await session.close()


async def _measure(watchers: Watchers, posters: list[Device], send) -> tuple[list, int]:
    """The burst; per acked note, the ms until the last watcher had it."""
    sent = await _burst(posters, send)
    latest = await watchers.last_arrivals([seq for _, seq in sent])
    missed = sum(latest[seq] == float("inf") for _, seq in sent)
    if missed:
        raise RuntimeError(f"{missed} of {len(sent)} notes never reached every watcher")
    return [(latest[seq] - moment) * 1000 for moment, seq in sent], len(sent)


async def _connect(devices: list[Device]) -> int:
    """Connect everyone, trying again where the busy server did not answer; returns how
    many tries failed."""
    retries: list[int] = []

    def attempt(device: Device):
        async def connect():
            if device.sio.connected:  # a try that timed out here but went through there
                await device.sio.disconnect()
            await device.connect()
        return connect

    await gather_limited([persist(attempt(d), retries, give_up_after=300) for d in devices],
                         CONNECT_CONCURRENCY)
    return len(retries)


async def floor(mode: str, watchers_n: int, posters_n: int) -> dict:
    server = servers.start_floor(mode)
    session = http_session()
    try:
        watchers = Watchers(server.url, [None] * watchers_n)
        try:
            posters = [Device(server.url, None, session) for _ in range(posters_n)]
            await watchers.ready()
            await _connect(posters)
            await asyncio.sleep(1)
            latencies, acked = await _measure(watchers, posters, lambda d: d.sio.call(
                "advance", {"payload": NOTE_TEXT}, timeout=60))
            await asyncio.gather(*(d.sio.disconnect() for d in posters))
        finally:
            watchers.close()
        return {"delivered_ms": summary(latencies), "acked": acked}
    finally:
        await session.close()
        server.stop()


async def ours(mode: str, watchers_n: int, posters_n: int) -> dict:
    server = servers.start_workshop(mode)
    session = http_session()
    try:
        fac, fac_session = await facilitator(server.url, server.room_id, servers.EMAIL,
                                             servers.PASSWORD)
        made = await fac.command("board.create", {"prompt": "Ideas?"})
        board_id = made["result"]["board_id"]
        tokens = await gather_limited([join(session, server.url, server.join_code, f"P{i}")
                                       for i in range(watchers_n + posters_n)],
                                      CONNECT_CONCURRENCY)
        watchers = Watchers(server.url, [{"role": "participant", "token": t}
                                         for t in tokens[:watchers_n]])
        try:
            posters = [Device(server.url, {"role": "participant", "token": t}, session)
                       for t in tokens[watchers_n:]]
            await watchers.ready()
            await _connect(posters)
            await asyncio.sleep(1)
            latencies, acked = await _measure(watchers, posters, lambda d: d.command(
                "note.post", {"board_id": board_id, "text": NOTE_TEXT}))
            stored = servers.count_rows(
                server, f"SELECT count(*) FROM board_note WHERE board_id = {int(board_id)}")
            await asyncio.gather(*(d.sio.disconnect() for d in posters), fac.sio.disconnect())
        finally:
            watchers.close()
        await fac_session.close()
        return {"delivered_ms": summary(latencies), "acked": acked, "stored": stored,
                "sent": posters_n * NOTES_EACH}
    finally:
        await session.close()
        server.stop()


async def run(mode: str, watchers_n: int) -> dict:
    posters_n = watchers_n // 2
    result = {"watchers": watchers_n, "posters": posters_n,
              "ours": await ours(mode, watchers_n, posters_n)}
    try:
        result["floor"] = await floor(mode, watchers_n, posters_n)
    except (socketio.exceptions.SocketIOError, TimeoutError, RuntimeError) as err:
        # one message per note to every watcher: past a few hundred watchers the bare
        # server (or this one-process client swarm) cannot keep up, and says so
        result["floor"] = {"failed": f"{type(err).__name__}: {err}"}
    return result


def table(results: dict) -> str:
    rows = ["| mode | watchers | posters | server | every watcher has the note p50 / p99 ms "
            "| p50 ÷ floor | p99 ÷ floor | notes sent / acked / stored |",
            "|---|---|---|---|---|---|---|---|"]
    for mode, r in results.items():
        base = r["floor"].get("delivered_ms")
        for name in ("floor", "ours"):
            if "failed" in r[name]:
                rows.append(f"| {mode} | {r['watchers']} | {r['posters']} | {name} "
                            f"| failed: {r[name]['failed']} | – | – | – |")
                continue
            d = r[name]["delivered_ms"]
            counts = (f"{r[name]['sent']} / {r[name]['acked']} / {r[name]['stored']}"
                      if name == "ours" else f"– / {r[name]['acked']} / –")
            ratios = (f"{d['p50'] / base['p50']:.2f} | {d['p99'] / base['p99']:.2f}"
                      if base else "– | –")
            rows.append(f"| {mode} | {r['watchers']} | {r['posters']} | {name} "
                        f"| {d['p50']} / {d['p99']} | {ratios} | {counts} |")
    return "\n".join(rows)
