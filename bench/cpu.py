"""CPU time per command, per reconnect and per arrival, without network sockets:
`python -m bench.cpu [--root PATH] [--profile NAME=FILE]`.

The dispatcher (`app.core.commands.execute`) runs in this process against a fresh SQLite
instance set up like the load test's, so the figure is the server's own work per command,
free of the noise of clients sharing the machine. A reconnect goes through the real
Socket.IO connect handler (Flask-SocketIO's test client: authentication, rooms, presence,
the catch-up with `since`), leaving out only what the network adds (the Engine.IO
handshake, the websocket). `--root` runs the same measurement against another checkout's
`app` package (the bench passes the code before a change).
"""
import argparse
import json
import os
import statistics
import sys
import time
import uuid
from functools import partial
from pathlib import Path

#: answers per transaction for "poll.answer together" (a burst's batches are about this size)
BATCH = 25


def measure(participants: int, profile: str | None) -> dict:
    from app import create_app
    from app.core.commands import apply_together, execute, prepare
    from app.core.models import Room
    from app.core.scopes import Actor
    from app.extensions import db, socketio
    from app.people import tokens

    app = create_app()
    with app.app_context():
        room_id, code = db.session.query(Room.id, Room.join_code).order_by(Room.id).first()
        db.session.remove()

    def run(actor, type, data=None):
        with app.app_context():
            try:
                ack, _ = execute(actor, {"id": uuid.uuid4().hex, "type": type,
                                         "data": data or {}})
            finally:
                db.session.remove()
        if not ack.get("ok"):
            raise RuntimeError(f"{type} refused: {ack}")
        return ack

    def timed(calls) -> list[float]:
        """CPU µs of each call, of this thread only: the first connect starts the
        aggregate task, whose flushes (a few a second, whatever the load) are not the
        call's work."""
        spent = []
        for call in calls:
            started = time.thread_time()
            call()
            spent.append((time.thread_time() - started) * 1e6)
        return spent

    def measured(name, calls) -> list[float]:
        if profile is None or not profile.startswith(name + "="):
            return timed(calls)
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002)
        with profiler:
            spent = timed(calls)
        Path(profile.split("=", 1)[1]).write_text(profiler.output_text(unicode=True))
        return spent

    def commands(sent) -> list:
        return [partial(run, actor, type, data) for actor, type, data in sent]

    def connect(auth: dict):
        """A device connects; passing `since`, it must be answered with the events since."""
        client = socketio.test_client(app, auth=auth)
        answer = "events" if "since" in auth else "snapshot"
        if not any(m["name"] == answer for m in client.get_received()):
            raise RuntimeError(f"connect with {sorted(auth)} got no {answer}")
        return client

    guest = Actor("guest", None, room_id)
    fac = Actor("facilitator", 1, room_id, "Facilitator")
    joins = measured("participant.join", commands(
        [(guest, "participant.join", {"name": f"P{i}"}) for i in range(participants)]))
    people = [Actor("participant", i + 1, room_id, f"P{i}") for i in range(participants)]
    run(fac, "session.start", {"session_id": 1})
    advances = measured("agenda.next", commands([(fac, "agenda.next", None)] * 30))
    poll = run(fac, "poll.create", {"kind": "single", "question": "Pick one",
                                    "options": ["A", "B", "C", "D"], "results": "live"})
    poll_id = poll["result"]["poll_id"]
    run(fac, "poll.open", {"poll_id": poll_id})
    votes = measured("poll.answer", commands(
        [(p, "poll.answer", {"poll_id": poll_id, "choices": [p.id % 4]}) for p in people]))

    def together(batch: list[Actor], poll_id: int) -> None:
        """Answers that queued for the room, applied in one transaction (as in a burst)."""
        with app.app_context():
            try:
                if apply_together([prepare(p, {"id": uuid.uuid4().hex, "type": "poll.answer",
                                               "data": {"poll_id": poll_id, "choices": [0]}})
                                   for p in batch]) is None:
                    raise RuntimeError("a batch of answers was refused")
            finally:
                db.session.remove()

    second = run(fac, "poll.create", {"kind": "single", "question": "Again",
                                      "options": ["A", "B"], "results": "live"})
    run(fac, "poll.open", {"poll_id": second["result"]["poll_id"]})
    batches = [people[i:i + BATCH] for i in range(0, len(people), BATCH)]
    batched = [spent / len(batch) for spent, batch in zip(measured("poll.answer together", [
        partial(together, batch, second["result"]["poll_id"]) for batch in batches]),
        batches, strict=True)]
    # the reconnect storm, one device at a time: everyone is on, drops, misses an advance
    # and comes back passing the seq it had
    with app.app_context():
        auths = [{"role": "participant", "token": tokens.issue("participant", room_id, p.id)}
                 for p in people]
    clients = [connect(auth) for auth in auths]
    since = run(fac, "agenda.next")["seq"]
    for client in clients:
        client.disconnect()
    run(fac, "agenda.next")
    reconnects = measured("reconnect", [partial(connect, {**auth, "since": since})
                                        for auth in auths])

    def arrive(i: int) -> None:
        """What a browser does to get in, as in the join storm: the join page, the join
        request, the room page and the socket with its first snapshot."""
        web = app.test_client()
        page = web.get(f"/join?code={code}")
        joined = web.post("/api/join", json={"code": code, "name": f"A{i}",
                                             "id": uuid.uuid4().hex})
        room_page = web.get(f"/r/{code}")
        if {page.status_code, joined.status_code, room_page.status_code} != {200}:
            raise RuntimeError(f"arrival: {page.status_code} {joined.status_code} "
                               f"{room_page.status_code}")
        connect({"role": "participant", "token": joined.json["result"]["token"]})

    arrivals = measured("arrival", [partial(arrive, i) for i in range(participants // 3)])
    return {name: round(statistics.median(values), 1) for name, values in
            (("participant.join", joins), ("agenda.next", advances), ("poll.answer", votes),
             ("poll.answer together", batched), ("reconnect", reconnects),
             ("arrival", arrivals))}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.cpu")
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--root", default=None, help="checkout whose app package to measure")
    parser.add_argument("--profile", default=None,
                        help="NAME=FILE: write a pyinstrument profile of that command type "
                             "(or of reconnect) to FILE")
    parser.add_argument("--instance", default=None, help="(set by the bench) an instance dir")
    args = parser.parse_args()
    if args.instance is None:
        # a fresh instance, then this script again in a process of its own on that code
        from bench import servers

        root = Path(args.root or servers.ROOT).resolve()
        env = servers.prepare_instance("threading", root)
        command = [servers.PYTHON, str(Path(__file__).resolve()), "--participants",
                   str(args.participants), "--instance", env["WORKSHOP_INSTANCE_DIR"]]
        if args.profile:
            name, path = args.profile.split("=", 1)
            command += ["--profile", f"{name}={Path(path).resolve()}"]
        import subprocess

        done = subprocess.run(command, env={**env, "PYTHONPATH": str(root)}, cwd=root,
                              check=True, capture_output=True, text=True)
        print(done.stdout.strip().splitlines()[-1])
        return
    sys.path.insert(0, os.getcwd())
    print(json.dumps(measure(args.participants, args.profile)))


if __name__ == "__main__":
    main()
