"""Uploads over HTTP, on SQLite and PostgreSQL: the type is told from the content, the size
is capped, the stored name is random; a PDF's pages come back as PNG images; downloads are
attachments; the facilitator gets every submission of a task as one zip archive."""
import io
import time
import zipfile

import pytest
import sqlalchemy as sa
from PIL import Image
from sqlalchemy.exc import DBAPIError

from app.core.pdfpages import OverBudget, render_page
from app.extensions import db
from app.prework.models import Upload
from tests.prework.helpers import (
    PAGE_COLOURS,
    PRESENTATIONS,
    SDG_PREP,
    SLIDES_PREP,
    executable,
    fake_pdf,
    heavy_pdf,
    other_zip,
    png,
    png_bomb,
    pptx,
    tiny_pdf,
)
from tests.support import rows, sign_in


def post(app, token, task_id, content, name="slides.pdf", headers=None):
    auth = {"Authorization": f"Bearer {token}"} if token else {}
    return app.test_client().post(
        "/api/uploads", data={"task_id": str(task_id), "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data", headers={**auth, **(headers or {})})


@pytest.fixture
def team_task(stage):
    """The team slides task, open; Ana and Bo in Team 1, Chen in Team 2."""
    ana, bo, chen = stage.crowd(3)
    teams = stage.teams([ana, bo], [chen], presenters=(bo,))
    return stage.open_task(SLIDES_PREP), ana, bo, chen, teams


def refused_upload(stage, token, task_id, content, status, code, name="x.pdf"):
    before = stage.footprint()
    response = post(stage.app, token, task_id, content, name)
    assert response.status_code == status, response.get_json()
    body = response.get_json()
    assert body["ok"] is False and body["error"]["code"] == code
    assert stage.footprint() == before
    return body["error"]


def test_a_real_pdf_is_stored_under_a_random_name_and_rendered_page_by_page(
        stage, team_task, instance_dir):
    task_id, ana, bo, chen, (one, _two) = team_task
    response = post(stage.app, stage.token(ana), task_id, tiny_pdf(3), "../../etc/Our slides.pdf")
    assert response.status_code == 200, response.get_json()
    result = response.get_json()["result"]
    assert (result["kind"], result["pages"], result["name"]) == ("pdf", 3, "Our slides.pdf")
    (row,) = rows(stage.app, Upload, Upload.id == result["upload_id"])
    stored = instance_dir / "uploads" / str(stage.room.id) / row["stored"]
    assert stored.read_bytes() == tiny_pdf(3)
    assert len(row["stored"]) == 32 and "slides" not in row["stored"]
    assert [p.name for p in (instance_dir / "uploads").rglob("*") if p.is_file()] == [
        row["stored"]]

    stage.ok(ana, "prework.submit", {"task_id": task_id, "upload_id": result["upload_id"]})
    pid = stage.ok(stage.fac, "presentation.open",
                   {"item_id": stage.item(PRESENTATIONS)})["presentation_id"]
    assert stage.messages[0]["changes"][0][2]["queue"][0]["slides"] is None  # not its turn yet
    assert stage.ok(stage.fac, "presentation.next", {"presentation_id": pid})
    slides = stage.messages[0]["changes"][0][2]["queue"][0]["slides"]
    http = stage.app.test_client()
    base = f"/rooms/{stage.room.id}/slides/{slides['id']}"
    for page, colour in enumerate(PAGE_COLOURS, start=1):
        response = http.get(f"{base}/{page}.png?key={slides['key']}")
        assert response.status_code == 200 and response.mimetype == "image/png"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        image = Image.open(io.BytesIO(response.data)).convert("RGB")
        assert image.size == (1280, 640)
        assert image.getpixel((100, 320)) == colour  # the filled left half
        assert image.getpixel((1180, 320)) == (255, 255, 255)
        response.close()
    cache = stored.parent / f"{row['stored']}.pages"
    assert sorted(p.name for p in cache.iterdir()) == ["1.png", "2.png", "3.png"]
    first = (cache / "1.png").stat().st_mtime_ns
    http.get(f"{base}/1.png?key={slides['key']}").close()
    assert (cache / "1.png").stat().st_mtime_ns == first  # rendered once, then served
    assert http.get(f"{base}/4.png?key={slides['key']}").status_code == 404
    assert http.get(f"{base}/1.png?key=forged").status_code == 404
    assert http.get(f"{base}/1.png").status_code == 404
    download = http.get(f"{base}/file?key={slides['key']}")
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.data == tiny_pdf(3)
    download.close()


def presented(stage, team_task, content: bytes) -> str:
    """Ana's team hands in `content` and presents first: the URL of its slides, without
    the page part."""
    task_id, ana, *_ = team_task
    upload_id = post(stage.app, stage.token(ana), task_id, content
                     ).get_json()["result"]["upload_id"]
    stage.ok(ana, "prework.submit", {"task_id": task_id, "upload_id": upload_id})
    pid = stage.ok(stage.fac, "presentation.open",
                   {"item_id": stage.item(PRESENTATIONS)})["presentation_id"]
    stage.ok(stage.fac, "presentation.next", {"presentation_id": pid})
    slides = stage.messages[0]["changes"][0][2]["queue"][0]["slides"]
    return f"/rooms/{stage.room.id}/slides/{upload_id}/{{page}}?key={slides['key']}"


def test_an_odd_page_shape_renders_within_bounds(stage, team_task):
    slides = presented(stage, team_task, tiny_pdf(1, size=(2, 9000)))
    response = stage.app.test_client().get(slides.format(page="1.png"))
    width, height = Image.open(io.BytesIO(response.data)).size
    response.close()
    assert height <= 2000 and width <= 1280  # not 1280 × 5.8 million pixels


@pytest.mark.app_config(PDF_RENDER_SECONDS=0.5)
def test_a_page_over_the_time_budget_cannot_be_displayed_but_downloads(stage, team_task):
    """30,000 curves take pdfium about 3 s: the worker drawing them is stopped at the
    budget, the page answers "cannot be displayed" (at once from then on), and the
    original file still downloads."""
    heavy = heavy_pdf(30_000)
    slides = presented(stage, team_task, heavy)
    http = stage.app.test_client()
    for _ in range(2):
        started = time.monotonic()
        response = http.get(slides.format(page="1.png"))
        assert response.status_code == 422
        assert response.get_json()["error"] == {
            "code": "too_large", "fields": {},
            "message": "This page cannot be displayed; download the file."}
        assert time.monotonic() - started < 2.5
    download = http.get(slides.format(page="file"))
    assert download.status_code == 200 and download.data == heavy
    download.close()
    assert http.get(slides.format(page="2.png")).status_code == 404  # one page only


@pytest.mark.app_config(PDF_PAGE_PIXELS=100_000)
def test_a_page_over_the_pixel_budget_cannot_be_displayed(stage, team_task):
    slides = presented(stage, team_task, tiny_pdf(2, size=(400, 400)))
    http = stage.app.test_client()
    assert http.get(slides.format(page="1.png")).status_code == 422  # 1280 × 1280 pixels


@pytest.mark.app_config(PDF_RENDER_SECONDS=0.5)
def test_render_page_draws_any_pdf_for_any_caller(app, tmp_path):
    """The one entry point a slide deck import uses too. A new worker's start (an
    interpreter and pdfium, about half a second) is not counted in the page's budget."""
    document = tmp_path / "deck.pdf"
    document.write_bytes(tiny_pdf(3))
    with app.app_context():
        first = render_page(document, 2, 400)
        assert render_page(document, 4, 400) == OverBudget("unreadable")
        assert render_page(tmp_path / "missing.pdf", 1, 400) == OverBudget("unreadable")
    image = Image.open(io.BytesIO(first))
    assert image.size == (400, 200)
    assert image.getpixel((50, 150))[:3] == PAGE_COLOURS[1]  # page 2's square, bottom left


def test_uploads_are_rate_limited_per_participant(stage, team_task):
    task_id, ana, bo, *_ = team_task
    for _ in range(12):
        assert post(stage.app, stage.token(ana), task_id, png(), "a.png").status_code == 200
    refused_upload(stage, stage.token(ana), task_id, png(), 429, "rate_limited")
    assert post(stage.app, stage.token(bo), task_id, png(), "b.png").status_code == 200


@pytest.mark.app_config(MAX_SLIDE_PAGES=2)
def test_only_the_first_pages_of_a_long_pdf_are_rendered(stage, team_task):
    task_id, ana, *_ = team_task
    result = post(stage.app, stage.token(ana), task_id, tiny_pdf(3)).get_json()["result"]
    assert result["pages"] == 2


@pytest.mark.parametrize("side", [20_000, 8_000])
def test_an_image_declaring_too_many_pixels_is_invalid(stage, team_task, side):
    """20000² is past Pillow's decompression bomb error, 8000² past our own limit only."""
    task_id, ana, *_ = team_task
    error = refused_upload(stage, stage.token(ana), task_id, png_bomb(side), 400,
                           "invalid", "huge.png")
    assert error["fields"] == {"file": ["At most 50 megapixels."]}


def test_a_fake_pdf_is_refused(stage, team_task):
    task_id, ana, *_ = team_task
    error = refused_upload(stage, stage.token(ana), task_id, fake_pdf(), 400, "invalid")
    assert error["message"] == "This file claims to be a PDF but cannot be read as one."


@pytest.mark.parametrize("content, name", [
    (executable(), "slides.pdf"), (executable(), "slides.pptx"), (executable(), "photo.png"),
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "slides.pdf"), (other_zip(), "slides.pptx"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "photo.png"), (b"<html><script>", "slides.pdf"),
], ids=["exe-as-pdf", "exe-as-pptx", "exe-as-png", "elf", "docx-shaped-zip", "broken-png",
        "html"])
def test_wrong_types_and_renamed_executables_are_refused(stage, team_task, content, name):
    task_id, ana, *_ = team_task
    error = refused_upload(stage, stage.token(ana), task_id, content, 400, "invalid", name)
    assert error["fields"] == {"file": ["Unsupported file type."]}


@pytest.mark.parametrize("content, kind, name", [
    (pptx(), "pptx", "Team slides.pptx"), (png(), "png", "board.png"),
    (pptx(), "pptx", "renamed.pdf")], ids=["pptx", "png", "pptx-named-pdf"])
def test_powerpoint_and_images_are_accepted_by_content(stage, team_task, content, kind, name):
    task_id, ana, *_ = team_task
    response = post(stage.app, stage.token(ana), task_id, content, name)
    result = response.get_json()["result"]
    assert (result["kind"], result["pages"]) == (kind, None)
    assert result["name"].endswith({"pptx": ".pptx", "png": ".png"}[kind])


@pytest.mark.app_config(MAX_UPLOAD_BYTES=2048)
def test_an_upload_too_big_is_refused(stage, team_task):
    task_id, ana, *_ = team_task
    big = tiny_pdf(1) + b"%" + b"x" * 4096
    error = refused_upload(stage, stage.token(ana), task_id, big, 413, "too_large")
    assert "too large" in error["message"]
    huge = b"%PDF-" + b"x" * 200_000  # over the limit and its envelope: refused unread
    refused_upload(stage, stage.token(ana), task_id, huge, 413, "too_large")


def test_uploads_need_a_participant_an_open_file_task_and_the_same_origin(stage, team_task):
    task_id, ana, *_ = team_task
    refused_upload(stage, None, task_id, tiny_pdf(1), 403, "forbidden")
    refused_upload(stage, "forged.token", task_id, tiny_pdf(1), 403, "forbidden")
    text_task = stage.open_task(SDG_PREP)
    refused_upload(stage, stage.token(ana), text_task, tiny_pdf(1), 400, "invalid")
    refused_upload(stage, stage.token(ana), 999_999, tiny_pdf(1), 404, "not_found")
    stage.ok(stage.fac, "prework.close", {"task_id": task_id})
    refused_upload(stage, stage.token(ana), task_id, tiny_pdf(1), 400, "conflict")
    before = stage.footprint()
    response = post(stage.app, stage.token(ana), task_id, tiny_pdf(1),
                    headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert stage.footprint() == before


def refuse_new_uploads(app) -> None:
    """A trigger that makes the database refuse every new upload row at commit, as a full
    disk or a dropped connection would."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            statements = ["CREATE TRIGGER refuse_uploads BEFORE INSERT ON upload "
                          "BEGIN SELECT RAISE(ABORT, 'no room for uploads'); END"]
        else:
            statements = ["CREATE FUNCTION refuse_uploads() RETURNS trigger AS $$ BEGIN "
                          "RAISE EXCEPTION 'no room for uploads'; END $$ LANGUAGE plpgsql",
                          "CREATE TRIGGER refuse_uploads BEFORE INSERT ON upload "
                          "FOR EACH ROW EXECUTE FUNCTION refuse_uploads()"]
        for statement in statements:
            db.session.execute(sa.text(statement))
        db.session.commit()
        db.session.remove()


def test_an_upload_the_database_does_not_keep_leaves_no_file_behind(
        stage, team_task):
    task_id, ana, *_ = team_task
    assert post(stage.app, stage.token(ana), task_id, tiny_pdf(1)).status_code == 200
    before = stage.footprint()
    refuse_new_uploads(stage.app)
    with pytest.raises(DBAPIError, match="no room for uploads"):
        post(stage.app, stage.token(ana), task_id, tiny_pdf(2))
    assert stage.footprint() == before


def test_the_facilitator_downloads_one_file_or_all_of_a_task(stage, team_task, facilitator):
    task_id, ana, bo, chen, (one, two) = team_task
    for person, content, name in ((ana, tiny_pdf(1), "draft.pdf"), (bo, tiny_pdf(2), "final.pdf"),
                                  (chen, pptx(), "../../x/ours.pptx")):
        upload_id = post(stage.app, stage.token(person), task_id, content, name
                         ).get_json()["result"]["upload_id"]
        stage.ok(person, "prework.submit", {"task_id": task_id, "upload_id": upload_id,
                                            "answers": [f"by {person.name}"]})
    http = sign_in(stage.app, facilitator)
    response = http.get(f"/facilitate/{stage.room.id}/uploads/{upload_id}")
    assert response.headers["Content-Disposition"] == "attachment; filename=ours.pptx"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.data == pptx()
    response.close()

    response = http.get(f"/facilitate/{stage.room.id}/prework/{task_id}.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    response.close()
    names = sorted(archive.namelist())
    assert names == ["completion.csv",
                     f"team-{one} Team 1/answers.txt", f"team-{one} Team 1/final.pdf",
                     f"team-{two} Team 2/answers.txt", f"team-{two} Team 2/ours.pptx"]
    assert archive.read(f"team-{one} Team 1/final.pdf") == tiny_pdf(2)  # the latest counts
    assert "by Person 1" in archive.read(f"team-{one} Team 1/answers.txt").decode()
    table = archive.read("completion.csv").decode()
    assert "Person 1" in table and "Person 2" in table and "Person 0" not in table

    outsider = stage.app.test_client()
    assert outsider.get(f"/facilitate/{stage.room.id}/prework/{task_id}.zip").status_code == 302
    assert outsider.get(f"/facilitate/{stage.room.id}/uploads/{upload_id}").status_code == 302
    assert http.get(f"/facilitate/{stage.room.id + 1}/prework/{task_id}.zip").status_code == 404
