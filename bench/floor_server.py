"""The floor: a bare Flask-SocketIO broadcast server, no auth, no database.

Whatever our server costs on top of this is the price of the spine. Started by the bench
with the async mode under test: `python bench/floor_server.py PORT MODE`.
"""
import os
import sys

MODE = sys.argv[2] if len(sys.argv) > 2 else "eventlet"
if MODE == "eventlet":
    os.environ.setdefault("EVENTLET_NO_GREENDNS", "yes")
    import eventlet

    eventlet.monkey_patch()
elif MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()

from flask import Flask, request  # noqa: E402
from flask_socketio import SocketIO, emit, join_room  # noqa: E402

app = Flask(__name__)
socketio = SocketIO(app, async_mode=MODE)
seq = 0


@app.get("/readyz")
def ready():
    return {"status": "ready"}


@socketio.on("connect")
def connect(auth=None):
    join_room("all")
    emit("snapshot", {"seq": seq})


@socketio.on("advance")
def advance(data):
    """The driver's 'next slide': one broadcast to everyone, like agenda.moved."""
    global seq
    seq += 1
    socketio.emit("event", {"seq": seq, "payload": data.get("payload", "")}, to="all")
    return {"ok": True, "seq": seq, "sid": request.sid}


@socketio.on("vote")
def vote(_data):
    """An answer with nothing behind it: the floor for ack latency."""
    return {"ok": True}


def eventlet_options() -> dict:
    """As ours (wsgi.py): room for more than eventlet's default of 1,024 open connections,
    4 KiB read and write buffers per connection, Nagle's algorithm off."""
    import contextlib
    import socket

    import eventlet.wsgi

    class Connection(eventlet.wsgi.HttpProtocol):
        rbufsize = wbufsize = 4096

        def setup(self):
            with contextlib.suppress(OSError):  # a client already gone is handled as ever
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, True)
            super().setup()

    return {"max_size": 5000, "protocol": Connection}


if __name__ == "__main__":
    options = eventlet_options() if MODE == "eventlet" else {}
    socketio.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_output=False,
                 allow_unsafe_werkzeug=True, **options)
