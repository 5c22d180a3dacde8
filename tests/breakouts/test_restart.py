"""A running breakout survives a restart: its countdown is derived from the persisted start
and length, and the next process carries on with it (a second app on the same database)."""
import time
from datetime import datetime

from tests.support import People, first_run


def remaining(snapshot: dict) -> float:
    """Seconds left, as the page computes them: planned end minus the server's time."""
    breakout = snapshot["state"]["breakout"]["current"]
    end = datetime.fromisoformat(breakout["started_at"].rstrip("Z")).timestamp() \
        + breakout["seconds"]
    return end - datetime.fromisoformat(snapshot["server_time"].rstrip("Z")).timestamp()


def test_the_countdown_runs_on_through_a_restart(apps, reference_data):
    first, _course, room, crowd = first_run(apps, reference_data)
    fac = crowd.facilitator(room)
    ana = crowd.participant(room, "Ana")
    assert fac.send("teams.make", {"count": 1})["ok"]
    assert fac.send("breakout.start", {"minutes": 10, "task": "Discuss"})["ok"]
    help_id = ana.send("help.ask")["result"]["help_id"]
    started = crowd.facilitator(room).snapshot
    crowd.close()
    time.sleep(1.2)

    second = apps()
    again = People(second)
    again._account = crowd._account
    fac2 = again.facilitator(room)
    ana2 = again.connect_participant(room, ana.id, ana.token)
    try:
        for snapshot in (fac2.snapshot, ana2.snapshot):
            assert snapshot["state"]["breakout"] == started["state"]["breakout"]
            assert remaining(started) - remaining(snapshot) >= 1.0
            assert 0 < remaining(snapshot) < 600 - 1
        assert list(ana2.snapshot["state"]["help"]) == [str(help_id)]
        assert fac2.send("breakout.extend", {"minutes": 5})["result"]["seconds"] == 900
        assert fac2.send("breakout.close")["ok"]
        assert fac2.send("breakout.close")["error"]["code"] == "conflict"
    finally:
        again.close()
