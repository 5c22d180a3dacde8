"""Who may send each live-tool command: one row per command. The dispatcher refuses every
other role as `forbidden`, with nothing changed; finer scope rules (a co-facilitator's
own teams, a participant's own hand) are in the service tests."""
import pytest

from app.core.commands import REGISTRY
from app.core.scopes import Actor
from tests.plenary.helpers import Stage
from tests.support import refused

STAFF = ("facilitator", "cofacilitator")
FACILITATOR = ("facilitator",)
PARTICIPANT = ("participant",)

#: command type -> (roles allowed, data that would be valid)
ROWS = {
    "hand.raise": (PARTICIPANT, {}),
    "hand.lower": (PARTICIPANT, {}),
    "hands.lower": (STAFF, {"hand_id": 1}),
    "hands.lower_all": (STAFF, {}),
    "reaction.send": (PARTICIPANT, {"kind": "applause"}),
    "timer.start": (FACILITATOR, {"seconds": 60}),
    "timer.extend": (FACILITATOR, {"seconds": 60}),
    "timer.stop": (FACILITATOR, {}),
    "announcement.send": (FACILITATOR, {"text": "Back at 10"}),
    "announcement.clear": (FACILITATOR, {}),
    "question.ask": (PARTICIPANT, {"text": "Why?"}),
    "question.upvote": (PARTICIPANT, {"question_id": 1}),
    "question.approve": (STAFF, {"question_id": 1}),
    "question.answer": (STAFF, {"question_id": 1}),
    "question.pin": (STAFF, {"question_id": 1, "pinned": True}),
    "question.hide": (STAFF, {"question_id": 1}),
    "settings.change": (FACILITATOR, {"chat": False}),
    "chat.send": (("facilitator", "cofacilitator", "participant"), {"text": "Hi"}),
    "chat.delete": (STAFF, {"message_id": 1}),
    "chat.mute": (STAFF, {"participant_id": 1, "muted": True}),
    "participant.remove": (STAFF, {"participant_id": 1}),
    "participant.readmit": (FACILITATOR, {"participant_id": 1}),
    "cofacilitator.revoke": (FACILITATOR, {"cofacilitator_id": 1}),
    "link.renew": (FACILITATOR, {"kind": "projector"}),
}
ROLES = ("facilitator", "cofacilitator", "participant", "projector", "guest", "invitee")


def test_the_rows_are_the_registry():
    for type, (roles, _data) in ROWS.items():
        assert REGISTRY[type].roles == roles, type


@pytest.mark.parametrize("type", ROWS)
def test_any_other_role_is_forbidden_and_changes_nothing(app, course, room, type):
    stage = Stage(app, room, course.id)
    allowed, data = ROWS[type]
    for role in ROLES:
        if role not in allowed:
            actor = Actor(role, None if role in ("projector", "guest", "invitee") else 1,
                          room.id)
            refused(stage, actor, type, data, "forbidden")
