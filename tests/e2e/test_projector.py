"""The projector in a real Chromium, on Session 1: the board "In what ways might Digital
Transformation bring value…" shown read-only as a participant posts a note (HTML in it stays
text), then its dots once the facilitator moves to the results; then the breakout: the
countdown, the task and the teams with their members while it runs, the item again once
everyone is back, and a team's board with its note once the facilitator shares it; last a
private board made up live, of which it shows only how many notes there are until the reveal.
"""
import re

import pytest
from playwright.sync_api import expect
from steps import Devices, Dialogs, go_to_item, join, open_projector, sign_in, start_session

pytestmark = pytest.mark.e2e

BOARD = "s1-digital-value"
BREAKOUT = "s1-ndp-sdgs"
TITLE = "How does your National Development Plan relate to UN Sustainable Development Goals?"
HTML = "<b>x</b>"
SDG = "SDG 4: quality education"
PRIVATE = "What would you try first?"


def test_the_projector_shows_the_board_then_the_breakout(browser, server):
    with Devices(browser, Dialogs(accept=True)) as devices:
        console = devices.new_page(viewport={"width": 1400, "height": 900})
        sign_in(console, server)
        projector = open_projector(devices, console, server)
        ana, bo = devices.new_page(), devices.new_page()
        join(ana, server, "Ana")
        join(bo, server, "Bo")
        start_session(console, 1)

        # the board, read-only: the note as text, no forms or buttons
        go_to_item(console, BOARD)
        console.get_by_role("button", name="Open the board").click()
        screen = projector.locator("#main .board")
        expect(screen.locator(".board-prompt")).to_contain_text("Digital Transformation")
        board = ana.locator("#main .board")
        board.get_by_label("Your note", exact=True).fill(HTML)
        board.get_by_role("button", name="Post note").click()
        expect(screen.locator(".note-text")).to_have_text([HTML])
        expect(screen.locator(".note-meta")).to_have_text("Ana")
        expect(projector.locator("#main b")).to_have_count(0)
        expect(screen.locator("button, input, textarea, select")).to_have_count(0)

        # voting, then the results: the projector shows the dots
        staff_board = console.locator("#item-board .board")
        staff_board.get_by_role("button", name="Voting").click()
        bo.locator("#main .note").get_by_role("button", name="Put a dot on this note").click()
        expect(bo.locator("#main .my-dots")).to_have_text("your 1 dot")
        staff_board.get_by_role("button", name="Results").click()
        expect(screen.locator(".board-phase")).to_have_text("Results")
        expect(screen.locator(".note-meta")).to_have_text("Ana · 1 dot")

        # the breakout: countdown, task and teams with their members
        go_to_item(console, BREAKOUT)
        expect(projector.locator("#main .item-title")).to_have_text(TITLE)
        panel = console.locator("#teams-panel")
        panel.get_by_text("New teams", exact=True).click()
        panel.get_by_label("Number", exact=True).fill("2")
        panel.get_by_role("button", name="Make teams").click()
        expect(panel.locator(".team-card")).to_have_count(2)
        console.locator(".breakout-start").get_by_role("button", name="Start breakout").click()
        running = projector.locator(".breakout-screen")
        expect(running.locator(".countdown-time")).to_have_text(re.compile(r"^1[45]:\d\d$"))
        expect(running.locator(".breakout-task")).to_contain_text("select some SDGs")
        expect(running.locator(".screen-team h3")).to_have_text(["Team 1", "Team 2"])
        expect(running.locator(".screen-members li")).to_have_count(2)
        expect(running.locator(".screen-teams")).to_contain_text("Ana")
        expect(running.locator(".screen-teams")).to_contain_text("Bo")
        console.get_by_label("Message to all teams").fill("5 minutes left")
        console.locator(".breakout-broadcast").get_by_role("button", name="Send").click()
        expect(running.locator(".breakout-message")).to_have_text(
            "From the facilitator: 5 minutes left")

        # back to the plenary: the item again; a shared team board comes up under it
        console.get_by_role("button", name="Bring everyone back").click()
        expect(projector.locator(".breakout-screen")).to_have_count(0)
        expect(projector.locator("#main .item-title")).to_have_text(TITLE)
        team_board = ana.locator("#main .board")
        team_board.get_by_label("Your note", exact=True).fill(SDG)
        team_board.get_by_role("button", name="Post note").click()
        expect(team_board.locator(".board-status")).to_have_text("Sent ✓")
        expect(projector.locator("#main")).not_to_contain_text(SDG)
        anas = console.locator("#item-board .board-box", has_text=SDG)
        anas.get_by_role("button", name="Share with the room").click()
        shared = projector.locator(".shared-board")
        expect(shared).to_have_count(1)
        expect(shared.locator(".team-name")).to_have_text(ana.locator("#team").inner_text())
        expect(shared.locator(".note-text")).to_have_text([SDG])

        # a private board made up live: only how many notes there are, until the reveal
        console.locator("#board-form summary").click()
        console.get_by_label("Prompt").fill(PRIVATE)
        console.get_by_label("Private writing until I reveal the notes").check()
        console.get_by_role("button", name="Create board").click()
        secret = projector.locator("#main .board", has_text=PRIVATE)
        expect(secret.locator(".board-count")).to_have_text("0 notes written so far")
        board = bo.locator("#main .board", has_text=PRIVATE)
        board.get_by_label("Your note", exact=True).fill("Pilot in one office")
        board.get_by_role("button", name="Post note").click()
        expect(board.locator(".board-status")).to_have_text("Sent ✓")
        expect(secret.locator(".board-count")).to_have_text("1 note written so far")
        expect(secret.locator(".note")).to_have_count(0)
        console.locator("#live-board-list .board").get_by_role(
            "button", name="Reveal all notes").click()
        expect(secret.locator(".note-text")).to_have_text(["Pilot in one office"])
        expect(secret.locator(".board-count")).to_have_count(0)
