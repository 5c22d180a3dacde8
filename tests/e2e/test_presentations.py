"""Team presentations in a real Chromium: Amina hands in her team's slides (a real PDF) as
Session 2's pre-work; in Session 3 the facilitator sets up the queue, moves Team 2 first by
keyboard, starts, and calls the next team; Team 1's slides appear as rendered page images on
the participants' pages and the projector, with a clock; Bilal, Team 1's presenter, turns
the page for everyone. Its third page is too heavy to draw within the server's budget: it
shows as "cannot be displayed" with the download, and the room goes on meanwhile.
"""
import re
import sqlite3
from contextlib import closing

import pytest
import serverproc
from playwright.sync_api import expect
from steps import PHONE, Devices, Dialogs, go_to_item, join, open_projector, sign_in, start_session

from tests.prework.helpers import tiny_pdf

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The real server, drawing a PDF page for at most 2 s."""
    with serverproc.running_server(tmp_path_factory.mktemp("e2e"), "eventlet",
                                   extra_env={"WORKSHOP_PDF_RENDER_SECONDS": "2"}) as running:
        yield running


def make_teams(server):
    """Team 1: Amina and Bilal (presenter); Team 2: Chen. The breakouts commands make teams;
    here they are written as rows."""
    with closing(sqlite3.connect(server.instance / "workshop.db", timeout=10)) as conn:
        ids = dict(conn.execute("SELECT name, id FROM participant").fetchall())
        grouping = conn.execute(
            "INSERT INTO grouping (room_id, label, active, self_select, created_at) "
            "VALUES (?, 'Course teams', 1, 0, CURRENT_TIMESTAMP)", (server.room.id,)).lastrowid
        teams = [conn.execute("INSERT INTO team (room_id, grouping_id, name, position) "
                              "VALUES (?, ?, ?, ?)", (server.room.id, grouping, name, n)).lastrowid
                 for n, name in enumerate(["Team 1", "Team 2"], start=1)]
        for team, name, role in ((teams[0], "Amina", None), (teams[0], "Bilal", "presenter"),
                                 (teams[1], "Chen", None)):
            conn.execute("INSERT INTO team_member (team_id, grouping_id, participant_id, role) "
                         "VALUES (?, ?, ?, ?)", (team, grouping, ids[name], role))
        conn.commit()


def test_teams_present_in_turn_with_their_slides_page_by_page(browser, server, tmp_path):
    with Devices(browser, Dialogs(accept=True)) as devices:
        console = devices.new_page(viewport={"width": 1280, "height": 900})
        sign_in(console, server)
        amina, bilal = devices.new_page(**PHONE), devices.new_page(**PHONE)
        chen = devices.new_page(viewport={"width": 1000, "height": 800})
        for page, name in ((amina, "Amina"), (bilal, "Bilal"), (chen, "Chen")):
            join(page, server, name)
        projector = open_projector(devices, console, server)
        make_teams(server)

        start_session(console, 2)
        go_to_item(console, "s2-prep-session-3")
        console.get_by_role("button", name="Open the pre-work").click()
        card = amina.locator("#main .prework-card")
        expect(card).to_contain_text("any member hands in for the whole team")
        slides = tmp_path / "Team one.pdf"
        slides.write_bytes(tiny_pdf(2, heavy=40_000))  # page 3: about 7 s of drawing
        card.get_by_label("Your file (PDF, PowerPoint .pptx, PNG or JPEG)").set_input_files(
            str(slides))
        card.get_by_role("button", name="Hand in for the team").click()
        expect(card.locator(".prework-state")).to_contain_text("by Amina")
        # her teammate sees the team's submission; the other team does not
        bilal_card = bilal.locator("#main .prework-card")
        expect(bilal_card.locator(".prework-state")).to_contain_text("Team one.pdf")
        expect(chen.locator("#main .prework-card .prework-state")).to_have_text("")
        panel = console.locator("#item-prework .prework-panel")
        expect(panel.locator(".prework-counts")).to_have_text("1 of 2 handed in")

        start_session(console, 3)
        go_to_item(console, "s3-team-presentations")
        controls = console.locator("#item-prework .present-panel")
        controls.get_by_role("button", name="Set up the queue of teams").click()
        queue = controls.locator(".present-queue li")
        expect(queue).to_have_count(2)
        expect(queue.nth(0)).to_contain_text("slides handed in")  # named on its turn
        move = controls.get_by_role("button", name="Move Team 2 up")
        move.focus()
        console.keyboard.press("Enter")
        expect(queue.nth(0)).to_contain_text("Team 2")
        controls.get_by_role("button", name="Start with the first team").click()
        for page in (amina, projector):
            stage = page.locator(".present-stage")
            expect(stage.locator(".present-team")).to_have_text("Team 2 presents")
            expect(stage.locator(".present-timer")).to_contain_text("left")
            expect(stage).to_contain_text("without uploaded slides")
        controls.get_by_role("button", name="Next team").click()

        for page in (amina, bilal, chen, projector):
            image = page.locator(".present-stage img.present-page")
            expect(page.locator(".present-team")).to_have_text("Team 1 presents")
            expect(image).to_have_attribute("src", re.compile(r"/slides/\d+/1\.png\?key="))
            expect(image).to_have_js_property("naturalWidth", 1280)  # loaded, rendered
        expect(amina.get_by_role("button", name="Next page")).to_have_count(0)
        bilal.get_by_role("button", name="Next page").click()
        for page in (amina, chen, projector, console):
            expect(page.locator(".present-count")).to_have_text("Page 2 of 3")
            image = page.locator(".present-stage img.present-page")
            expect(image).to_have_attribute("src", re.compile(r"/slides/\d+/2\.png\?key="))
            expect(image).to_have_js_property("naturalWidth", 1280)
        bilal.get_by_role("button", name="Next page").click()
        for page in (amina, chen, projector):
            stage = page.locator(".present-stage")
            expect(stage.get_by_role("status")).to_contain_text(
                "This page cannot be displayed here.", timeout=15_000)
            download = stage.get_by_role("link", name="Download Team one.pdf")
            expect(download).to_have_attribute("href", re.compile(r"/slides/\d+/file\?key="))
        amina.screenshot(path=str(tmp_path / "cannot-be-displayed.png"))
        controls.get_by_role("button", name="Finish the presentations").click()
        expect(projector.locator(".present-team")).to_have_text(
            "All teams have presented. Thank you!")
        assert devices.dialogs == []
