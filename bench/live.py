"""`python -m bench.live [--participants 300] [--rounds 3] [--mode eventlet]`

A 300-person room during a lively plenary: slide fan-out while the room is quiet, against
slide fan-out while everyone reacts and upvotes a question within 5 seconds, in the same run
on the same server, quiet and loud rounds taking turns so that noise from other work on the
machine falls on both alike.

Each round the facilitator moves through the slides every ADVANCE_EVERY seconds for
ROUND_SECONDS; the fan-out of one move is the time from its command until the last device
has the agenda.moved event. In a loud round one participant asks a question first, then
every participant sends a reaction and upvotes it, each at a random moment within the 5
seconds. The reactions and upvote counts reach everyone as coalesced aggregates; the figure
to hold is loud p99 within 1.5x the quiet p99.
"""
import argparse
import asyncio
import json
import logging
import random
import time

from bench import servers
from bench.__main__ import summary, wait_for
from bench.breakouts import CONNECT_CONCURRENCY, join
from bench.swarm import Device, facilitator, gather_limited, http_session

ROUND_SECONDS = 5.0
ADVANCE_EVERY = 0.25
REACTIONS = ("applause", "agree", "slower", "cant_hear")


async def advance_for(fac: Device, devices: list[Device], seconds: float,
                      forward: list[bool]) -> list[float]:
    """Move to the next (or back to the previous) slide every ADVANCE_EVERY seconds; the
    fan-out of each move in ms."""
    fanout, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        sent = time.time()
        ack = await fac.command("agenda.next" if forward[0] else "agenda.back")
        if not ack.get("ok"):  # the end of the session's agenda: turn round
            forward[0] = not forward[0]
            continue
        moved = ack["seq"] - 1  # agenda.moved, then the staff-only agenda.timed
        await wait_for(devices, moved, timeout=60)
        fanout.append((max(d.arrived[moved] for d in devices) - sent) * 1000)
        await asyncio.sleep(max(0.0, ADVANCE_EVERY - (time.time() - sent)))
    return fanout


async def crowd(devices: list[Device], question_id: int, asker: int,
                rng: random.Random) -> list[float]:
    """Everyone reacts and upvotes (the asker only reacts) within ROUND_SECONDS; the acks'
    latencies in ms."""
    latencies: list[float] = []

    async def one(i: int, device: Device) -> None:
        await asyncio.sleep(rng.random() * ROUND_SECONDS)
        for type, data in [("reaction.send", {"kind": rng.choice(REACTIONS)}),
                           *([("question.upvote", {"question_id": question_id})]
                             if i != asker else [])]:
            sent = time.monotonic()
            ack = await device.command(type, data)
            if not ack.get("ok"):
                raise RuntimeError(f"{type} refused: {ack}")
            latencies.append((time.monotonic() - sent) * 1000)

    await asyncio.gather(*(one(i, d) for i, d in enumerate(devices)))
    return latencies


async def run(mode: str, n: int, rounds: int) -> dict:
    server = servers.start_workshop(mode)
    session = http_session()
    try:
        fac, fac_session = await facilitator(server.url, server.room_id, servers.EMAIL,
                                             servers.PASSWORD)
        people = await gather_limited([join(session, server.url, server.join_code, f"P{i}")
                                       for i in range(n)], CONNECT_CONCURRENCY)
        devices = [Device(server.url, {"role": "participant", "token": token}, session)
                   for _pid, token in people]
        await gather_limited([d.connect() for d in devices], CONNECT_CONCURRENCY)
        first = await fac.command("session.start", {"session_id": 1})
        await wait_for(devices, first["seq"] - 1, timeout=60)
        rng, forward = random.Random(5), [True]
        quiet, loud, acks, pushes = [], [], [], []
        for round_ in range(rounds):
            quiet += await advance_for(fac, devices, ROUND_SECONDS, forward)
            asker = round_ % n
            asked = await devices[asker].command("question.ask", {"text": f"Question {round_}?"})
            if not asked.get("ok"):
                raise RuntimeError(f"question refused: {asked}")
            started = time.time()
            slides, crowd_acks = await asyncio.gather(
                advance_for(fac, devices, ROUND_SECONDS, forward),
                crowd(devices, asked["result"]["question_id"], asker, rng))
            loud += slides
            acks += crowd_acks
            window = time.time() - started
            pushes.append(max(sum(1 for at, _name in d.aggregates if at >= started)
                              for d in devices) / window)
            await asyncio.sleep(10)  # the per-person reaction limit's window
        await asyncio.gather(*(d.sio.disconnect() for d in devices), fac.sio.disconnect())
        await fac_session.close()
        quiet_s, loud_s = summary(quiet), summary(loud)
        return {"participants": n, "quiet_fanout_ms": quiet_s, "loud_fanout_ms": loud_s,
                "p99_ratio": round(loud_s["p99"] / quiet_s["p99"], 2) if quiet_s["p99"] else None,
                "p50_ratio": round(loud_s["p50"] / quiet_s["p50"], 2) if quiet_s["p50"] else None,
                "crowd_ack_ms": summary(acks), "crowd_commands": len(acks),
                "aggregates_per_client_s": round(max(pushes), 2)}
    finally:
        await session.close()
        server.stop()


def table(result: dict) -> str:
    q, lo, a = result["quiet_fanout_ms"], result["loud_fanout_ms"], result["crowd_ack_ms"]
    return "\n".join([
        "| participants | slide fan-out quiet p50 / p99 ms (n) | while everyone reacts and "
        "upvotes p50 / p99 ms (n) | p50 / p99 ratio | reaction + upvote ack p50 / p99 ms (n) "
        "| aggregates per client per s |",
        "|---|---|---|---|---|---|",
        f"| {result['participants']} | {q['p50']} / {q['p99']} ({q['n']}) "
        f"| {lo['p50']} / {lo['p99']} ({lo['n']}) "
        f"| {result['p50_ratio']} / {result['p99_ratio']} "
        f"| {a['p50']} / {a['p99']} ({a['n']}) | {result['aggregates_per_client_s']} |"])


async def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.live")
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--mode", default="eventlet")
    args = parser.parse_args()
    logging.getLogger("engineio.client").setLevel(logging.CRITICAL)
    result = await run(args.mode, args.participants, args.rounds)
    print(json.dumps(result), flush=True)
    print(table(result))


if __name__ == "__main__":
    asyncio.run(main())
