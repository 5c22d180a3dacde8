"""The production entry point.

`python wsgi.py` serves on HOST:PORT; `gunicorn -k eventlet -w 1 wsgi:app` works too.
The async mode's monkey patching must run before anything else imports the standard
library's socket or threading, so it lives here and nowhere in app/.
"""
import gc
import os

MODE = os.environ.get("WORKSHOP_ASYNC_MODE", "eventlet")
if MODE == "eventlet":
    os.environ.setdefault("EVENTLET_NO_GREENDNS", "yes")
    import eventlet

    eventlet.monkey_patch()
elif MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()

if MODE in ("eventlet", "gevent") and os.environ.get("DATABASE_URL", "").startswith("postgres"):
    import importlib

    # psycopg2 waits for PostgreSQL cooperatively only when told to
    importlib.import_module(f"psycogreen.{MODE}").patch_psycopg()

from app import create_app  # noqa: E402
from app.extensions import socketio  # noqa: E402

app = create_app()
# What start-up loaded (the app, the ORM's mappings, templates, catalogues) lives as long as
# the process: moved out of the collector's sight, a full collection scans only what the
# room has made since, and pauses every socket for milliseconds instead of ~100 ms.
gc.freeze()


def main() -> None:
    with app.app_context():
        from app.people.service import close_stale_spans
        from app.prework.service import prune_uploads

        close_stale_spans()
        removed = prune_uploads()
    if removed:
        print(f"Removed {removed} uploads never handed in.", flush=True)
    print(f"Workshop Room on {app.config['PUBLIC_URL']} ({MODE})", flush=True)
    options = eventlet_server_options() if MODE == "eventlet" else {}
    socketio.run(app, host=app.config["HOST"], port=app.config["PORT"],
                 allow_unsafe_werkzeug=MODE == "threading", log_output=False, **options)


def eventlet_server_options() -> dict:
    """How eventlet's server keeps its connections.

    It holds one green thread per open connection and stops at 1,024 by default: a room of
    1,000 with its staff and projector would leave latecomers hanging. Each connection also
    keeps a read and a write buffer for as long as it is open (8 and 16 KiB by default); a
    Socket.IO connection stays open all session and uses them only for its handshake, so
    they are 4 KiB here. A response larger than the write buffer leaves as two writes
    (headers, then body); with Nagle's algorithm on, the body would wait for the client's
    delayed ACK of the headers (~40 ms, as pages of 20 KB did), so it is off.
    """
    import contextlib
    import socket

    import eventlet.wsgi

    class Connection(eventlet.wsgi.HttpProtocol):
        rbufsize = wbufsize = 4096

        def setup(self):
            with contextlib.suppress(OSError):  # a client already gone is handled as ever
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, True)
            super().setup()

    return {"max_size": app.config["MAX_CONNECTIONS"], "protocol": Connection}


if __name__ == "__main__":
    main()
