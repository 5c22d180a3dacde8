"""Named signals: how one domain hears of another's change without importing it.

Core owns the names, a domain sends, and `create_app` (app/__init__.py, `_connect_signals`)
connects the receivers, in an order written down there. Receivers run in the sender's
transaction, one after the other, in the order they were connected, so what they write
commits or rolls back with the change that caused it; an exception in one (a refusal)
refuses the whole command.

Sending is a loop over a few functions: cheap enough for the connect of a reconnect storm.
"""
from collections.abc import Iterable, Iterator, MutableSet

from blinker import NamedSignal, Namespace


class _InOrder(MutableSet):
    """An insertion-ordered set: blinker calls receivers in the order of its `set_class`,
    and a plain set has none."""

    def __init__(self, items: Iterable = ()):
        self._items = dict.fromkeys(items)

    def __contains__(self, item) -> bool:
        return item in self._items

    def __iter__(self) -> Iterator:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def add(self, item) -> None:
        self._items[item] = None

    def discard(self, item) -> None:
        self._items.pop(item, None)

    def copy(self) -> "_InOrder":
        return _InOrder(self._items)


class _OrderedSignal(NamedSignal):
    set_class = _InOrder


class _Signals(Namespace):
    def signal(self, name: str, doc: str | None = None) -> NamedSignal:
        if name not in self:
            self[name] = _OrderedSignal(name, doc)
        return self[name]


workshop = _Signals()

#: sender: the Actor of a socket that just connected (its teams looked up once), sid=
socket_connected = workshop.signal("socket-connected")
#: sender: the Actor of a socket that just went away, sid=
socket_disconnected = workshop.signal("socket-disconnected")
#: sender: the command's Context, person= the new Participant
participant_joined = workshop.signal("participant-joined")
#: sender: the command's Context, person= the renamed Participant
participant_renamed = workshop.signal("participant-renamed")
#: sender: the command's Context, participant_id= the person being erased: each domain
#: removes or empties what they wrote or answered and takes its text out of the log
participant_erasing = workshop.signal("participant-erasing")
#: sender: the command's Context, participant_id= the person the staff removed, hide=
#: whether what they wrote leaves the shared view too
participant_removed = workshop.signal("participant-removed")
#: sender: the command's Context; sent before new teams are made or earlier ones made
#: active again: a receiver refuses by raising a CommandError
teams_changing = workshop.signal("teams-changing")
#: sender: the command's Context; sent after any team change is recorded
teams_changed = workshop.signal("teams-changed")
#: sender: the command's Context, task= the PreworkTask a team just handed in for
team_submitted = workshop.signal("team-submitted")
