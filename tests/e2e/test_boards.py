"""Whiteboards in a real Chromium: Session 4's two-column board "Organizations should
encourage their people to make mistakes and take risks — Yes / No". The facilitator opens it;
two participants (one on a phone) post notes, one of them HTML with a script in it that must
stay text; one comments on the other's note; the facilitator moves the board to
voting, both put dots, and the results phase reveals the ranking to everyone. Then a
private board made up live: each participant sees only their own notes until the reveal.
"""
import pytest
from playwright.sync_api import expect
from steps import PHONE, Devices, Dialogs, go_to_item, join, sign_in, start_session

pytestmark = pytest.mark.e2e

SCRIPT = "<img src=x onerror=alert(1)>"
IDEA = "Failing small and early is how a service learns"


def note(page, text: str):
    return page.locator("#main .note", has=page.locator(".note-text", has_text=text))


def test_post_comment_vote_and_reveal_with_two_participants(browser, server):
    with Devices(browser) as devices:
        console = devices.new_page(viewport={"width": 1280, "height": 900})
        sign_in(console, server)
        ana = devices.new_page(**PHONE)
        bo = devices.new_page(viewport={"width": 1000, "height": 800})
        join(ana, server, "Ana")
        join(bo, server, "Bo")

        start_session(console, 4)
        go_to_item(console, "s4-mistakes-risks")
        console.get_by_role("button", name="Open the board").click()
        staff_board = console.locator("#item-board .board")
        expect(staff_board.locator(".lane-title")).to_have_text(["Yes", "No"])

        # Ana, on her phone, posts in "Yes"
        board = ana.locator("#main .board")
        expect(board.locator(".board-prompt")).to_contain_text("make mistakes and take risks")
        board.get_by_label("Your note", exact=True).fill(IDEA)
        board.get_by_label("Column", exact=True).select_option(label="Yes")
        board.get_by_role("button", name="Post note").click()
        expect(board.locator(".board-status")).to_have_text("Sent ✓")

        # Bo posts HTML with a script in "No": it arrives as text, nothing runs
        bo_board = bo.locator("#main .board")
        bo_board.get_by_label("Your note", exact=True).fill(SCRIPT)
        bo_board.get_by_label("Column", exact=True).select_option(label="No")
        bo_board.get_by_role("button", name="Post note").click()
        for page in (ana, bo, console):
            expect(note(page, SCRIPT).locator(".note-text")).to_have_text(SCRIPT)
            expect(page.locator(".board img")).to_have_count(0)
        lanes = board.locator(".board-lane")
        expect(lanes.nth(0).locator(".note-text")).to_have_text([IDEA])
        expect(lanes.nth(1).locator(".note-text")).to_have_text([SCRIPT])
        assert ana.evaluate("document.documentElement.scrollWidth") <= 360

        # Bo comments on Ana's note; Ana sees it under her note
        idea = note(bo, IDEA)
        idea.get_by_label("Comment on this note").fill("Yes — safe-to-fail <b>pilots</b>!")
        idea.get_by_role("button", name="Comment", exact=True).click()
        expect(note(ana, IDEA).locator(".note-comments li")).to_have_text(
            ["Bo: Yes — safe-to-fail <b>pilots</b>!"])
        expect(idea.get_by_label("Comment on this note")).to_have_value("")

        # voting: Ana puts two dots on Bo's note and one on her own; the budget is 3
        staff_board.get_by_role("button", name="Voting").click()
        expect(board.locator(".board-phase")).to_have_text("Voting · 3 dots left")
        theirs = note(ana, SCRIPT)
        theirs.get_by_role("button", name="Put a dot on this note").click()
        expect(theirs.locator(".my-dots")).to_have_text("your 1 dot")
        theirs.get_by_role("button", name="Put a dot on this note").click()
        note(ana, IDEA).get_by_role("button", name="Put a dot on this note").click()
        expect(board.locator(".board-phase")).to_have_text("Voting · 0 dots left")
        theirs.get_by_role("button", name="Put a dot on this note").click()
        expect(board.locator(".board-status")).to_contain_text("used all 3 of your dots")
        note(bo, IDEA).get_by_role("button", name="Put a dot on this note").click()
        expect(note(bo, IDEA).locator(".my-dots")).to_have_text("your 1 dot")

        # results: everyone sees the counts, each lane ranked
        staff_board.get_by_role("button", name="Results").click()
        for page in (ana, bo, console):
            expect(page.locator(".board .board-phase").first).to_contain_text("Results")
            expect(note(page, IDEA).locator(".note-meta")).to_contain_text("2 dots")
            expect(note(page, SCRIPT).locator(".note-meta")).to_contain_text("2 dots")
        expect(board.get_by_role("button", name="Put a dot on this note")).to_have_count(0)
        assert devices.dialogs == []  # no alert ran, no confirmation was asked


def test_a_private_board_made_up_live_is_revealed_to_everyone(browser, server):
    """Runs after the test above, in the same room (Session 4 still live)."""
    with Devices(browser, Dialogs(accept=True)) as devices:
        console = devices.new_page(viewport={"width": 1280, "height": 900})
        sign_in(console, server)
        cy, di = devices.new_page(**PHONE), devices.new_page(**PHONE)
        join(cy, server, "Cy")
        join(di, server, "Di")

        console.locator("#board-form summary").click()
        console.get_by_label("Prompt").fill("What would you try first?")
        console.get_by_label("Private writing until I reveal the notes").check()
        console.get_by_role("button", name="Create board").click()
        staff_board = console.locator("#live-board-list .board")
        expect(staff_board.locator(".board-prompt")).to_have_text("What would you try first?")

        def live(page):
            return page.locator("#main .board", has_text="What would you try first?")

        for page, text in ((cy, "Pilot in one office"), (di, "Ask citizens first")):
            board = live(page)
            expect(board.locator(".board-phase")).to_contain_text("Only you and the facilitators")
            board.get_by_label("Your note", exact=True).fill(text)
            board.get_by_role("button", name="Post note").click()
            expect(board.locator(".board-status")).to_have_text("Sent ✓")
        expect(staff_board.locator(".note-text")).to_have_count(2)
        for page, own in ((cy, "Pilot in one office"), (di, "Ask citizens first")):
            expect(live(page).locator(".note-text")).to_have_text([own])

        staff_board.get_by_role("button", name="Reveal all notes").click()
        assert devices.dialogs == ["confirm: Show everyone's notes to the whole room?"]
        for page in (cy, di):
            expect(live(page).locator(".note-text")).to_have_count(2)
            expect(live(page).locator(".board-phase")).not_to_contain_text("Only you")


def test_a_note_posted_while_the_server_is_down_arrives_once(browser, server):
    """Runs last (it restarts the server): the note waits in the browser's outbox and is
    sent with its command id when the connection is back."""
    with Devices(browser) as devices:
        console = devices.new_page(viewport={"width": 1280, "height": 900})
        sign_in(console, server)
        ed = devices.new_page(**PHONE)
        join(ed, server, "Ed")
        board = ed.locator("#main .board", has_text="What would you try first?")
        expect(board.locator(".board-phase")).to_contain_text("Writing")

        server.kill()
        expect(ed.locator("#connection")).to_have_attribute("data-status", "offline")
        board.get_by_label("Your note", exact=True).fill("Written on a train")
        board.get_by_role("button", name="Post note").click()
        expect(board.locator(".board-status")).to_have_text("Waiting for connection")
        expect(ed.locator("#outbox")).to_have_text("Waiting for connection: 1 to send")

        server.start()
        expect(board.locator(".board-status")).to_have_text("Sent ✓", timeout=20_000)
        expect(ed.locator("#outbox")).to_have_text("")
        staff_board = console.locator("#live-board-list .board")
        expect(staff_board.locator(".note-text", has_text="Written on a train")).to_have_count(1)
        ed.reload()
        expect(ed.locator("#connection")).to_have_text("Connected")
        expect(board.locator(".note-text", has_text="Written on a train")).to_have_count(1)
        assert devices.dialogs == []
