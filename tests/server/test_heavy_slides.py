"""A heavy slide never freezes the room: while the real (eventlet) server draws a PDF page
of many thousand curves, 50 participants keep receiving the facilitator's slide changes
within normal latency and `/healthz` answers; the page then shows as "cannot be
displayed" and the file still downloads."""
import json
import statistics
import threading
import time
import uuid

import pytest
import serverproc
from roomclients import Http, facilitator_client, join, participant_client

from tests.prework.helpers import SLIDES_PREP, heavy_pdf
from tests.support import dispose, make_app

pytestmark = pytest.mark.server

WATCHERS = 50
#: the server's drawing budget here; the page below needs several times as long
BUDGET = 3


def ok(ack: dict) -> dict:
    assert ack["ok"] is True, ack
    return ack["result"]


def upload(server, token: str, task_id: int, content: bytes) -> int:
    """POST /api/uploads as a participant's browser does (multipart, rejoin token)."""
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"task_id\"\r\n\r\n"
            f"{task_id}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"slides.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").encode()
    body += content + f"\r\n--{boundary}--\r\n".encode()
    status, answer = Http(server.url).request("POST", "/api/uploads", body, {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Authorization": f"Bearer {token}"})
    assert status == 200, answer[:300]
    return json.loads(answer)["result"]["upload_id"]


def slides_url(server, upload_id: int, page: str) -> str:
    """The URL everyone in the room gets for the team's slides, signed with the server's
    own secret (the presentation's view carries the same key)."""
    from app.prework.state import slides_key

    application = make_app("sqlite://", SECRET_KEY=(server.instance / "secret_key").read_text())
    try:
        with application.app_context():
            key = slides_key(server.room.id, upload_id)
    finally:
        dispose(application)
    return f"/rooms/{server.room.id}/slides/{upload_id}/{page}?key={key}"


def test_a_heavy_page_is_drawn_while_the_room_goes_on(tmp_path):
    with serverproc.running_server(tmp_path, "eventlet",
                                   extra_env={"WORKSHOP_PDF_RENDER_SECONDS": str(BUDGET)}
                                   ) as server:
        (session_id,), = server.query("SELECT id FROM course_session WHERE position = 2")
        (prep_id,), = server.query("SELECT id FROM agenda_item WHERE key = ?", (SLIDES_PREP,))
        fac, _web = facilitator_client(server)
        fac.connect()
        watchers = []
        try:
            ok(fac.command("session.start", {"session_id": session_id}))
            task_id = ok(fac.command("prework.open", {"item_id": prep_id}))["task_id"]
            for n in range(WATCHERS):
                watcher, _joined = participant_client(server, f"Watcher {n}")
                watchers.append(watcher.connect())
            heavy = heavy_pdf(60_000)
            upload_id = upload(server, join(server, "Pat")["token"], task_id, heavy)
            page, download = (slides_url(server, upload_id, part) for part in ("1.png", "file"))

            drawn = {}

            def fetch():
                started = time.monotonic()
                drawn["status"], drawn["body"] = Http(server.url).request("GET", page)
                drawn["seconds"] = time.monotonic() - started

            fetching = threading.Thread(target=fetch)
            fetching.start()
            time.sleep(0.3)  # the page is being drawn
            latencies, health = [], []
            for step in range(1000):
                if not fetching.is_alive():
                    break
                started = time.monotonic()
                moved = ok(fac.command("agenda.next" if step % 2 == 0 else "agenda.back"))
                for watcher in watchers:
                    watcher.wait_for(lambda w=watcher, i=moved["item_id"]: w.live_item_id() == i,
                                     timeout=10, what="the slide change")
                latencies.append(time.monotonic() - started)
                started = time.monotonic()
                assert Http(server.url).get_json("/healthz") == {"status": "ok"}
                health.append(time.monotonic() - started)
            fetching.join(30)

            assert drawn["status"] == 422, drawn
            assert b"cannot be displayed" in drawn["body"]
            assert drawn["seconds"] >= BUDGET - 0.5  # the drawing really was under way
            assert len(latencies) >= 5, latencies
            assert statistics.median(latencies) < 0.3, latencies
            assert max(latencies) < 1.0, latencies
            assert max(health) < 0.5, health
            status, body = Http(server.url).request("GET", download)
            assert status == 200 and body == heavy
            started = time.monotonic()  # remembered: no second drawing
            assert Http(server.url).request("GET", page)[0] == 422
            assert time.monotonic() - started < 0.5
        finally:
            for client in (fac, *watchers):
                client.close()
