"""The course editor in a real Chromium: a facilitator builds a two-session course from
nothing (a slide with a live preview, a "check up to 3" poll with "something else", a
Yes/No board, a 15-minute breakout), a form refuses what an import refuses with the same
message, an item moves by keyboard; then the course runs in a room with two participants
and its export imports back the same."""
import io
import re

import pytest
import serverproc
import yaml
from PIL import Image
from playwright.sync_api import Page, expect
from steps import Devices, join

from app.course import files
from tests.prework.helpers import tiny_pdf


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()

pytestmark = pytest.mark.e2e


def sign_in_to(page: Page, server, path: str) -> None:
    page.goto(f"{server.url}/signin?next={path}")
    page.locator("#email").fill(serverproc.FACILITATOR_EMAIL)
    page.locator("#password").fill(serverproc.FACILITATOR_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{server.url}{path}")


def fill_item(page: Page, session: int, kind: str, fields: dict, checks=()) -> None:
    """Open the form of a new item of `kind` in a session, fill it and press Add."""
    block = page.locator(".editor-session").nth(session - 1)
    block.get_by_label("New item of kind").select_option(label=kind)
    block.get_by_role("button", name="Add item").click()
    form = page.locator(".item-form")
    for label, value in fields.items():
        target = form.get_by_label(label, exact=True)
        if target.evaluate("n => n.tagName") == "SELECT":
            target.select_option(label=value)
        else:
            target.fill(value)
    for label in checks:
        form.get_by_label(label, exact=True).check()
    form.get_by_role("button", name="Add", exact=True).click()


def add_item(page: Page, session: int, kind: str, fields: dict, checks=()) -> None:
    fill_item(page, session, kind, fields, checks)
    expect(page.locator(".item-form")).to_have_count(0)


def test_a_course_built_in_the_editor_runs_and_round_trips(browser, server, tmp_path):
    with Devices(browser) as devices:
        page = devices.new_page(viewport={"width": 1366, "height": 768})
        sign_in_to(page, server, "/facilitate/courses/new")
        page.get_by_label("Title").fill("Public service design")
        page.get_by_label("Short name").fill("Not a slug")
        page.get_by_role("button", name="Create the course").click()
        expect(page.locator("#slug-error")).to_have_text("Use lower-case letters, digits and '-'.")
        page.get_by_label("Short name").fill("service-design")
        page.get_by_role("button", name="Create the course").click()
        expect(page).to_have_url(f"{server.url}/facilitate/courses/service-design")

        # the course's own details: refused as the import refuses, then saved
        about = page.locator("#course-form")
        about.get_by_label("Language of the content").fill("x")
        about.get_by_role("button", name="Save").click()
        expect(page.locator("#course-language-error")).to_have_text(
            "Length must be between 2 and 16.")
        about.get_by_label("Language of the content").fill("en")
        about.get_by_label("Description").fill("Three weeks with ministries")
        about.get_by_role("button", name="Save").click()
        expect(page.locator("#editor-status")).to_have_text("Saved.")

        # session 1: its date, then its first slide gets a text, with the live preview
        first = page.locator(".editor-session").first
        first.get_by_label("Date and time (UTC) for this cohort").fill("2027-03-01T09:00")
        first.get_by_label("Session title").fill("Welcome and ideas")
        first.get_by_role("button", name="Save session").click()
        expect(first.locator("h2")).to_have_text("Session 1: Welcome and ideas")
        first.locator(".editor-item").first.get_by_role("button", name="Edit").click()
        form = page.locator(".item-form")
        form.get_by_label("Title", exact=True).fill("Objectives")
        form.get_by_label("Slide text").fill("- **Design** with people\n<script>x</script>")
        expect(form.locator(".preview strong")).to_have_text("Design")
        expect(form.locator(".preview")).to_contain_text("<script>x</script>")
        form.locator("#f-image").set_input_files(
            files=[{"name": "notes.txt", "mimeType": "image/png", "buffer": b"not an image"}])
        expect(form.locator("#f-image-error")).to_have_text("Upload a PNG or JPEG image.")
        form.locator("#f-image").set_input_files(
            files=[{"name": "map.png", "mimeType": "image/png", "buffer": png()}])
        expect(form.locator(".image-preview img")).to_be_visible()
        page.screenshot(path=str(tmp_path / "editor-slide.png"))
        form.get_by_role("button", name="Save").click()
        expect(page.locator(".item-form")).to_have_count(0)

        # a poll the import would refuse: the same message, next to its field
        fill_item(page, 1, "Poll", {"Title": "Obstacles", "Kind of poll": "Several choices",
                                    "Options": "Money\nSkills\nLaws",
                                    "Most choices per person": "5"})
        expect(page.locator("#f-poll-max_choices-error")).to_have_text(
            "More than there are options.")
        page.screenshot(path=str(tmp_path / "editor-poll-error.png"))
        form = page.locator(".item-form")
        form.get_by_label("An option people complete themselves", exact=False).fill(
            "Something else")
        form.get_by_label("Most choices per person").fill("3")
        expect(form.get_by_label("Scale points")).to_be_hidden()
        page.screenshot(path=str(tmp_path / "editor-poll.png"))
        form.get_by_role("button", name="Add", exact=True).click()
        expect(page.locator(".item-form")).to_have_count(0)
        add_item(page, 1, "Whiteboard", {"Title": "Ready to start?", "Columns": "Yes\nNo"})

        # session 2 with a 15-minute breakout
        page.locator("#new-session-title").fill("Teams at work")
        page.get_by_role("button", name="Add session").click()
        expect(page.locator(".editor-session")).to_have_count(2)
        add_item(page, 2, "Breakout", {"Title": "Map the journey", "Planned minutes": "15",
                                       "Task for the teams": "Draw one user journey",
                                       "Breakout minutes": "15"})
        # the board moves above the poll by keyboard (Alt+Up arrow), focus staying on it
        board = page.locator(".editor-item", has_text="Ready to start?")
        board.focus()
        page.keyboard.press("Alt+ArrowUp")
        items = page.locator(".editor-session").first.locator(".editor-item .title")
        expect(items).to_have_text(["Objectives", "Ready to start?", "Obstacles"])
        expect(page.locator(".editor-item", has_text="Ready to start?")).to_be_focused()

        # a PDF deck: a PNG is refused, a two-page PDF becomes two slides
        second = page.locator(".editor-session").nth(1)
        deck = second.get_by_label("Make slides from a PDF deck")
        deck.set_input_files(files=[{"name": "deck.pdf", "mimeType": "application/pdf",
                                     "buffer": png()}])
        second.get_by_role("button", name="Upload deck").click()
        expect(second.locator(".deck-form .error")).to_have_text(
            "This file is not a PDF. Save PowerPoint slides as PDF first.")
        deck.set_input_files(files=[{"name": "Journeys.pdf", "mimeType": "application/pdf",
                                     "buffer": tiny_pdf(2)}])
        second.get_by_role("button", name="Upload deck").click()
        expect(second.locator(".editor-item .title")).to_have_text([
            "Teams at work", "Map the journey", "Journeys (1 of 2)", "Journeys (2 of 2)"])
        page.screenshot(path=str(tmp_path / "editor.png"), full_page=True)

        exported = page.request.get(f"{server.url}/facilitate/courses/service-design/export")
        data = files.parse(exported.text(), "service-design.yaml")
        assert data["sessions"][0]["items"][2]["poll"] == {
            "type": "multiple", "options": ["Money", "Skills", "Laws"],
            "other_option": "Something else", "max_choices": 3}
        assert data["sessions"][0]["items"][1]["board"] == {"columns": ["Yes", "No"]}
        assert [i.get("image", "")[-4:] for i in data["sessions"][1]["items"]] == [
            "", "", ".png", ".png"]
        assert data["sessions"][1]["items"][1]["breakout"] == {
            "task": "Draw one user journey", "minutes": 15}
        assert files.parse(files.dump(data)) == data
        # imported back (under another short name) by the command line, it exports the same
        again = yaml.safe_load(exported.text())
        again["course"]["slug"] = "service-design-again"
        (tmp_path / "again.yaml").write_text(files.dump(again), encoding="utf-8")
        serverproc.flask(["workshop", "import", str(tmp_path / "again.yaml")], server.env)
        back = files.parse(serverproc.flask(["workshop", "export", "service-design-again"],
                                            server.env))
        assert back == {**data, "course": {**data["course"], "slug": "service-design-again"}}
        assert yaml.safe_load(exported.text())["sessions"][0]["items"][0]["body"].startswith(
            "- **Design**")

        # a room of the course, two participants: what the editor made runs
        page.goto(f"{server.url}/facilitate")
        expect(page.locator(".schedule li", has_text="Welcome and ideas").first).to_contain_text(
            "9:00")
        page.screenshot(path=str(tmp_path / "rooms.png"), full_page=True)
        page.get_by_label("Course", exact=True).select_option(label="Public service design")
        page.get_by_label("Room title").fill("Cohort A")
        page.get_by_role("button", name="Open room").click()
        expect(page).to_have_url(re.compile(r"/facilitate/\d+$"))
        room_id = int(page.url.rsplit("/", 1)[1])
        code = server.query("SELECT join_code FROM room WHERE id = ?", (room_id,))[0][0]
        server.room = serverproc.Room(room_id, code)
        expect(page.locator("#connection")).to_have_text("Connected")
        people = [devices.new_page(), devices.new_page()]
        for person, name in zip(people, ["Asha", "Bilal"], strict=True):
            join(person, server, name)
        option = page.locator("#session-picker option", has_text="Session 1 ·")
        page.locator("#session-picker").select_option(option.get_attribute("value"))
        page.get_by_role("button", name="Start this session").click()
        for person in people:
            expect(person.locator(".stage")).to_contain_text("Objectives")
            expect(person.locator(".stage strong")).to_have_text("Design")
            expect(person.locator(".stage .slide-image img")).to_have_js_property(
                "naturalWidth", 40)

        # an edit of the next item reaches the console of the room at once
        editor = page.context.new_page()
        editor.goto(f"{server.url}/facilitate/courses/service-design")
        editor.locator(".editor-item", has_text="Ready to start?").get_by_role(
            "button", name="Edit").click()
        editor.locator(".item-form").get_by_label("Title", exact=True).fill("Ready? Yes or no")
        editor.locator(".item-form").get_by_role("button", name="Save").click()
        expect(page.locator("#agenda")).to_contain_text("Ready? Yes or no")

        # a new cohort: the course again under another name, opened from the rooms list
        editor.goto(f"{server.url}/facilitate/courses/service-design")
        editor.get_by_role("link", name="Duplicate for a new cohort").click()
        editor.get_by_label("Short name").fill("service-design-b")
        editor.get_by_label("Title").fill("Public service design, cohort B")
        editor.set_viewport_size({"width": 1366, "height": 768})
        editor.screenshot(path=str(tmp_path / "cohort.png"))
        editor.get_by_role("button", name="Duplicate").click()
        expect(editor).to_have_url(f"{server.url}/facilitate/courses/service-design-b")
        expect(editor.locator(".editor-session h2")).to_have_text([
            "Session 1: Welcome and ideas", "Session 2: Teams at work"])
