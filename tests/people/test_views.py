"""People over HTTP: sign-in, join, co-facilitator invitations, projector links, attendance,
and the same-origin guard on every POST."""
import uuid
from urllib.parse import urljoin, urlsplit

import pytest

from app.core.models import Room, RoomEvent
from app.extensions import db
from app.people.models import CoFacilitator, Participant
from tests.support import PASSWORD, count, open_room, room_log, sign_in


def browser_target(location: str) -> str:
    """Where a browser goes for a Location header: the WHATWG URL parser drops tabs and
    newlines, trims spaces and control characters, and reads a backslash as a slash."""
    cleaned = "".join(ch for ch in location if ch not in "\t\n\r").strip("\x00 \x1f")
    return urljoin("http://localhost/signin", cleaned.replace("\\", "/"))


# --------------------------------------------------------------------------- sign-in

def test_sign_in_redirects_to_the_rooms(app, facilitator):
    http = app.test_client()
    response = http.post("/signin", data={"email": facilitator.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/facilitate"
    assert http.get("/facilitate").status_code == 200


def test_sign_in_goes_back_to_a_local_page(app, facilitator):
    response = app.test_client().post("/signin?next=/facilitate/7",
                                      data={"email": facilitator.email, "password": PASSWORD})
    assert response.headers["Location"] == "/facilitate/7"


@pytest.mark.parametrize("target", [
    "//evil.example/x", "https://evil.example/", "/\\evil.example", "\\\\evil.example",
    "javascript:alert(1)", "evil.example", "///evil.example",
    "/\t/evil.example",  # found as a bug: browsers drop the tab and go to //evil.example
    "/\n/evil.example", "/\r\n/evil.example", " //evil.example", "/%09/evil.example",
])
def test_sign_in_never_redirects_off_site(app, facilitator, target):
    http = app.test_client()
    response = http.post("/signin", query_string={"next": target},
                         data={"email": facilitator.email, "password": PASSWORD})
    assert response.status_code == 302
    assert urlsplit(browser_target(response.headers["Location"])).netloc == "localhost"


@pytest.mark.parametrize("form", [
    {"email": "facilitator@example.org", "password": "wrong password"},
    {"email": "nobody@example.org", "password": PASSWORD},
    {"email": "not an e-mail", "password": PASSWORD},
    {"email": "facilitator@example.org"},
    {},
])
def test_a_failed_sign_in_is_401_and_signs_nobody_in(app, facilitator, form):
    http = app.test_client()
    response = http.post("/signin", data=form)
    assert response.status_code == 401
    assert http.get("/facilitate").status_code == 302


def test_the_sign_in_page_renders(app):
    response = app.test_client().get("/signin")
    assert response.status_code == 200
    assert "name=\"password\"" in response.get_data(as_text=True)


@pytest.mark.app_config(SIGNIN_RATE_PER_MINUTE=3)
def test_sign_in_attempts_are_rate_limited(app, facilitator):
    http = app.test_client()
    for _ in range(3):
        assert http.post("/signin", data={"email": facilitator.email,
                                          "password": "wrong one!"}).status_code == 401
    # even the right password waits now
    response = http.post("/signin", data={"email": facilitator.email, "password": PASSWORD})
    assert response.status_code == 401
    assert http.get("/facilitate").status_code == 302


def test_facilitator_pages_need_a_sign_in(app, course, room):
    http = app.test_client()
    for path in ("/facilitate", f"/facilitate/{room.id}",
                 f"/facilitate/{room.id}/attendance.csv"):
        response = http.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/signin?next=")


def test_sign_out(app, facilitator):
    http = sign_in(app, facilitator)
    assert http.post("/signout").status_code == 302
    assert http.get("/facilitate").status_code == 302


# --------------------------------------------------------------------------- join

def test_join_answers_a_rejoin_token(app, course, room, people):
    response = people.join(room.code.lower() + " ", "Ana")
    assert response.status_code == 200
    body = response.get_json()
    assert body["ok"] is True and body["seq"] == 1
    assert set(body["result"]) == {"participant_id", "room_id", "code", "token"}
    assert body["result"]["room_id"] == room.id and body["result"]["code"] == room.code
    assert room_log(app, room.id) == [(1, "participant.joined", "staff")]


@pytest.mark.parametrize("code", ["NOPE00", "", "X" * 13, 123456, None, ["ABC"]])
def test_join_with_a_bad_code_is_not_found(app, course, room, people, code):
    response = people.join(code, "Ana")
    assert response.status_code == 404
    body = response.get_json()
    assert body["ok"] is False and body["error"]["code"] == "not_found"
    assert count(app, Participant) == 0


def test_join_without_a_json_body_is_not_found(app, course, room):
    response = app.test_client().post("/api/join", data="code=X&name=Y",
                                      content_type="application/x-www-form-urlencoded")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("name", ["", "    ", "x" * 41, "a\x00b", "line\x1bcontrol",
                                  "\u200bzero width", None, 12, {"first": "Ana"}])
def test_join_with_a_bad_name_is_invalid_and_creates_nobody(app, course, room, people, name):
    response = people.join(room.code, name)
    assert response.status_code == 400
    body = response.get_json()
    assert body["ok"] is False and body["error"]["code"] == "invalid"
    assert "name" in body["error"]["fields"]
    assert count(app, Participant) == 0 and count(app, RoomEvent) == 0


def test_a_retried_join_returns_the_same_participant(app, course, room, people):
    first = people.join(room.code, "Ana", id="join-7f3a9c")
    again = people.join(room.code, "Ana", id="join-7f3a9c")
    assert first.status_code == again.status_code == 200
    assert again.get_json() == first.get_json()
    assert count(app, Participant) == 1 and len(room_log(app, room.id)) == 1
    other = people.join(room.code, "Ana", id="join-other")
    assert other.get_json()["result"]["participant_id"] != \
        first.get_json()["result"]["participant_id"]


def test_another_persons_join_id_does_not_reveal_their_token(app, course, room, people):
    """Found as a bug: every joiner is the actor 'guest:None', so a reused join id handed
    out the first joiner's rejoin token."""
    ana = people.join(room.code, "Ana", id="join-1").get_json()["result"]
    response = people.join(room.code, "Mallory", id="join-1")
    assert response.status_code == 400
    body = response.get_json()
    assert body["ok"] is False and body["error"]["code"] == "conflict"
    assert ana["token"] not in response.get_data(as_text=True)
    assert count(app, Participant) == 1


def test_a_join_with_a_bad_command_id_is_invalid(app, course, room, people):
    response = people.join(room.code, "Ana", id="not a valid id!")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid"
    assert count(app, Participant) == 0


@pytest.mark.app_config(JOIN_RATE_PER_MINUTE=3)
def test_joins_are_rate_limited(app, course, room, people):
    for n in range(3):
        assert people.join(room.code, f"P{n}").status_code == 200
    response = people.join(room.code, "One too many")
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"
    assert count(app, Participant) == 3
    # guessing codes spends the same budget
    assert people.join("ZZZZZZ", "Guess").status_code == 429


def test_a_name_with_markup_is_stored_as_text(app, course, room, people):
    name = "<script>alert('x')</script>"
    response = people.join(room.code, name)
    assert response.status_code == 200
    with app.app_context():
        from app.extensions import db

        stored = db.session.get(Participant, response.get_json()["result"]["participant_id"])
        assert stored.name == name
    fac = people.facilitator(room)
    assert fac.snapshot["state"]["participants"]["1"]["name"] == name


def test_titles_are_escaped_in_pages(app, course, people):
    room = open_room(app, course.id, "<script>alert('room')</script>")
    http = sign_in(app, people.account())
    for page in (http.get(f"/r/{room.code}"), http.get(f"/facilitate/{room.id}"),
                 http.get("/facilitate")):
        html = page.get_data(as_text=True)
        assert page.status_code == 200
        assert "<script>alert('room')</script>" not in html
        assert "&lt;script&gt;alert(" in html


def test_the_join_page_escapes_the_code(app):
    response = app.test_client().get("/join", query_string={"code": "\"><b>x"})
    assert response.status_code == 200
    assert "\"><b>x" not in response.get_data(as_text=True)


def test_an_unknown_room_page_sends_to_the_join_page(app):
    response = app.test_client().get("/r/NOPE42")
    assert response.status_code == 302
    assert response.headers["Location"] == "/join?code=NOPE42"


# --------------------------------------------------------------------------- same-origin guard

@pytest.mark.parametrize("origin", ["https://evil.example", "http://localhost.evil.example",
                                    "null", "http://localhost:8080"])
def test_a_post_from_another_site_is_refused(app, course, room, people, facilitator, origin):
    headers = {"Origin": origin}
    assert people.join(room.code, "Ana", headers=headers).status_code == 403
    http = app.test_client()
    response = http.post("/signin", headers=headers,
                         data={"email": facilitator.email, "password": PASSWORD})
    assert response.status_code == 403
    assert http.get("/facilitate").status_code == 302
    invite = people.cohost_invite(room)
    assert http.post("/api/cohost", headers=headers,
                     json={"invite": invite, "name": "Cy"}).status_code == 403
    assert count(app, Participant) == 0 and count(app, CoFacilitator) == 0


def test_a_post_from_the_same_site_passes(app, course, room, people):
    assert people.join(room.code, "Ana", headers={"Origin": "http://localhost"}).status_code \
        == 200


@pytest.mark.app_config(ALLOWED_ORIGINS=["https://workshop.example"])
def test_a_configured_origin_passes(app, course, room, people):
    assert people.join(room.code, "Ana",
                       headers={"Origin": "https://workshop.example"}).status_code == 200
    assert people.join(room.code, "Bo",
                       headers={"Origin": "https://evil.example"}).status_code == 403


def test_pages_carry_security_headers(app):
    response = app.test_client().get("/join")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP in development


@pytest.mark.app_config(SESSION_COOKIE_SECURE=True)
def test_secure_cookies_bring_strict_transport_security(app):
    """WORKSHOP_SECURE_COOKIES=1 says the site is served over HTTPS: browsers keep to it."""
    for url in ("/join", "/healthz", "/signin"):
        response = app.test_client().get(url)
        assert response.headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains")


# ------------------------------------------------------------- co-facilitators, projector

def test_a_cohost_invitation_gives_a_cofacilitator_token(app, course, room, people):
    invite = people.cohost_invite(room)
    body = {"invite": invite, "name": "Cy", "id": uuid.uuid4().hex}
    first = app.test_client().post("/api/cohost", json=body)
    again = app.test_client().post("/api/cohost", json=body)
    assert first.status_code == 200 and again.get_json() == first.get_json()
    assert count(app, CoFacilitator) == 1
    assert app.test_client().get(f"/cohost/{invite}").status_code == 200


@pytest.mark.parametrize("kind", ["forged", "projector", "participant", "other-secret"])
def test_a_bad_cohost_invitation_is_refused(app, course, room, people, kind):
    if kind == "forged":
        invite = "eyJyIjoxLCJzIjpudWxsfQ.forged.signature"
    elif kind == "projector":
        invite = people.projector_token(room)
    elif kind == "participant":
        invite = people.join_ok(room, "Ana")[1]
    else:
        from itsdangerous import URLSafeTimedSerializer

        invite = URLSafeTimedSerializer("another secret", salt="workshop-room."
                                        "cofacilitator-invite").dumps({"r": room.id, "s": None})
    response = app.test_client().post("/api/cohost", json={"invite": invite, "name": "Eve"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid"
    assert app.test_client().get(f"/cohost/{invite}").status_code == 404
    assert count(app, CoFacilitator) == 0


def test_the_projector_page_needs_its_key(app, course, room, people):
    key = people.projector_token(room)
    other = open_room(app, course.id)
    http = app.test_client()
    assert http.get(f"/projector/{room.id}", query_string={"key": key}).status_code == 200
    assert http.get(f"/projector/{room.id}").status_code == 404
    assert http.get(f"/projector/{room.id}", query_string={"key": key + "x"}).status_code == 404
    assert http.get(f"/projector/{other.id}", query_string={"key": key}).status_code == 404


def behind_proxy(app, room, n, forwarded_for):
    return app.test_client().post(
        "/api/join", json={"code": room.code, "name": f"P{n}"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
        headers={"X-Forwarded-For": forwarded_for, "X-Forwarded-Proto": "https"})


@pytest.mark.app_config(JOIN_RATE_PER_MINUTE=3, TRUSTED_PROXIES=1)
def test_people_behind_a_trusted_proxy_have_their_own_join_budget(app, course, room):
    """Found as a bug: behind the documented reverse proxy every request came from the
    proxy's address, so JOIN_RATE_PER_MINUTE was a server-wide limit."""
    for n in range(4):
        response = behind_proxy(app, room, n, f"198.51.100.{n + 1}")
        assert response.status_code == 200, (n, response.status_code)
    for n in range(3):
        assert behind_proxy(app, room, n, "203.0.113.9").status_code == 200
    assert behind_proxy(app, room, 9, "203.0.113.9").status_code == 429


@pytest.mark.app_config(JOIN_RATE_PER_MINUTE=3)
def test_a_forged_forwarded_for_does_not_dodge_the_limit(app, course, room):
    """Without a trusted proxy, X-Forwarded-For is the client's word and is ignored."""
    for n in range(3):
        assert behind_proxy(app, room, n, f"198.51.100.{n + 1}").status_code == 200
    assert behind_proxy(app, room, 3, "198.51.100.99").status_code == 429


@pytest.mark.app_config(JOIN_RATE_PER_MINUTE=3, SIGNIN_RATE_PER_MINUTE=3)
def test_joins_and_sign_ins_have_separate_budgets(app, course, room, people, facilitator):
    for n in range(3):
        assert people.join(room.code, f"P{n}").status_code == 200
    response = app.test_client().post("/signin", data={"email": facilitator.email,
                                                       "password": PASSWORD})
    assert response.status_code == 302


def test_pages_rendered_once_per_language_follow_the_language_and_the_room(app, course):
    """The join and participant pages are kept per language, path and room: a page kept
    for one never answers another."""
    room = open_room(app, course.id, "Morning")
    web = app.test_client()
    for _ in range(2):
        assert "Join a workshop" in web.get("/join").get_data(as_text=True)
        assert "Rejoindre un atelier" in web.get("/join?lang=fr").get_data(as_text=True)
        web.delete_cookie("lang")
        assert 'value="ABC"' in web.get("/join?code=ABC").get_data(as_text=True)
    assert "<title>Morning" in web.get(f"/r/{room.code}").get_data(as_text=True)
    with app.app_context():
        db.session.get(Room, room.id).title = "Afternoon"
        db.session.commit()
    assert "<title>Afternoon" in web.get(f"/r/{room.code}").get_data(as_text=True)
