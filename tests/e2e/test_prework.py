"""Pre-work in a real Chromium: the facilitator opens Session 1's preparation with a due date;
Amina, on a phone, answers both questions and hands in; the console's completion table shows
her as handed in and Bilal as not yet. Then the facilitator makes up a task that takes a file;
Bilal uploads a real PDF and a renamed program, which is refused with a clear message, and
the table offers his PDF for download.
"""
import pytest
from playwright.sync_api import expect
from steps import PHONE, Devices, Dialogs, go_to_item, join, sign_in, start_session

from tests.prework.helpers import executable, tiny_pdf

pytestmark = pytest.mark.e2e


@pytest.fixture
def pages(browser, server):
    with Devices(browser, Dialogs(accept=True)) as devices:
        console = devices.new_page(viewport={"width": 1280, "height": 900})
        sign_in(console, server)
        amina = devices.new_page(**PHONE)
        bilal = devices.new_page(viewport={"width": 1000, "height": 800})
        join(amina, server, "Amina")
        join(bilal, server, "Bilal")
        yield console, amina, bilal, devices.dialogs


def row(panel, name):
    return panel.locator(".prework-table tr", has_text=name)


def test_participants_hand_in_and_the_facilitator_sees_the_completion_table(pages, server,
                                                                           tmp_path):
    console, amina, bilal, dialogs = pages
    start_session(console, 1)
    go_to_item(console, "s1-prep-session-1")

    opener = console.locator("#item-prework .prework-open")
    expect(opener).to_contain_text("before Session 1")
    opener.get_by_label("Due date (optional)").fill("2030-01-02T09:30")
    opener.get_by_role("button", name="Open the pre-work").click()
    panel = console.locator("#item-prework .prework-panel")
    expect(panel.locator(".poll-state")).to_have_text("Open")
    expect(panel.locator(".prework-counts")).to_have_text("0 of 2 handed in")

    card = amina.locator("#main .prework-card")
    expect(card.locator(".prework-title")).to_have_text("Preparation for Session 1")
    expect(card.locator(".prework-due")).to_contain_text("2030")
    card.get_by_label("Which SDG related to public service delivery did you select?").fill(
        "SDG 16 <b>Peace</b>")
    card.get_by_label("How does public service delivery relate to this SDG?").fill(
        "Services people can trust.")
    card.get_by_role("button", name="Hand in").click()
    expect(card.locator(".prework-state")).to_contain_text("✓ Handed in")

    expect(panel.locator(".prework-counts")).to_have_text("1 of 2 handed in")
    expect(row(panel, "Amina").locator("td").nth(1)).to_contain_text("✓ Handed in")
    expect(row(panel, "Bilal").locator("td").nth(1)).to_have_text("— Not yet")
    expect(panel.get_by_role("link", name="Download all submissions (zip)")).to_have_attribute(
        "href", f"/facilitate/{server.room.id}/prework/1.zip")

    # a task made up live that takes a file
    console.locator("#prework-form summary").click()
    form = console.locator("#prework-form form")
    form.get_by_label("Title").fill("Upload your team's photo or slides")
    form.get_by_label("Hand in", exact=True).select_option("file")
    form.get_by_role("button", name="Open the new task").click()
    listed = console.locator("#prework-list .prework-panel",
                             has_text="Upload your team's photo or slides")
    expect(listed.locator(".prework-counts")).to_have_text("0 of 2 handed in")

    expect(bilal.locator("#prework-button")).to_have_text("Pre-work: 2 to do")
    bilal.locator("#prework-button").click()
    upload_card = bilal.locator("#prework-panel .prework-card",
                                has_text="Upload your team's photo or slides")
    program = tmp_path / "slides.pdf"
    program.write_bytes(executable())
    upload_card.get_by_label("Your file (PDF, PowerPoint .pptx, PNG or JPEG)").set_input_files(
        str(program))
    upload_card.get_by_role("button", name="Hand in").click()
    expect(upload_card.locator(".error")).to_contain_text(
        "This file is not a PDF, a PowerPoint (.pptx), a PNG or a JPEG image.")
    slides = tmp_path / "Our ideas.pdf"
    slides.write_bytes(tiny_pdf(2))
    upload_card.get_by_label("Your file (PDF, PowerPoint .pptx, PNG or JPEG)").set_input_files(
        str(slides))
    upload_card.get_by_role("button", name="Hand in").click()
    expect(upload_card.locator(".prework-state")).to_contain_text("Our ideas.pdf")
    expect(upload_card.locator(".error")).to_have_text("")

    expect(listed.locator(".prework-counts")).to_have_text("1 of 2 handed in")
    download = row(listed, "Bilal").get_by_role("link", name="Download")
    with console.expect_download() as info:
        download.click()
    assert info.value.suggested_filename == "Our ideas.pdf"
    assert open(info.value.path(), "rb").read() == tiny_pdf(2)
    # Amina's answer is text on her own page, never markup
    expect(amina.locator("#main b")).to_have_count(0)
    assert dialogs == []
