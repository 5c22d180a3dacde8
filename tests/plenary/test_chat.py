"""Chat through the dispatcher: the room's chat and a team's chat, text only, length- and
rate-limited; the staff turn each off, delete a message (its text then gone from the log)
and mute a participant."""
import json

import pytest

from tests.support import make_teams, refused, sync_of


def test_a_message_reaches_the_room_as_text(stage):
    ana, bo = stage.crowd(2)
    mid = stage.ok(ana, "chat.send", {"text": "  Hello <b>all</b>  "})["message_id"]
    assert [(m["type"], m["scope"]) for m in stage.messages] == [("chat.sent", "room")]
    for actor in (bo, stage.fac, stage.projector()):
        view = stage.state(actor)["chat"][str(mid)]
        assert view["text"] == "Hello <b>all</b>" and view["author"] == ana.name
    stage.ok(stage.fac, "chat.send", {"text": "Welcome"})
    assert stage.messages[0]["changes"][0][2]["staff"] is True


def test_a_team_chat_stays_in_the_team(stage, app):
    ana, bo, cy = stage.crowd(3)
    one, _two = make_teams(app, stage.room.id, [ana, bo], [cy])
    mid = stage.ok(ana, "chat.send", {"text": "Our SDGs?", "team_id": one})["message_id"]
    assert stage.messages[0]["scope"] == f"team:{one}"
    assert str(mid) in stage.state(bo)["chat"]
    assert str(mid) not in stage.state(cy)["chat"]
    refused(stage, cy, "chat.send", {"text": "Hi", "team_id": one}, "forbidden")
    stage.ok(stage.fac, "settings.change", {"team_chat": False})
    refused(stage, ana, "chat.send", {"text": "Still?", "team_id": one}, "conflict")
    stage.ok(ana, "chat.send", {"text": "The room's chat is still on"})


def test_a_deleted_message_is_gone_with_its_text(stage, app):
    ana, bo = stage.crowd(2)
    mid = stage.ok(ana, "chat.send", {"text": "Something rude"})["message_id"]
    cody = stage.cohost()
    refused(stage, bo, "chat.delete", {"message_id": mid}, "forbidden")
    stage.ok(cody, "chat.delete", {"message_id": mid})
    for actor in (ana, bo, stage.fac):
        assert str(mid) not in stage.state(actor)["chat"]
        assert "Something rude" not in json.dumps(sync_of(app, actor, 0))
    refused(stage, cody, "chat.delete", {"message_id": mid}, "not_found")


def test_a_muted_participant_cannot_write_until_unmuted(stage):
    ana = stage.join("Ana")
    stage.ok(stage.fac, "chat.mute", {"participant_id": ana.id, "muted": True})
    assert stage.state(ana)["my_chat"] == {"muted": True}
    assert stage.state(stage.fac)["chat_mutes"] == {str(ana.id): True}
    refused(stage, ana, "chat.send", {"text": "Hello?"}, "forbidden")
    refused(stage, stage.fac, "chat.mute", {"participant_id": ana.id, "muted": True}, "conflict")
    stage.ok(stage.fac, "chat.mute", {"participant_id": ana.id, "muted": False})
    assert stage.state(ana)["my_chat"] == {}
    stage.ok(ana, "chat.send", {"text": "Thanks"})
    refused(stage, stage.fac, "chat.mute", {"participant_id": 2**31 - 1, "muted": True},
                  "not_found")


def test_chat_is_rate_limited_and_can_be_turned_off(stage):
    from app.chat.service import SEND_LIMIT

    ana, bo = stage.crowd(2)
    for n in range(SEND_LIMIT):
        stage.ok(ana, "chat.send", {"text": f"line {n}"})
    refused(stage, ana, "chat.send", {"text": "more"}, "rate_limited")
    stage.ok(stage.fac, "settings.change", {"chat": False})
    refused(stage, bo, "chat.send", {"text": "hello"}, "conflict")


@pytest.mark.parametrize("data", [{"text": ""}, {"text": "   "}, {"text": "x" * 501},
                                  {"text": 1}, {"text": "a", "html": "<b>"}])
def test_a_bad_message_is_invalid(stage, data):
    refused(stage, stage.join("Ana"), "chat.send", data, "invalid")
