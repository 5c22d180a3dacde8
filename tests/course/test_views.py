"""The facilitator's pages: the rooms list, opening a room, the console."""
import sqlalchemy as sa

from app.core.models import Room
from app.extensions import db
from tests.support import count, sign_in


def test_the_rooms_page_lists_rooms_and_courses(app, course, room, facilitator):
    http = sign_in(app, facilitator)
    html = http.get("/facilitate").get_data(as_text=True)
    assert room.code in html or "Innovation and Digital Government" in html
    assert f'value="{course.id}"' in html


def test_opening_a_room_from_the_page(app, course, facilitator):
    http = sign_in(app, facilitator)
    response = http.post("/facilitate/rooms", data={"course_id": course.id,
                                                    "title": "  Cohort 9  " + "x" * 300})
    assert response.status_code == 302
    with app.app_context():
        opened = db.session.execute(sa.select(Room)).scalar_one()
        assert opened.title.startswith("Cohort 9") and len(opened.title) == 200
        room_id = opened.id
    assert response.headers["Location"] == f"/facilitate/{room_id}"
    console = http.get(f"/facilitate/{room_id}")
    assert console.status_code == 200
    assert "Cohort 9" in console.get_data(as_text=True)


def test_opening_a_room_needs_a_known_course_and_a_sign_in(app, course, facilitator):
    assert app.test_client().post("/facilitate/rooms",
                                  data={"course_id": course.id}).status_code == 302
    http = sign_in(app, facilitator)
    assert http.post("/facilitate/rooms", data={"course_id": 999}).status_code == 400
    assert http.post("/facilitate/rooms", data={}).status_code == 400
    assert http.post("/facilitate/rooms", data={"course_id": course.id},
                     headers={"Origin": "https://evil.example"}).status_code == 403
    assert count(app, Room) == 0


def test_the_console_of_an_unknown_room_is_404(app, facilitator):
    assert sign_in(app, facilitator).get("/facilitate/4242").status_code == 404
