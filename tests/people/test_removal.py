"""Removing someone: their socket closes once the removal commits, their rejoin token stops
working, their device cannot join again under a new name until the facilitator readmits
them, and their board notes stay or are hidden as chosen. A co-facilitator's link can be
revoked, and the projector and invitation links renewed (the old ones stop working)."""
import uuid

from tests.support import Stage, ok, received, snapshot_of, wait_for


def join_from(browser, room, name):
    """POST /api/join from one browser (a Flask test client keeps its cookies)."""
    return browser.post("/api/join", json={"code": room.code, "name": name,
                                           "id": uuid.uuid4().hex})


def test_a_removed_participant_is_closed_out_and_stays_out(app, room, people):
    fac, cody = people.facilitator(room), people.cofacilitator(room)
    device = app.test_client()
    joined = join_from(device, room, "Ana").get_json()["result"]
    ana = people.connect_participant(room, joined["participant_id"], joined["token"])
    bo = people.participant(room, "Bo")
    ok(cody, "participant.remove", {"participant_id": ana.id})
    assert wait_for(lambda: not ana.client.is_connected())
    assert bo.client.is_connected()
    assert snapshot_of(app, fac.actor)["state"]["removed"][str(ana.id)]["name"] == "Ana"
    assert not people.raw({"role": "participant", "token": ana.token}).is_connected()
    again = join_from(device, room, "Not Ana")
    assert again.status_code == 400 and again.get_json()["error"]["code"] == "forbidden"
    assert join_from(app.test_client(), room, "Cy").status_code == 200  # another device
    assert cody.send("participant.readmit", {"participant_id": ana.id})["error"]["code"] == \
        "forbidden"
    ok(fac, "participant.readmit", {"participant_id": ana.id})
    assert people.raw({"role": "participant", "token": ana.token}).is_connected()
    assert join_from(device, room, "Ana again").status_code == 200


def test_the_staff_see_the_removal_and_a_second_one_is_refused(app, room, people):
    fac = people.facilitator(room)
    ana = people.participant(room, "Ana")
    received(fac.client)
    ok(fac, "participant.remove", {"participant_id": ana.id})
    event = received(fac.client)[0]
    assert (event["type"], event["scope"]) == ("participant.removed", "staff")
    assert event["changes"][0][:2] == ["removed", str(ana.id)]
    assert wait_for(lambda: not ana.client.is_connected())
    assert fac.send("participant.remove", {"participant_id": ana.id})["error"]["code"] == \
        "conflict"
    assert fac.send("participant.readmit", {"participant_id": 2**31 - 1})["error"]["code"] \
        == "not_found"


def test_their_notes_stay_or_are_hidden_as_chosen(app, course, room):
    stage = Stage(app, room, course.id)
    ana, bo = stage.crowd(2)
    board = stage.ok(stage.fac, "board.create", {"prompt": "Ideas?"})["board_id"]
    kept = stage.ok(ana, "note.post", {"board_id": board, "text": "Ana's idea"})["note_id"]
    gone = stage.ok(bo, "note.post", {"board_id": board, "text": "Bo's idea"})["note_id"]
    stage.ok(stage.fac, "participant.remove", {"participant_id": ana.id})
    stage.ok(stage.fac, "participant.remove", {"participant_id": bo.id, "hide_notes": True})
    assert [m["type"] for m in stage.messages][-1] == "note.moderated"
    watcher = stage.join("Cy")
    notes = snapshot_of(app, watcher)["state"]["notes"]
    assert (notes[str(kept)]["hidden"], notes[str(kept)]["text"]) == (False, "Ana's idea")
    assert (notes[str(gone)]["hidden"], notes[str(gone)]["text"]) == (True, "")


def test_a_revoked_co_facilitator_is_closed_out(app, room, people):
    fac, cody = people.facilitator(room), people.cofacilitator(room)
    assert cody.send("cofacilitator.revoke", {"cofacilitator_id": cody.id})["error"]["code"] \
        == "forbidden"
    ok(fac, "cofacilitator.revoke", {"cofacilitator_id": cody.id})
    assert wait_for(lambda: not cody.client.is_connected())
    assert not people.raw({"role": "cofacilitator", "token": cody.token}).is_connected()
    assert snapshot_of(app, fac.actor)["state"]["cofacilitators"] == {}
    assert fac.send("cofacilitator.revoke", {"cofacilitator_id": cody.id})["error"]["code"] \
        == "conflict"


def test_a_renewed_link_replaces_every_earlier_one(app, room, people):
    fac = people.facilitator(room)
    old_key, old_invite = people.projector_token(room), people.cohost_invite(room)
    projector = people.projector(room)
    http = app.test_client()
    assert http.get(f"/projector/{room.id}?key={old_key}").status_code == 200
    new_key = ok(fac, "link.renew", {"kind": "projector"})["result"]["token"]
    assert wait_for(lambda: not projector.client.is_connected())
    assert not people.raw({"role": "projector", "token": old_key}).is_connected()
    assert http.get(f"/projector/{room.id}?key={old_key}").status_code == 404
    assert people.raw({"role": "projector", "token": new_key}).is_connected()
    new_invite = ok(fac, "link.renew", {"kind": "cofacilitator-invite"})["result"]["token"]
    assert http.get(f"/cohost/{old_invite}").status_code == 404
    refused = http.post("/api/cohost", json={"invite": old_invite, "name": "Sam", "id": "x1"})
    assert refused.status_code == 400
    assert http.get(f"/cohost/{new_invite}").status_code == 200
    assert fac.send("link.renew", {"kind": "join"})["error"]["code"] == "invalid"
