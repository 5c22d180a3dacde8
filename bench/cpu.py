"""CPU time per command, without sockets: `python -m bench.cpu [--root PATH] [--profile FILE]`.

The dispatcher (`app.core.commands.execute`) runs in this process against a fresh SQLite
instance set up like the load test's, so the figure is the server's own work per command,
free of the noise of clients sharing the machine. `--root` runs the same measurement
against another checkout's `app` package (the bench passes the code before a change).
"""
import argparse
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path


def measure(participants: int, profile: str | None) -> dict:
    from app import create_app
    from app.core.commands import execute
    from app.core.models import Room
    from app.core.scopes import Actor
    from app.extensions import db

    app = create_app()
    with app.app_context():
        room_id = db.session.query(Room.id).order_by(Room.id).limit(1).scalar()
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

    def timed(commands) -> list[float]:
        spent = []
        for actor, type, data in commands:
            started = time.process_time()
            run(actor, type, data)
            spent.append((time.process_time() - started) * 1e6)
        return spent

    def measured(name, commands) -> list[float]:
        if profile is None or not profile.startswith(name + "="):
            return timed(commands)
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002)
        with profiler:
            spent = timed(commands)
        Path(profile.split("=", 1)[1]).write_text(profiler.output_text(unicode=True))
        return spent

    guest = Actor("guest", None, room_id)
    fac = Actor("facilitator", 1, room_id, "Facilitator")
    joins = measured("participant.join", [(guest, "participant.join", {"name": f"P{i}"})
                                          for i in range(participants)])
    people = [Actor("participant", i + 1, room_id, f"P{i}") for i in range(participants)]
    run(fac, "session.start", {"session_id": 1})
    advances = measured("agenda.next", [(fac, "agenda.next", None)] * 30)
    poll = run(fac, "poll.create", {"kind": "single", "question": "Pick one",
                                    "options": ["A", "B", "C", "D"], "results": "live"})
    poll_id = poll["result"]["poll_id"]
    run(fac, "poll.open", {"poll_id": poll_id})
    answers = [(p, "poll.answer", {"poll_id": poll_id, "choices": [p.id % 4]}) for p in people]
    votes = measured("poll.answer", answers)
    return {name: round(statistics.median(values), 1) for name, values in
            (("participant.join", joins), ("agenda.next", advances), ("poll.answer", votes))}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.cpu")
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--root", default=None, help="checkout whose app package to measure")
    parser.add_argument("--profile", default=None,
                        help="TYPE=FILE: write a pyinstrument profile of that command to FILE")
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
