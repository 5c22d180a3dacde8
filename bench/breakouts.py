"""`python -m bench.breakouts [--participants 300] [--teams 30] [--rounds 10] [--mode eventlet]`

300 participants in 30 teams. Measured from the facilitator's command until the last device
has what its view needs:

- start, teams kept: the breakout.started event (the device already knows its team);
- start, new teams: teams.made and breakout.started (new teams have nothing private yet, so
  the page asks for no fresh snapshot, as static/src/breakouts.js does);
- close: the breakout.closed event (the view is back in the plenary);
- earlier teams made active again (everyone's team changes): the teams.activated event and
  the fresh snapshot each page then asks for (`sync {since, fresh: true}`).

Each against a bare-server broadcast to the same number of clients in the same run (the
floor, bench/floor_server.py), as p50/p99 and as a ratio.
"""
import argparse
import asyncio
import time
import uuid

from bench import servers
from bench.__main__ import PAYLOAD, summary, wait_for
from bench.swarm import Device, facilitator, gather_limited, http_session

#: connects in flight at once while setting up (not measured)
CONNECT_CONCURRENCY = 50


class TeamDevice(Device):
    """A participant's page: it follows its own team and asks for a fresh snapshot when the
    team changes; `ready[seq]` is when the view could show what event `seq` started."""

    def __init__(self, url, participant_id, token, session):
        super().__init__(url, {"role": "participant", "token": token}, session)
        self.participant_id = participant_id
        self.team = None
        self.refreshed: dict[int, float] = {}

    async def _snapshot(self, snapshot):
        await super()._snapshot(snapshot)
        self.team = self._mine(snapshot["state"].get("teams", {}).values(), self.team)

    def _mine(self, teams, current):
        for team in teams:
            if team and any(m["id"] == self.participant_id for m in team["members"]):
                return team["id"]
        return current

    async def _event(self, event):
        await super()._event(event)
        teams = [value for collection, _key, value in event["changes"] if collection == "teams"]
        team = self._mine(teams, self.team)
        if team != self.team:
            self.team = team
            if event["type"] == "teams.made":
                return
            answer = await self.sio.call("sync", {"since": self.seq, "fresh": True}, timeout=60)
            self.seq = max(self.seq, answer["snapshot"]["seq"])
            self.refreshed[event["seq"]] = time.time()


async def join(session, url: str, code: str, name: str) -> tuple[int, str]:
    async with session.post(f"{url}/api/join", json={"code": code, "name": name,
                                                     "id": uuid.uuid4().hex}) as answer:
        body = await answer.json()
    if not body.get("ok"):
        raise RuntimeError(f"join failed: {body}")
    return body["result"]["participant_id"], body["result"]["token"]


async def floor(mode: str, n: int, rounds: int) -> list[float]:
    """A bare broadcast to n clients: the floor the breakout figures are divided by."""
    server = servers.start_floor(mode)
    session = http_session()
    try:
        devices = [Device(server.url, None, session) for _ in range(n)]
        await gather_limited([d.connect() for d in devices], CONNECT_CONCURRENCY)
        driver = Device(server.url, None, session)
        await driver.connect()
        times = []
        for _ in range(rounds * 2):
            sent = time.time()
            ack = await driver.sio.call("advance", {"payload": PAYLOAD}, timeout=30)
            await wait_for(devices, ack["seq"])
            times.append((max(d.arrived[ack["seq"]] for d in devices) - sent) * 1000)
            await asyncio.sleep(0.05)
        await asyncio.gather(*(d.sio.disconnect() for d in devices), driver.sio.disconnect())
        return times
    finally:
        await session.close()
        server.stop()


async def command(fac: Device, type: str, data: dict | None = None) -> dict:
    ack = await fac.command(type, data)
    if not ack.get("ok"):
        raise RuntimeError(f"{type} refused: {ack}")
    return ack


async def refreshed(devices: list[TeamDevice], seq: int, timeout: float = 60) -> float:
    """When the last device had its fresh snapshot after the event `seq` moved it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(seq in d.refreshed for d in devices):
            return max(d.refreshed[seq] for d in devices)
        await asyncio.sleep(0.005)
    raise RuntimeError(f"{sum(seq not in d.refreshed for d in devices)} devices not refreshed")


async def ours(mode: str, n: int, teams: int, rounds: int, activations: int) -> dict:
    server = servers.start_workshop(mode)
    session = http_session()
    try:
        fac, fac_session = await facilitator(server.url, server.room_id, servers.EMAIL,
                                             servers.PASSWORD)
        people = await gather_limited([join(session, server.url, server.join_code, f"P{i}")
                                       for i in range(n)], CONNECT_CONCURRENCY)
        devices = [TeamDevice(server.url, pid, token, session) for pid, token in people]
        await gather_limited([d.connect() for d in devices], CONNECT_CONCURRENCY)
        made = await command(fac, "teams.make", {"count": teams})
        await wait_for(devices, made["seq"])
        first_teams = made["result"]["grouping_id"]
        kept, fresh, closed, activated = [], [], [], []
        for round in range(rounds * 2):
            new_teams = round % 2 == 1
            data = {"minutes": 15, "task": "Discuss"}
            if new_teams:
                data["teams"] = {"count": teams}
            sent = time.time()
            ack = await command(fac, "breakout.start", data)
            await wait_for(devices, ack["seq"], timeout=60)
            done = max(d.arrived[ack["seq"]] for d in devices)
            (fresh if new_teams else kept).append((done - sent) * 1000)
            await asyncio.sleep(0.2)
            sent = time.time()
            ack = await command(fac, "breakout.close")
            await wait_for(devices, ack["seq"], timeout=60)
            closed.append((max(d.arrived[ack["seq"]] for d in devices) - sent) * 1000)
            await asyncio.sleep(0.2)
        for round in range(activations):
            grouping = first_teams + (round + 1) % 2
            sent = time.time()
            ack = await command(fac, "teams.activate", {"grouping_id": grouping})
            activated.append((await refreshed(devices, ack["seq"]) - sent) * 1000)
            await asyncio.sleep(0.2)
        sizes = sorted({sum(d.team == t for d in devices) for t in {d.team for d in devices}})
        await asyncio.gather(*(d.sio.disconnect() for d in devices), fac.sio.disconnect())
        await fac_session.close()
        return {"start_kept": kept, "start_new_teams": fresh, "close": closed,
                "earlier_teams_again": activated, "team_sizes": sizes}
    finally:
        await session.close()
        server.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.breakouts")
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--teams", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--activations", type=int, default=4)
    parser.add_argument("--mode", default="eventlet")
    args = parser.parse_args()
    base = summary(await floor(args.mode, args.participants, args.rounds))
    result = await ours(args.mode, args.participants, args.teams, args.rounds,
                        args.activations)
    print(f"{args.participants} participants in {args.teams} teams (sizes "
          f"{result.pop('team_sizes')}), {args.mode}, {args.rounds} rounds each, "
          f"{args.activations} activations\n")
    print("| what | p50 / p99 ms | p50 ÷ floor | p99 ÷ floor |\n|---|---|---|---|")
    print(f"| bare broadcast (floor) | {base['p50']} / {base['p99']} | 1.00 | 1.00 |")
    for name, times in result.items():
        s = summary(times)
        print(f"| {name.replace('_', ' ')} | {s['p50']} / {s['p99']} "
              f"| {s['p50'] / base['p50']:.2f} | {s['p99'] / base['p99']:.2f} |")


if __name__ == "__main__":
    asyncio.run(main())
