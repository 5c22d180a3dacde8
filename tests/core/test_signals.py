"""Named signals: receivers run in the order create_app connects them, whatever their ids."""
from app.breakouts import service as breakouts
from app.breakouts import state as breakout_state
from app.core import signals
from app.people import service as people
from app.teams import service as teams


def receivers(signal) -> list:
    return list(signal.receivers_for(object()))


def test_receivers_run_in_the_order_they_were_connected():
    heard = []
    signal = signals._Signals().signal("in-order")
    hearers = [lambda _sender, n=n: heard.append(n) for n in range(200)]
    for hearer in reversed(hearers):
        signal.connect(hearer)
    signal.send(None)
    assert heard == list(range(199, -1, -1))


def test_create_app_connects_presence_before_team_presence(app):
    assert receivers(signals.socket_connected) == [people.connected,
                                                   breakout_state.team_presence]
    assert receivers(signals.socket_disconnected) == [people.disconnected,
                                                      breakout_state.team_presence]
    assert receivers(signals.participant_renamed) == [teams.show_new_name,
                                                      breakouts.help_renamed]
