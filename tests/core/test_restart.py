"""A restart loses nothing: a second app on the same database sees the same room."""
import sqlalchemy as sa

import app.people.state as people_state
from app.exports import attendance as exported
from app.extensions import db
from app.people import service as people_service
from app.people.models import AttendanceSpan
from tests.support import (
    People,
    dispose,
    first_run,
    import_course,
    last_seq,
    make_app,
    open_room,
    room_log,
    snapshot_of,
)


def test_a_second_app_continues_the_room(apps, reference_data):
    first, course, room, crowd = first_run(apps, reference_data)
    account = crowd.account()
    fac = crowd.facilitator(room)
    ana = crowd.participant(room, "Ana")
    bo = crowd.participant(room, "Bo")
    session = course.sessions[2]
    assert fac.send("session.start", {"session_id": session.id})["ok"]
    assert fac.send("agenda.next")["ok"]
    assert fac.send("agenda.next")["ok"]
    bo.client.disconnect()  # Bo left before the stop; Ana was still connected
    before = {actor.role: snapshot_of(first, actor) for actor in (fac.actor, ana.actor)}
    seq = last_seq(first, room.id)
    log = room_log(first, room.id)
    with first.app_context():
        attendance = exported.attendance(room.id)
    assert {row["name"] for row in attendance} == {"Ana", "Bo"}

    second = apps()  # the process restarts (without a clean disconnect of Ana)

    assert last_seq(second, room.id) == seq
    assert room_log(second, room.id) == log
    after = {actor.role: snapshot_of(second, actor) for actor in (fac.actor, ana.actor)}
    for role in after:
        assert after[role]["seq"] == before[role]["seq"]
        assert after[role]["state"] == before[role]["state"]
    assert after["facilitator"]["state"]["live"]["current"]["item"]["id"] == session.items[2]
    assert set(after["facilitator"]["state"]["participants"]) == {str(ana.id), str(bo.id)}
    with second.app_context():
        again = exported.attendance(room.id)
    assert [(r["participant_id"], r["session_id"], r["joined_at"]) for r in again] == \
        [(r["participant_id"], r["session_id"], r["joined_at"]) for r in attendance]

    # the people come back: same tokens, same sign-in, the log goes on from last_seq + 1
    crowd2 = People(second)
    crowd2._account = account
    try:
        fac2 = crowd2.facilitator(room)
        ana2 = crowd2.connect_participant(room, ana.id, ana.token)
        assert fac2.snapshot["seq"] == seq
        assert ana2.snapshot["state"]["live"]["current"]["item"]["id"] == session.items[2]
        ack = fac2.send("agenda.next")
        assert ack["ok"] and ack["seq"] == seq + 2
        assert [e["seq"] for e in ana2.events()] == [seq + 1]
        assert [s for s, _, _ in room_log(second, room.id)] == list(range(1, seq + 3))
    finally:
        crowd2.close()


def test_setup_after_a_crash_closes_the_spans_left_open(apps, reference_data):
    first, _course, room, crowd = first_run(apps, reference_data)
    crowd.participant(room, "Ana")
    crowd.participant(room, "Bo")
    with first.app_context():
        open_spans = db.session.execute(sa.select(sa.func.count()).select_from(AttendanceSpan)
                                        .where(AttendanceSpan.left_at.is_(None))).scalar_one()
    assert open_spans == 2

    second = apps()  # killed: nobody disconnected
    with second.app_context():
        result = second.test_cli_runner().invoke(args=["workshop", "setup"])
        assert result.exit_code == 0, result.output
        assert "Closed 2 attendance spans" in result.output
        still_open = db.session.execute(sa.select(sa.func.count()).select_from(AttendanceSpan)
                                        .where(AttendanceSpan.left_at.is_(None))).scalar_one()
        assert still_open == 0
        assert people_state.online_ids(room.id) == []
        db.session.remove()


def test_a_second_process_starting_leaves_the_first_ones_people_online(database_url,
                                                                      reference_data):
    """Found as a bug: close_stale_spans() at start-up closed every open span in the
    database, so starting a second server process marked the first one's people offline."""
    first = make_app(database_url, WORKER_NAME="web-1:5000")
    second = None
    try:
        with first.app_context():
            db.create_all()
        course = import_course(first, reference_data)
        room = open_room(first, course.id)
        ana = People(first).participant(room, "Ana")

        second = make_app(database_url, WORKER_NAME="web-1:5001")
        with second.app_context():
            assert people_service.close_stale_spans() == 0  # what wsgi.main does on start
            db.session.remove()
        with first.app_context():
            assert people_state.online_ids(room.id) == [ana.id]
            db.session.remove()

        # the first process crashes and comes back in its own slot: now its spans close
        restarted = make_app(database_url, WORKER_NAME="web-1:5000")
        with restarted.app_context():
            assert people_service.close_stale_spans() == 1
            assert people_state.online_ids(room.id) == []
            db.session.remove()
        dispose(restarted)
    finally:
        for application in (first, second):
            if application is not None:
                dispose(application)
        with first.app_context():
            db.drop_all()
            db.engine.dispose()
