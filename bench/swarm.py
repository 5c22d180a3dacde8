"""Many simulated devices in one asyncio loop, each a real python-socketio client."""
import asyncio
import time
import uuid

import aiohttp
import socketio


class Device:
    """One participant's (or the facilitator's) connection, recording when each seq arrived."""

    def __init__(self, url: str, auth: dict | None, session: aiohttp.ClientSession,
                 headers: dict | None = None):
        self.url, self.auth, self.headers = url, auth, headers or {}
        self.sio = socketio.AsyncClient(reconnection=False, http_session=session)
        self.seq = 0
        self.arrived: dict[int, float] = {}
        self.caught_up = asyncio.Event()
        self.messages = 0
        #: (time, name) of every aggregate received, to count tally pushes
        self.aggregates: list[tuple[float, str]] = []
        self.sio.on("snapshot", self._snapshot)
        self.sio.on("events", self._events)
        self.sio.on("event", self._event)
        self.sio.on("aggregate", self._aggregate)

    async def _snapshot(self, snapshot):
        self.messages += 1
        self.seq = max(self.seq, snapshot["seq"])
        self.caught_up.set()

    async def _events(self, answer):
        self.messages += 1
        moment = time.time()
        for event in answer["events"]:
            self.arrived.setdefault(event["seq"], moment)
        self.seq = max(self.seq, answer["seq"])
        self.caught_up.set()

    async def _event(self, event):
        self.messages += 1
        self.arrived.setdefault(event["seq"], time.time())
        self.seq = max(self.seq, event["seq"])

    async def _aggregate(self, message):
        self.messages += 1
        self.aggregates.append((time.time(), message["name"]))

    def _auth(self):
        if self.auth is None:
            return None
        return {**self.auth, "since": self.seq} if self.seq else self.auth

    async def connect(self) -> None:
        self.caught_up.clear()
        await self.sio.connect(self.url, auth=self._auth(), headers=self.headers,
                               transports=["websocket"], wait_timeout=60)

    async def command(self, type: str, data: dict | None = None, id: str | None = None) -> dict:
        return await self.sio.call("command", {"id": id or uuid.uuid4().hex, "type": type,
                                               "data": data or {}}, timeout=30)


def http_session() -> aiohttp.ClientSession:
    """One pool for all devices: no connection cap, no shared cookies."""
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0),
                                 cookie_jar=aiohttp.DummyCookieJar(),
                                 timeout=aiohttp.ClientTimeout(total=60, sock_connect=10))


async def gather_limited(coroutines, limit: int):
    gate = asyncio.Semaphore(limit)

    async def run(coroutine):
        async with gate:
            return await coroutine

    return await asyncio.gather(*(run(c) for c in coroutines))


async def join(session: aiohttp.ClientSession, url: str, code: str, name: str,
               id: str | None = None) -> str:
    """What a participant's browser does to get in: the join page, the join request and
    the room page; the device token it returns opens the socket. The same `id` again is
    a retry: it joins once."""
    async with session.get(f"{url}/join", params={"code": code}) as page:
        await page.read()
    async with session.post(f"{url}/api/join", json={"code": code, "name": name,
                                                     "id": id or uuid.uuid4().hex}) as answer:
        body = await answer.json()
    if not body.get("ok"):
        raise RuntimeError(f"join failed: {body}")
    async with session.get(f"{url}/r/{code}") as page:
        await page.read()
    return body["result"]["token"]


async def facilitator(url: str, room_id: int, email: str,
                      password: str) -> tuple[Device, aiohttp.ClientSession]:
    session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))  # 127.0.0.1
    async with session.post(f"{url}/signin", data={"email": email, "password": password},
                            allow_redirects=False) as answer:
        if answer.status != 302:
            raise RuntimeError("facilitator sign-in failed")
    cookie = "; ".join(f"{c.key}={c.value}" for c in session.cookie_jar)
    device = Device(url, {"role": "facilitator", "room": room_id}, session, {"Cookie": cookie})
    await device.connect()
    return device, session


async def persist(attempt, retries: list[int], give_up_after: float = 120):
    """What a participant does when the server is too busy to answer: try again."""
    started = time.monotonic()
    while True:
        try:
            return await attempt()
        except (aiohttp.ClientError, socketio.exceptions.ConnectionError,
                socketio.exceptions.TimeoutError, TimeoutError):
            retries.append(1)
            if time.monotonic() - started > give_up_after:
                raise
            await asyncio.sleep(1)
