"""Who receives what, proven with real python-socketio clients against the real server
process: private notes reach their author's devices and nobody else (not the facilitator, a
co-facilitator, a teammate or the projector), neither live nor through sync nor in a
snapshot; a team's submission reaches that team, its co-facilitator and the facilitator
only; a participant cannot hand in for another team; the completion table goes to the
facilitator alone."""
import json
import re
import sqlite3
import sys
import uuid
from contextlib import closing
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for folder in (HERE.parent, HERE.parent / "server"):  # serverproc, roomclients
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import serverproc  # noqa: E402
from roomclients import Http, LiveClient, facilitator_client, participant_client  # noqa: E402

from tests.prework.helpers import REFLECTION, SDG_PREP, SLIDES_PREP, tiny_pdf  # noqa: E402

pytestmark = pytest.mark.server

SECRET = "Nobody but me may read: my director blocks every pilot"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serverproc.running_server(tmp_path_factory.mktemp("prework-live"), "eventlet") as s:
        yield s


def write(server, statements: list[tuple[str, tuple]]) -> list[int]:
    """Rows the breakouts commands would make (teams), written straight into the database."""
    ids = []
    with closing(sqlite3.connect(server.instance / "workshop.db", timeout=10)) as conn:
        for sql, params in statements:
            ids.append(conn.execute(sql, params).lastrowid)
        conn.commit()
    return ids


def item_id(server, key: str) -> int:
    return server.query("SELECT id FROM agenda_item WHERE key = ?", (key,))[0][0]


def multipart(fields: dict, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                 f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
                 + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), boundary


def cohost_client(server, web: Http) -> LiveClient:
    _status, page = web.request("GET", f"/facilitate/{server.room.id}")
    invite = re.search(rb"/cohost/([A-Za-z0-9_.-]+)", page).group(1).decode()
    status, ack = Http(server.url).post_json("/api/cohost", {"invite": invite, "name": "Cody",
                                                             "id": uuid.uuid4().hex})
    assert status == 200, ack
    client = LiveClient(server.url, {"role": "cofacilitator", "token": ack["result"]["token"]},
                        label="cohost")
    client.cofacilitator_id = ack["result"]["cofacilitator_id"]
    return client


def test_private_notes_and_team_submissions_reach_only_their_audience(server):
    facilitator, web = facilitator_client(server)
    cohost = cohost_client(server, web)
    ana, ana_joined = participant_client(server, "Ana")
    ana_phone = LiveClient(server.url, {"role": "participant", "token": ana_joined["token"]},
                           label="Ana's phone")
    bo, _ = participant_client(server, "Bo")
    chen, chen_joined = participant_client(server, "Chen")
    dee, _ = participant_client(server, "Dee")
    console = web.request("GET", f"/facilitate/{server.room.id}")[1].decode()
    projector = LiveClient(server.url, {"role": "projector", "token": re.search(
        r"/projector/\d+\?key=([^\"&]+)", console).group(1)}, label="projector")
    everyone = [facilitator, cohost, ana, ana_phone, bo, chen, dee, projector]

    room = server.room.id
    (grouping,) = write(server, [
        ("INSERT INTO grouping (room_id, label, active, self_select, created_at) "
         "VALUES (?, 'Course teams', 1, 0, CURRENT_TIMESTAMP)", (room,))])
    one, two = write(server, [
        ("INSERT INTO team (room_id, grouping_id, name, position) VALUES (?, ?, 'Team 1', 1)",
         (room, grouping)),
        ("INSERT INTO team (room_id, grouping_id, name, position) VALUES (?, ?, 'Team 2', 2)",
         (room, grouping))])
    try:
        for client in everyone:
            client.connect()
        write(server, [
            ("INSERT INTO team_member (team_id, grouping_id, participant_id) VALUES (?, ?, ?)",
             (team, grouping, client.me["id"]))
            for team, client in ((one, ana), (one, bo), (two, chen))] + [
            ("INSERT INTO team_moderator (team_id, cofacilitator_id) VALUES (?, ?)",
             (one, cohost.cofacilitator_id))])

        def opened(key):
            ack = facilitator.command("prework.open", {"item_id": item_id(server, key)})
            assert ack["ok"], ack
            return ack["result"]["task_id"]

        notes, text, slides = opened(REFLECTION), opened(SDG_PREP), opened(SLIDES_PREP)
        for client in everyone:
            client.wait_for(lambda c=client: str(slides) in c.state.get("prework", {}),
                            what="the opened tasks")
        marks = {c.label: len(c.events) for c in everyone}

        def new_events(client):
            return client.events[marks[client.label]:]

        # private notes
        ack = ana.command("prework.note", {"task_id": notes, "answers": [SECRET, "", "", ""]})
        assert ack["ok"] and SECRET not in str(ack), ack
        for device in (ana, ana_phone):
            device.wait_for(lambda d=device: str(notes) in d.state.get("my_notes", {}),
                            what="her own notes")
            assert device.state["my_notes"][str(notes)]["answers"][0] == SECRET

        # an individual answer, a team file, and a refused try for another team
        assert ana.command("prework.submit", {"task_id": text, "answers": ["SDG 16"]})["ok"]
        body, boundary = multipart({"task_id": slides}, "ours.pdf", tiny_pdf(2))
        status, answer = Http(server.url).request(
            "POST", "/api/uploads", body,
            {"Content-Type": f"multipart/form-data; boundary={boundary}",
             "Authorization": f"Bearer {chen_joined['token']}"})
        assert status == 200, answer
        upload_id = json.loads(answer)["result"]["upload_id"]
        ack = chen.command("prework.submit", {"task_id": slides, "upload_id": upload_id})
        assert ack["ok"] and ack["result"]["team_id"] == two, ack
        refused = bo.command("prework.submit", {"task_id": slides, "upload_id": upload_id,
                                                "team_id": two})
        assert refused["error"]["code"] == "forbidden"
        key = f"{slides}:{two}"
        for client in (chen, facilitator):
            client.wait_for(lambda c=client: key in c.state.get("team_submissions", {}),
                            what="team 2's submission")
        facilitator.wait_for(lambda: len(facilitator.aggregates.get(
            f"prework:{slides}", {}).get("rows", [])) == 1, what="the completion table")
        facilitator.wait_for(lambda: len(facilitator.aggregates.get(
            f"prework:{text}", {}).get("rows", [])) == 1, what="the completion table")

        # a last event to everyone, so every client has had the time to receive the rest
        assert facilitator.command("prework.close", {"task_id": text})["ok"]
        for client in everyone:
            client.wait_for(lambda c=client: c.state["prework"][str(text)]["status"] == "closed",
                            what="the closed task")
        received = {c.label: [(e["type"], e["scope"]) for e in new_events(c)] for c in everyone}
        close = ("prework.closed", "room")
        mine = [("prework.noted", f"participant:{ana.me['id']}"),
                ("prework.submitted", f"participant:{ana.me['id']}"), close]
        team_two = ("prework.submitted", f"team:{two}")
        assert received == {"facilitator": [team_two, close], "cohost": [close],
                            "Ana": mine, "Ana's phone": mine, "Bo": [close],
                            "Chen": [team_two, close], "Dee": [close], "projector": [close]}
        for client in everyone:  # nor through sync from the start, nor in a fresh snapshot
            if client in (ana, ana_phone):
                continue
            assert SECRET not in str(client.sync(0))
            assert SECRET not in str(client.state) and SECRET not in str(client.aggregates)
            assert f"prework:{slides}" not in client.aggregates or client is facilitator
        late = LiveClient(server.url, facilitator.base_auth, facilitator.headers, "late").connect()
        everyone.append(late)
        assert SECRET not in str(late.state) and "my_notes" not in late.state
        assert SECRET not in str(server.query("SELECT ack FROM applied_command"))
    finally:
        for client in everyone:
            if client.sio.connected:
                client.close()


def test_a_presentation_turn_keeps_its_clock_across_a_server_crash(tmp_path):
    """kill -9 mid-turn: after the restart the same team presents, on the same page, with the
    same start time, so every client's clock goes on where it was."""
    with serverproc.running_server(tmp_path, "eventlet") as server:
        facilitator, _web = facilitator_client(server)
        ana, _joined = participant_client(server, "Ana")
        facilitator.connect()
        ana.connect()
        (grouping,) = write(server, [
            ("INSERT INTO grouping (room_id, label, active, self_select, created_at) "
             "VALUES (?, 'Course teams', 1, 0, CURRENT_TIMESTAMP)", (server.room.id,))])
        team, _other = write(server, [
            ("INSERT INTO team (room_id, grouping_id, name, position) VALUES (?, ?, ?, ?)",
             (server.room.id, grouping, name, n)) for n, name in ((1, "Team 1"), (2, "Team 2"))])
        write(server, [("INSERT INTO team_member (team_id, grouping_id, participant_id, role) "
                        "VALUES (?, ?, ?, 'presenter')", (team, grouping, ana.me["id"]))])
        ack = facilitator.command("presentation.open",
                                  {"item_id": item_id(server, "s3-team-presentations")})
        pid = ack["result"]["presentation_id"]
        assert facilitator.command("presentation.next", {"presentation_id": pid})["ok"]
        key = str(pid)
        ana.wait_for(lambda: ana.state.get("presentations", {}).get(key, {}).get("status")
                     == "running", what="the running turn")
        before = dict(ana.state["presentations"][key])
        ana.close()
        facilitator.close()

        server.restart()

        again = LiveClient(server.url, ana.base_auth, label="Ana again").connect()
        try:
            after = again.state["presentations"][key]
            assert after == before
            assert (after["current"], after["status"], after["page"]) == (0, "running", 1)
            assert after["turn_started_at"] == before["turn_started_at"]
            assert again.command("presentation.page", {"presentation_id": pid, "page": 1}
                                 )["error"]["code"] == "conflict"  # no slides: nothing to turn
        finally:
            again.close()
