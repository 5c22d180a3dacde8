"""Who may connect, what presence tells the staff, and attendance from real connections."""
import threading
import time

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from app.extensions import db
from app.people import tokens
from app.people.models import AttendanceSpan, Participant
from tests.support import count, last_seq, open_room, received, sign_in, wait_for

DAY = 86_400


def issued_days_ago(app, monkeypatch, days, kind, room_id, subject_id=None) -> str:
    """A genuine token, signed `days` ago."""
    then = int(time.time()) - days * DAY
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: then)
        with app.app_context():
            return tokens.issue(kind, room_id, subject_id)


def presence(client) -> list[dict]:
    return [a["data"] for a in received(client, "aggregate") if a["name"] == "presence"]


# --------------------------------------------------------------------------- refusals

@pytest.fixture
def bystander(app, course, room, people):
    """A connected facilitator and participant: a refusal must not disturb them."""
    fac = people.facilitator(room)
    ana = people.participant(room, "Ana")
    assert fac.send("session.start", {"session_id": course.sessions[0].id})["ok"]
    fac.events(), ana.events()
    return fac, ana


def connection_refused(app, room, people, bystander, auth, http=None):
    """The socket connect with `auth` is refused; nothing is logged, no attendance opens,
    and everyone else carries on."""
    fac, ana = bystander
    seq, spans = last_seq(app, room.id), count(app, AttendanceSpan)
    client = people.raw(auth, http)
    assert not client.is_connected()
    assert last_seq(app, room.id) == seq
    assert count(app, AttendanceSpan) == spans
    # everyone else carries on
    assert fac.client.is_connected() and ana.client.is_connected()
    assert fac.send("agenda.next")["ok"]
    assert len(ana.events()) == 1
    return client


@pytest.mark.parametrize("auth", [
    None, {}, "participant", ["participant"], {"role": "participant"},
    {"role": "admin", "token": "x"}, {"role": "participant", "token": ""},
    {"role": "participant", "token": 42}, {"role": "participant", "token": "x" * 501},
    {"role": "participant", "token": "eyJyIjoxLCJzIjoxfQ.aaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbb"},
    {"role": "projector", "token": "not-a-token"},
    {"role": "facilitator", "room": 1},  # no sign-in cookie
], ids=lambda a: repr(a)[:40])
def test_bad_credentials_are_refused(app, room, people, bystander, auth):
    connection_refused(app, room, people, bystander, auth)


def test_a_tampered_rejoin_token_is_refused(app, room, people, bystander):
    _, ana = bystander
    payload, stamp, signature = ana.token.split(".")
    # claim another participant with the same signature
    forged = ".".join(["eyJyIjoxLCJzIjoyfQ", stamp, signature])
    connection_refused(app, room, people, bystander, {"role": "participant", "token": forged})
    # the first character of the signature: its six bits are all real (the last one's may
    # be padding, so changing it can leave the bytes as they were)
    other = "A" if signature[0] != "A" else "B"
    flipped = ".".join([payload, stamp, other + signature[1:]])
    connection_refused(app, room, people, bystander, {"role": "participant", "token": flipped})


def test_a_token_signed_with_another_secret_is_refused(app, room, people, bystander):
    _, ana = bystander
    fake = URLSafeTimedSerializer("not the secret", salt="workshop-room.participant").dumps(
        {"r": room.id, "s": ana.id})
    connection_refused(app, room, people, bystander, {"role": "participant", "token": fake})


def test_an_expired_rejoin_token_is_refused(app, room, people, bystander, monkeypatch):
    _, ana = bystander
    limit = app.config["REJOIN_TOKEN_DAYS"]
    stale = issued_days_ago(app, monkeypatch, limit + 1, "participant", room.id, ana.id)
    connection_refused(app, room, people, bystander, {"role": "participant", "token": stale})
    fresh_enough = issued_days_ago(app, monkeypatch, limit - 1, "participant", room.id, ana.id)
    assert people.raw({"role": "participant", "token": fresh_enough}).is_connected()


def test_an_expired_projector_link_is_refused(app, room, people, bystander, monkeypatch):
    stale = issued_days_ago(app, monkeypatch, app.config["REJOIN_TOKEN_DAYS"] + 1,
                            "projector", room.id)
    connection_refused(app, room, people, bystander, {"role": "projector", "token": stale})


@pytest.mark.parametrize(("kind", "used_as"), [
    ("projector", "participant"), ("participant", "projector"),
    ("participant", "cofacilitator"), ("cofacilitator-invite", "cofacilitator"),
    ("cofacilitator-invite", "participant"), ("projector", "cofacilitator"),
])
def test_a_token_of_one_kind_is_not_another(app, room, people, bystander, kind, used_as):
    _, ana = bystander
    with app.app_context():
        token = tokens.issue(kind, room.id, ana.id)
    connection_refused(app, room, people, bystander, {"role": used_as, "token": token})


def test_a_token_of_a_removed_participant_is_refused(app, room, people, bystander):
    _, token = people.join_ok(room, "Gone")
    with app.app_context():
        db.session.execute(sa.delete(Participant).where(Participant.name == "Gone"))
        db.session.commit()
        db.session.remove()
    connection_refused(app, room, people, bystander, {"role": "participant", "token": token})


@pytest.mark.parametrize("room_value", [999, "1", None, 1.0])
def test_a_facilitator_needs_an_existing_room(app, room, people, bystander, room_value):
    http = sign_in(app, people.account())
    connection_refused(app, room, people, bystander, {"role": "facilitator", "room": room_value},
                       http)


def test_a_token_names_its_room(app, course, room, people):
    other = open_room(app, course.id)
    pid, token = people.join_ok(other, "Elsewhere")
    peer = people.connect_participant(other, pid, token)
    assert peer.snapshot["me"]["room"] == other.id


# --------------------------------------------------------------------------- reconnecting

def test_a_reconnect_that_names_its_seq_gets_only_what_it_missed(app, course, room, people):
    fac = people.facilitator(room)
    ana = people.participant(room, "Ana")
    seq = ana.snapshot["seq"]
    ana.client.disconnect()
    fac.send("session.start", {"session_id": course.sessions[0].id})
    fac.send("agenda.next")

    back = people.raw({"role": "participant", "token": ana.token, "since": seq})
    messages = back.get_received()
    assert [m["name"] for m in messages] == ["events"]
    answer = messages[0]["args"][0]
    assert answer["seq"] == last_seq(app, room.id)
    assert [e["type"] for e in answer["events"]] == ["session.started", "agenda.moved"]

    stale = people.raw({"role": "participant", "token": ana.token, "since": 10 ** 6})
    assert [m["name"] for m in stale.get_received()] == ["snapshot"]


def test_a_reconnect_costs_a_few_statements(app, course, room, people):
    """A thousand devices come back at once after a network blip, so each one's reconnect
    stays a few statements: who it is, its teams, its attendance span, what it missed."""
    fac = people.facilitator(room)
    ana = people.participant(room, "Ana")
    seq = ana.snapshot["seq"]
    ana.client.disconnect()
    fac.send("session.start", {"session_id": course.sessions[0].id})
    statements = []
    handler = threading.get_ident()  # the aggregate task's flushes are no part of it

    def executed(_connection, _cursor, statement, *_rest):
        if threading.get_ident() == handler:
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", executed)
    try:
        back = people.raw({"role": "participant", "token": ana.token, "since": seq})
    finally:
        sa.event.remove(engine, "before_cursor_execute", executed)
    assert [m["name"] for m in back.get_received()] == ["events"]
    assert len(statements) <= 5, statements


# --------------------------------------------------------------------------- presence

def test_presence_goes_to_staff_only(app, course, room, people):
    fac = people.facilitator(room)
    cohost = people.cofacilitator(room)
    projector = people.projector(room)
    ana = people.participant(room, "Ana")

    seen = wait_for(lambda: presence(fac.client))
    assert seen and seen[-1] == {"online": [ana.id], "count": 1}
    assert wait_for(lambda: presence(cohost.client))[-1]["count"] == 1
    time.sleep(3 * app.config["AGGREGATE_INTERVAL"])
    assert received(ana.client, "aggregate") == []
    assert received(projector.client, "aggregate") == []

    ana.client.disconnect()
    assert wait_for(lambda: presence(fac.client))[-1] == {"online": [], "count": 0}


@pytest.mark.app_config(AGGREGATE_INTERVAL=0.4, JOIN_RATE_PER_MINUTE=100)
def test_presence_is_coalesced(app, course, room, people):
    fac = people.facilitator(room)
    joined = [people.join_ok(room, f"P{n}") for n in range(12)]
    fac.client.get_received()

    started = time.monotonic()
    for pid, token in joined:
        people.connect_participant(room, pid, token)
    elapsed = time.monotonic() - started

    seen: list[dict] = []

    def everyone_online():
        seen.extend(presence(fac.client))
        return any(d["count"] == 12 for d in seen)

    assert wait_for(everyone_online, timeout=1.5), seen
    time.sleep(0.5)
    seen.extend(presence(fac.client))
    assert seen[-1]["count"] == 12 and len(seen[-1]["online"]) == 12
    # at most one message per interval while they connected, plus a trailing one
    assert len(seen) <= int(elapsed / 0.4) + 2, (len(seen), elapsed)
    assert len(seen) < 12


def test_two_devices_are_one_person_online(app, course, room, people):
    fac = people.facilitator(room)
    pid, token = people.join_ok(room, "Ana")
    phone = people.connect_participant(room, pid, token)
    people.connect_participant(room, pid, token)
    assert wait_for(lambda: [d for d in presence(fac.client) if d == {"online": [pid], "count": 1}])
    phone.client.disconnect()
    time.sleep(3 * app.config["AGGREGATE_INTERVAL"])
    assert presence(fac.client)[-1:] in ([], [{"online": [pid], "count": 1}])
    assert count(app, AttendanceSpan, AttendanceSpan.left_at.is_(None)) == 1
    assert people.facilitator(room).snapshot["aggregates"]["presence"] == \
        {"online": [pid], "count": 1}


def test_each_device_closes_its_own_span(app, course, room, people):
    pid, token = people.join_ok(room, "Ana")
    phone = people.connect_participant(room, pid, token)
    people.connect_participant(room, pid, token)
    phone.client.disconnect()
    with app.app_context():
        left = db.session.execute(sa.select(AttendanceSpan.left_at)
                                  .order_by(AttendanceSpan.joined_at, AttendanceSpan.id)).scalars()
        assert [moment is None for moment in left] == [False, True]
        db.session.remove()


def test_connections_become_attendance_spans(app, course, room, people):
    people.facilitator(room).send("session.start", {"session_id": course.sessions[0].id})
    ana = people.participant(room, "Ana")
    assert count(app, AttendanceSpan, AttendanceSpan.left_at.is_(None)) == 1
    ana.client.disconnect()
    assert count(app, AttendanceSpan, AttendanceSpan.left_at.is_(None)) == 0
    people.connect_participant(room, ana.id, ana.token)
    assert count(app, AttendanceSpan) == 2
    assert count(app, AttendanceSpan, AttendanceSpan.left_at.is_(None)) == 1


# --------------------------------------------------------------------------- naming

def test_a_participant_renames_itself_and_only_staff_hear(app, course, room, people):
    fac = people.facilitator(room)
    ana = people.participant(room, "Ana")
    bo = people.participant(room, "Bo")
    for peer in (fac, ana, bo):
        peer.events()

    ack = ana.send("participant.rename", {"name": "  Ana   Maria "})

    assert ack["ok"] and ack["result"] == {"name": "Ana Maria"}
    (event,) = fac.events()
    assert event["type"] == "participant.renamed" and event["scope"] == "staff"
    fresh = fac.client.emit("sync", {"since": 10 ** 6}, callback=True)["snapshot"]
    assert event["changes"] == [
        ["participants", str(ana.id), fresh["state"]["participants"][str(ana.id)]]]
    assert fresh["state"]["participants"][str(ana.id)]["name"] == "Ana Maria"
    assert ana.events() == [] and bo.events() == []
    bad = ana.send("participant.rename", {"name": ""})
    assert bad["error"]["code"] == "invalid" and ana.client.is_connected()


def test_staff_cannot_rename_as_a_participant(app, course, room, people):
    fac = people.facilitator(room)
    ack = fac.send("participant.rename", {"name": "Boss"})
    assert ack["error"]["code"] == "forbidden"
    ack = fac.send("participant.join", {"name": "Sneaky"})
    assert ack["error"]["code"] == "forbidden"
    assert count(app, Participant) == 0
