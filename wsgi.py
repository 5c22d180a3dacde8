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
    # eventlet's server holds one green thread per open connection and stops at 1,024 by
    # default: a room of 1,000 with its staff and projector would leave latecomers hanging
    options = {"max_size": app.config["MAX_CONNECTIONS"]} if MODE == "eventlet" else {}
    socketio.run(app, host=app.config["HOST"], port=app.config["PORT"],
                 allow_unsafe_werkzeug=MODE == "threading", log_output=False, **options)


if __name__ == "__main__":
    main()
