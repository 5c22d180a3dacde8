"""Clients of the real server: HTTP sign-in and join, and Socket.IO clients that keep state
the way the browser's store does (snapshot, then events applied by seq)."""
import http.cookiejar
import json
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import serverproc
import socketio


class Http:
    """A cookie-keeping HTTP client on urllib (a browser's session cookie included)."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, bytes]:
        req = urllib.request.Request(self.base_url + path, data=body, method=method,
                                     headers=headers or {})
        try:
            with self.opener.open(req, timeout=10) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def post_json(self, path: str, payload: dict) -> tuple[int, dict]:
        status, body = self.request("POST", path, json.dumps(payload).encode(),
                                    {"Content-Type": "application/json"})
        return status, json.loads(body)

    def get_json(self, path: str):
        status, body = self.request("GET", path)
        assert status == 200, (path, status, body[:300])
        return json.loads(body)

    def sign_in(self, email=serverproc.FACILITATOR_EMAIL,
                password=serverproc.FACILITATOR_PASSWORD) -> None:
        form = urllib.parse.urlencode({"email": email, "password": password}).encode()
        status, body = self.request("POST", "/signin", form,
                                    {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 200 and self.cookie_header(), (status, body[:300])

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def join(server, name: str, command_id: str | None = None) -> dict:
    """POST /api/join as a new participant; the ack's result (participant id, token …)."""
    status, ack = Http(server.url).post_json(
        "/api/join", {"code": server.room.code, "name": name,
                      "id": command_id or uuid.uuid4().hex})
    assert status == 200 and ack["ok"], ack
    return ack["result"]


class LiveClient:
    """One Socket.IO client of a room, with the store the browser keeps.

    On every (re)connect it sends `since` = the last seq it has, like static/src/connection.js,
    and records whether the server answered with `events` or a `snapshot`. An `events`
    message at any other time is a burst of live events sent together, not a catch-up.
    """

    def __init__(self, url: str, auth: dict, headers: dict | None = None, label: str = ""):
        self.url, self.base_auth, self.headers, self.label = url, auth, headers or {}, label
        self.sio = socketio.Client(reconnection=True, reconnection_delay=0.1,
                                   reconnection_delay_max=0.5, randomization_factor=0.2,
                                   handle_sigint=False)
        self.cond = threading.Condition()
        self.seq = 0
        self.state: dict[str, dict] = {}
        self.me: dict | None = None
        self.aggregates: dict[str, dict] = {}
        self.written: dict[tuple[str, str], int] = {}
        self.base_seq = 0
        self.events: list[dict] = []  # every live `event`, in arrival order
        #: what the server answered each connect with: ("snapshot" | "events", message)
        self.catch_ups: list[tuple[str, dict]] = []
        self.connects = 0
        self.disconnects = 0
        #: the next `snapshot` or `events` answers a connect (it may come before `connect`)
        self._catching_up = True
        self.sio.on("connect", self._on_connect)
        self.sio.on("disconnect", self._on_disconnect)
        self.sio.on("snapshot", self._on_snapshot)
        self.sio.on("events", self._on_events)
        self.sio.on("event", self._on_event)
        self.sio.on("aggregate", self._on_aggregate)

    # -- connection ---------------------------------------------------------------------------

    def auth(self) -> dict:
        with self.cond:
            return {**self.base_auth, "since": self.seq} if self.me else dict(self.base_auth)

    def connect(self, transports=None) -> "LiveClient":
        first = len(self.catch_ups)
        # headers as a function: engineio's client deletes "Cookie" from the dict it is given
        # on the websocket upgrade, so a reused dict would reconnect without the sign-in
        self.sio.connect(self.url, headers=lambda: dict(self.headers), auth=self.auth,
                         transports=transports, wait_timeout=10)
        self.wait_for(lambda: len(self.catch_ups) > first, what="a snapshot or events")
        return self

    def close(self) -> None:
        self.sio.disconnect()

    # -- handlers (on the client's own thread) --------------------------------------------------

    def _on_connect(self):
        with self.cond:
            self.connects += 1
            self.cond.notify_all()

    def _on_disconnect(self, *_reason):
        with self.cond:
            self.disconnects += 1
            self._catching_up = True
            self.cond.notify_all()

    def _load(self, snapshot: dict) -> None:
        self.state, self.me = snapshot["state"], snapshot["me"]
        self.aggregates = snapshot.get("aggregates") or {}
        self.seq = self.base_seq = snapshot["seq"]
        self.written = {}

    def _apply(self, event: dict) -> None:
        for collection, key, value in event.get("changes", []):
            if self.written.get((collection, key), self.base_seq) >= event["seq"]:
                continue
            self.written[(collection, key)] = event["seq"]
            entities = self.state.setdefault(collection, {})
            if value is None:
                entities.pop(key, None)
            else:
                entities[key] = value
        self.seq = max(self.seq, event["seq"])

    def _on_snapshot(self, snapshot):
        with self.cond:
            self._load(snapshot)
            self.catch_ups.append(("snapshot", snapshot))
            self._catching_up = False
            self.cond.notify_all()

    def _on_events(self, answer):
        with self.cond:
            for event in answer["events"]:
                self._apply(event)
            if self._catching_up:
                self.seq = max(self.seq, answer["seq"])
                self.catch_ups.append(("events", answer))
                self._catching_up = False
            else:
                self.events.extend(answer["events"])
            self.cond.notify_all()

    def _on_event(self, event):
        with self.cond:
            self._apply(event)
            self.events.append(event)
            self.cond.notify_all()

    def _on_aggregate(self, message):
        with self.cond:
            self.aggregates[message["name"]] = message["data"]
            self.cond.notify_all()

    # -- use ------------------------------------------------------------------------------------

    def wait_for(self, predicate, timeout: float = 10, what: str = "a condition"):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                value = predicate()
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{self.label}: no {what} within {timeout} s "
                                         f"(seq {self.seq}, connected {self.sio.connected})")
                self.cond.wait(left)

    def command(self, type: str, data: dict | None = None, command_id: str | None = None,
                timeout: float = 10) -> dict:
        envelope = {"id": command_id or uuid.uuid4().hex, "type": type, "data": data or {}}
        self.wait_connected()
        return self.sio.call("command", envelope, timeout=timeout)

    def sync(self, since: int) -> dict:
        self.wait_connected()
        return self.sio.call("sync", {"since": since}, timeout=10)

    def wait_connected(self) -> None:
        """A client between a drop and its reconnect waits for it, as the browser's outbox
        does, instead of failing to send."""
        self.wait_for(lambda: self.sio.connected and self.connects > self.disconnects,
                      what="the connection")

    def live_item_id(self) -> int | None:
        with self.cond:
            live = self.state.get("live", {}).get("current") or {}
            return (live.get("item") or {}).get("id")


def facilitator_client(server, label: str = "facilitator") -> tuple[LiveClient, Http]:
    web = Http(server.url)
    web.sign_in()
    client = LiveClient(server.url, {"role": "facilitator", "room": server.room.id},
                        headers={"Cookie": web.cookie_header()}, label=label)
    return client, web


def participant_client(server, name: str) -> tuple[LiveClient, dict]:
    joined = join(server, name)
    client = LiveClient(server.url, {"role": "participant", "token": joined["token"]},
                        label=name)
    return client, joined


def postgres_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None
