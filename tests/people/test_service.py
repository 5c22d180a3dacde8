"""People service: passwords, joining and naming, presence spans."""

import pytest
import sqlalchemy as sa

import app.people.state as people_state
from app.core.scopes import Actor
from app.extensions import db
from app.people import service as people_service
from app.people.models import AttendanceSpan, CoFacilitator, Facilitator, Participant
from tests.support import PASSWORD, count, guest_join, room_log, run, snapshot_of

# --------------------------------------------------------------------------- passwords


def test_passwords_are_checked_with_argon2(app):
    with app.app_context():
        account = people_service.create_facilitator(" Ada@Example.ORG ", "Ada", PASSWORD)
        assert account.email == "ada@example.org"
        assert account.password_hash.startswith("$argon2id$")
        assert PASSWORD not in account.password_hash

        assert people_service.check_password("ada@example.org", PASSWORD).id == account.id
        assert people_service.check_password("ADA@example.org ", PASSWORD).id == account.id
        assert people_service.check_password("ada@example.org", PASSWORD + "x") is None
        assert people_service.check_password("ada@example.org", "") is None
        assert people_service.check_password("nobody@example.org", PASSWORD) is None
        db.session.remove()


def test_an_unknown_email_costs_a_hash_check_too(app, monkeypatch):
    """A wrong e-mail answers as slowly as a wrong password: no account enumeration."""
    checked = []
    real = people_service._hasher

    class Recording:
        def verify(self, hash, password):
            checked.append(hash)
            return real.verify(hash, password)

    monkeypatch.setattr(people_service, "_hasher", Recording())
    with app.app_context():
        assert people_service.check_password("nobody@example.org", PASSWORD) is None
    assert checked == [people_service._DUMMY_HASH]


def test_setting_a_new_password_replaces_the_old_one(app):
    with app.app_context():
        first = people_service.create_facilitator("ada@example.org", "Ada", PASSWORD)
        second = people_service.create_facilitator("ada@example.org", "Ada", "another long one")
        assert first.id == second.id
        assert people_service.check_password("ada@example.org", PASSWORD) is None
        assert people_service.check_password("ada@example.org", "another long one") is not None
        assert people_service.has_facilitator()
    assert count(app, Facilitator) == 1


def test_a_short_password_is_refused(app):
    with app.app_context(), pytest.raises(ValueError, match="at least 10"):
        people_service.create_facilitator("ada@example.org", "Ada", "123456789")
    assert count(app, Facilitator) == 0
    with app.app_context():
        assert not people_service.has_facilitator()


# --------------------------------------------------------------------------- names

@pytest.mark.parametrize(("given", "stored"), [
    ("  Ana   Maria  ", "Ana Maria"),
    ("Zoe\u0308", "Zoë"),  # NFC
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("x" * 40, "x" * 40),
    ("سارا", "سارا"),
    ("Ana\u00a0Maria", "Ana Maria"),  # a no-break space is just a space
    ("tab\there\nnewline", "tab here newline"),  # whitespace is whitespace
])
def test_names_are_tidied_and_kept_as_text(app, course, room, given, stored):
    pid = guest_join(app, room, given)
    with app.app_context():
        assert db.session.get(Participant, pid).name == stored
    staff = snapshot_of(app, Actor("facilitator", 1, room.id))
    assert staff["state"]["participants"][str(pid)]["name"] == stored


@pytest.mark.parametrize("name", ["", "   ", "x" * 41, "bell\x07", "esc\x1b[31m", "nul\x00",
                                  "rtl\u202eoverride", None, 42, ["Ana"]])
def test_bad_names_are_refused(app, course, room, name):
    ack, messages = run(app, Actor("guest", None, room.id), "participant.join", {"name": name})
    assert ack["ok"] is False and ack["error"]["code"] == "invalid"
    assert "name" in ack["error"]["fields"]
    assert messages == [] and count(app, Participant) == 0


def test_join_rename_and_cohost_record_staff_events(app, course, room):
    pid = guest_join(app, room, "Ana")
    ack, messages = run(app, Actor("participant", pid, room.id), "participant.rename",
                        {"name": "Ana Maria"})
    assert ack["result"] == {"name": "Ana Maria"}
    assert messages[0]["changes"][0][:2] == ["participants", str(pid)]
    ack, _ = run(app, Actor("invitee", None, room.id), "cofacilitator.accept", {"name": "Cy"})
    assert ack["ok"] and ack["result"]["token"]
    assert room_log(app, room.id) == [(1, "participant.joined", "staff"),
                                      (2, "participant.renamed", "staff"),
                                      (3, "cofacilitator.joined", "staff")]
    assert count(app, CoFacilitator) == 1
    staff = snapshot_of(app, Actor("cofacilitator", 1, room.id))
    assert staff["state"]["participants"][str(pid)]["name"] == "Ana Maria"
    assert staff["state"]["cofacilitators"] == {"1": {"id": 1, "name": "Cy"}}


def test_connect_and_disconnect_open_and_close_spans(app, course, room, monkeypatch):
    pid = guest_join(app, room, "Ana")
    actor = Actor("participant", pid, room.id)
    with app.app_context():
        people_service.connected(actor, "sid-phone")
        people_service.connected(actor, "sid-laptop")
        assert people_state.online_ids(room.id) == [pid]
        people_service.disconnected(actor, "sid-phone")
        assert people_state.online_ids(room.id) == [pid]
        people_service.disconnected(actor, "sid-laptop")
        people_service.disconnected(actor, "sid-laptop")  # twice is harmless
        assert people_state.online_ids(room.id) == []
        spans = db.session.execute(sa.select(AttendanceSpan)).scalars().all()
        assert len(spans) == 2 and all(s.left_at >= s.joined_at for s in spans)
        db.session.remove()


def test_staff_connections_are_not_attendance(app, course, room):
    with app.app_context():
        people_service.connected(Actor("facilitator", 1, room.id), "sid-f")
        people_service.connected(Actor("projector", None, room.id), "sid-p")
        people_service.connected(Actor("cofacilitator", 1, room.id), "sid-c")
        db.session.remove()
    assert count(app, AttendanceSpan) == 0


def test_close_stale_spans(app, course, room):
    pid = guest_join(app, room, "Ana")
    with app.app_context():
        people_service.connected(Actor("participant", pid, room.id), "sid-lost")
        assert people_service.close_stale_spans() == 1
        assert people_service.close_stale_spans() == 0
        assert people_state.online_ids(room.id) == []
        db.session.remove()
