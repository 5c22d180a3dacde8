"""Slides made in the editor: the live preview, images uploaded with a slide, and PDF
decks made into one slide per page. Every refusal is clear and makes nothing."""
import io

import pytest
import yaml
from PIL import Image

from app.course import files
from app.course import service as course_service
from app.course.models import AgendaItem, Course
from app.extensions import db
from tests.prework.helpers import PAGE_COLOURS, fake_pdf, tiny_pdf
from tests.support import count, edit_course, sign_in

COURSE = {"course": {"slug": "decks", "title": "Decks"},
          "sessions": [{"title": "One", "items": [{"kind": "slide", "title": "Hello"}]}]}


@pytest.fixture
def course_id(app):
    with app.app_context():
        course = course_service.import_course(files.parse(yaml.safe_dump(COURSE)))
        db.session.remove()
        return course.id


@pytest.fixture
def http(app, facilitator):
    return sign_in(app, facilitator)


def png(size=(40, 30), colour=(10, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def upload_image(http, content: bytes, name="photo.png"):
    return http.post("/facilitate/courses/decks/images",
                     data={"image": (io.BytesIO(content), name)},
                     content_type="multipart/form-data")


def upload_deck(http, content: bytes, session_id: int, name="deck.pdf"):
    return http.post("/facilitate/courses/decks/decks",
                     data={"deck": (io.BytesIO(content), name), "session_id": str(session_id)},
                     content_type="multipart/form-data")


def items(app, course_id):
    with app.app_context():
        found = [(i.title, i.image, i.body_html)
                 for s in db.session.get(Course, course_id).sessions for i in s.items]
        db.session.remove()
    return found


def test_the_preview_is_the_slide_renderer_with_raw_html_inert(http, course_id):
    answer = http.post("/facilitate/courses/decks/preview",
                       json={"body": "**Bold** <script>alert(1)</script>"}).get_json()
    assert answer["html"] == "<p><strong>Bold</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
    assert http.post("/facilitate/courses/decks/preview", data="x").status_code == 400


def test_a_slide_image_is_checked_kept_once_served_and_exported(app, http, course_id):
    made = upload_image(http, png()).get_json()
    assert made["ok"] and made["image"].endswith(".png")
    assert upload_image(http, png()).get_json()["image"] == made["image"]
    served = http.get(made["url"])
    assert served.status_code == 200 and served.mimetype == "image/png"
    with Image.open(io.BytesIO(served.data)) as image:
        assert image.size == (40, 30)
    session_id = items_session(app, course_id)
    ack = edit_course(app, course_id, "item.add", {"session_id": session_id, "item": {
        "kind": "slide", "title": "Map", "image": made["image"]}})
    assert ack["ok"], ack
    title, image, html = items(app, course_id)[-1]
    assert image == made["image"] and f'<img src="{made["url"]}" alt="Map">' in html
    with app.app_context():
        data = course_service.export_course(db.session.get(Course, course_id))
        db.session.remove()
    assert data["sessions"][0]["items"][-1] == {"kind": "slide", "title": "Map", "minutes": 0,
                                                "image": made["image"]}


def items_session(app, course_id) -> int:
    with app.app_context():
        session_id = db.session.get(Course, course_id).sessions[0].id
        db.session.remove()
    return session_id


@pytest.mark.parametrize("content", [
    b"GIF89a" + b"\0" * 50,
    b"\x89PNG\r\n\x1a\n" + b"not really" * 10,
    b"<svg xmlns='http://www.w3.org/2000/svg'></svg>",
])
def test_what_is_not_an_image_is_refused(http, course_id, content):
    refused = upload_image(http, content, "photo.png")
    assert refused.status_code == 400
    assert refused.get_json()["error"]["fields"] == {"image": "Upload a PNG or JPEG image."}


@pytest.mark.app_config(MAX_SLIDE_IMAGE_BYTES=1000)
def test_an_image_over_the_limit_is_refused(http, course_id):
    refused = upload_image(http, png((300, 300), (1, 2, 3)) + b"\0" * 1000)
    assert refused.status_code == 413
    assert refused.get_json()["error"]["code"] == "too_large"


def test_a_slide_may_name_only_a_kept_image_and_only_a_slide_has_one(app, course_id):
    session_id = items_session(app, course_id)
    missing = edit_course(app, course_id, "item.add", {"session_id": session_id, "item": {
        "kind": "slide", "title": "Map", "image": "0" * 64 + ".png"}})
    assert missing["error"]["fields"] == {"image": "Not the name of an uploaded slide image."}
    odd = edit_course(app, course_id, "item.add", {"session_id": session_id, "item": {
        "kind": "poll", "title": "Q", "image": "0" * 64 + ".png",
        "poll": {"options": ["a", "b"]}}})
    assert odd["error"]["fields"] == {"image": "Only a slide may have an image."}


def test_a_pdf_deck_becomes_one_slide_per_page_with_its_image(app, http, course_id):
    answer = upload_deck(http, tiny_pdf(3), items_session(app, course_id)).get_json()
    assert answer["ok"], answer
    made = items(app, course_id)[1:]
    assert [title for title, _, _ in made] == ["deck (1 of 3)", "deck (2 of 3)", "deck (3 of 3)"]
    for (_, image, _), colour in zip(made, PAGE_COLOURS, strict=True):
        with Image.open(io.BytesIO(http.get(f"/slides/images/{image}").data)) as page:
            assert page.width == 1280
            assert page.convert("RGB").getpixel((10, page.height - 10)) == colour


@pytest.mark.parametrize(("content", "status", "said"), [
    (png(), 400, "This file is not a PDF. Save PowerPoint slides as PDF first."),
    (fake_pdf(), 400, "This file claims to be a PDF but cannot be read as one."),
    (tiny_pdf(2).replace(b"/Root 1 0 R", b"/Root 1 0 R /Encrypt 9 0 R"), 400,
     "This PDF is protected by a password. Save a copy without the protection and upload "
     "that."),
    (tiny_pdf(4), 400, "This deck has 4 pages; at most 3 can be made into slides. Split it "
     "into smaller decks."),
    (tiny_pdf(2) + b"\0" * 5000, 413, "The deck is larger than 0 MB."),
])
@pytest.mark.app_config(MAX_DECK_PAGES=3, MAX_UPLOAD_BYTES=4000)
def test_a_deck_that_cannot_be_made_is_refused_clearly_and_makes_nothing(
        app, http, course_id, content, status, said):
    refused = upload_deck(http, content, items_session(app, course_id))
    assert refused.status_code == status
    assert refused.get_json()["error"]["message"] == said
    assert count(app, AgendaItem) == 1


def test_the_editor_is_for_signed_in_facilitators_and_takes_only_json(app, http, course_id):
    anonymous = app.test_client()
    assert anonymous.get("/facilitate/courses/decks").status_code == 302
    assert anonymous.post("/facilitate/courses/decks/commands", json={}).status_code == 302
    assert http.get("/facilitate/courses/nothing").status_code == 404
    page = http.get("/facilitate/courses/decks")
    assert page.status_code == 200 and b'id="course-content"' in page.data
    content = http.get("/facilitate/courses/decks/content").get_json()
    assert [i["entry"] for s in content["sessions"] for i in s["items"]] == [
        {"kind": "slide", "title": "Hello", "minutes": 0}]
    as_form = http.post("/facilitate/courses/decks/commands",
                        data={"id": "a", "type": "session.add", "data": "{}"})
    assert as_form.status_code == 415
    ack = http.post("/facilitate/courses/decks/commands", json={
        "id": "a", "type": "session.add", "data": {"title": "Two"}}).get_json()
    assert ack["ok"] and http.get("/facilitate/courses/decks/export").data.decode().count(
        "title: Two") == 2
