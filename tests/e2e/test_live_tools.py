"""The live tools in a real Chromium, on Session 1: Ana raises her hand and the console's
queue and the projector's count follow; a reaction passes on the projector; the facilitator
starts a plenary timer that every page shows, also after a reload; a message to everyone
stays until Ana dismisses it; Bo asks anonymously, Ana upvotes, the facilitator pins it for
the projector and then hides it; a chat line is deleted and its writer muted; Bo is removed
and cannot join again from his browser; last, the facilitator turns raising hands off."""
import os
import re

import pytest
from playwright.sync_api import expect
from steps import Devices, Dialogs, join, open_projector, sign_in, start_session

pytestmark = pytest.mark.e2e

QUESTION = "How do we measure <b>value</b>?"
SHOTS = os.environ.get("E2E_SCREENSHOTS")


def shot(page, name: str) -> None:
    """Screenshots for looking at the pages, when E2E_SCREENSHOTS names a folder."""
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"live-{name}.png"), full_page=True)


def test_hands_reactions_timer_message_and_questions(browser, server):
    with Devices(browser, Dialogs(accept=True)) as devices:
        console = devices.new_page(viewport={"width": 1400, "height": 900})
        sign_in(console, server)
        projector = open_projector(devices, console, server)
        ana, bo = devices.new_page(), devices.new_page()
        join(ana, server, "Ana")
        join(bo, server, "Bo")
        start_session(console, 1)
        staff = console.locator("#live-tools")

        # raise hand: the queue in order with the time waited, the projector's count
        ana.get_by_role("button", name="Raise hand").click()
        expect(ana.get_by_role("button", name="Lower hand")).to_have_attribute("aria-pressed",
                                                                                "true")
        queue = staff.locator(".hand-queue li")
        expect(queue).to_have_count(1)
        expect(queue.locator(".hand-name")).to_have_text("Ana")
        expect(queue.locator(".hand-waited")).to_have_text(re.compile(r"waiting 0:\d\d"))
        expect(projector.locator(".hand-count")).to_have_text("✋ 1 hand raised")
        staff.get_by_role("button", name="Lower the hand of Ana").click()
        expect(ana.get_by_role("button", name="Raise hand")).to_be_visible()
        expect(projector.locator(".hand-count")).to_have_count(0)

        # a reaction: a count and a passing burst on the projector and the console
        ana.get_by_role("button", name="Applause").click()
        expect(ana.locator(".reaction-status")).to_have_text("Sent ✓")
        for page in (projector, staff):
            count = page.locator('.reaction-count[data-reaction="applause"]')
            expect(count).to_have_text("👏 Applause 1")

        # the plenary timer, on every page, also after a reload
        staff.get_by_label("Minutes").fill("2")
        staff.get_by_label("What for").fill("Write your notes")
        staff.get_by_role("button", name="Start the timer").click()
        for page in (ana, bo, projector):
            expect(page.locator(".plenary-timer .timer-label")).to_have_text("Write your notes")
            expect(page.locator(".plenary-timer .countdown-time")).to_have_text(
                re.compile(r"^(2:00|1:5\d)$"))
        ana.reload()
        expect(ana.locator(".plenary-timer .countdown-time")).to_have_text(
            re.compile(r"^(2:00|1:5\d)$"))
        staff.get_by_role("button", name="+1 minute").click()
        expect(bo.locator(".plenary-timer .countdown-time")).to_have_text(re.compile(r"^2:5\d$"))

        # the message to everyone, until dismissed
        staff.get_by_label("Message", exact=True).fill("Back at 10:15 <i>sharp</i>")
        staff.get_by_role("button", name="Send to everyone").click()
        expect(ana.locator(".announcement-text")).to_have_text("Back at 10:15 <i>sharp</i>")
        expect(projector.locator(".announcement-text")).to_have_text("Back at 10:15 <i>sharp</i>")
        shot(ana, "participant")

        # Q&A: asked anonymously, upvoted, pinned for the projector, hidden
        bo.get_by_label("Your question").fill(QUESTION)
        bo.get_by_label("Ask without my name").check()
        bo.get_by_role("button", name="Ask", exact=True).click()
        expect(bo.locator(".question-status")).to_have_text("Sent ✓")
        asked = ana.locator(".question")
        expect(asked.locator(".question-text")).to_have_text(QUESTION)
        expect(asked.locator(".question-meta")).to_have_text("Anonymous")
        expect(bo.locator(".question .question-upvote")).to_be_disabled()  # one's own
        asked.get_by_role("button", name=re.compile("Upvote")).click()
        expect(asked.locator(".question-upvote")).to_have_text("▲ 1")
        expect(asked.locator(".question-upvote")).to_be_disabled()
        staff.locator(".question").get_by_role("button", name="Pin").click()
        expect(projector.locator(".projector-question .question-text")).to_have_text(QUESTION)
        expect(projector.locator(".projector-question b")).to_have_count(0)
        shot(projector, "projector")
        shot(console, "console")
        ana.get_by_role("button", name="Dismiss the message").click()
        expect(ana.locator(".announcement")).to_have_count(0)
        staff.locator(".question").get_by_role("button", name="Hide").click()
        expect(ana.locator(".question")).to_have_count(0)
        expect(projector.locator(".projector-question")).to_have_count(0)
        ana.reload()
        expect(ana.locator("#connection")).to_have_text("Connected")
        expect(ana.locator(".announcement")).to_have_count(0)  # dismissed stays dismissed

        # chat: a line from Ana reaches Bo as text; the facilitator deletes it, then mutes Ana
        ana.get_by_label("Chat message").fill("Hello <b>all</b>")
        ana.get_by_role("button", name="Send", exact=True).click()
        expect(bo.locator(".chat-text")).to_have_text(["Hello <b>all</b>"])
        staff.get_by_role("button", name="Delete the message of Ana").click()
        expect(bo.locator(".chat-text")).to_have_count(0)
        ana.get_by_label("Chat message").fill("Hello again")
        ana.get_by_role("button", name="Send", exact=True).click()
        expect(bo.locator(".chat-text")).to_have_text(["Hello again"])
        staff.get_by_role("button", name="Mute Ana").click()
        expect(ana.locator(".chat-status")).to_have_text(
            "The facilitator has muted you in the chat.")
        expect(ana.get_by_label("Chat message")).to_be_hidden()
        shot(console, "console-chat")

        # removing Bo: his page goes back to the join page, and he cannot join again
        staff.get_by_text("Remove someone").click()
        staff.get_by_label("Participant", exact=True).select_option(label="Bo")
        staff.get_by_role("button", name="Remove from the room").click()
        expect(bo).to_have_url(re.compile(r"/join\?code="))
        expect(staff.locator(".removed-list li")).to_contain_text("Bo was removed.")
        bo.locator("#name").fill("Not Bo")
        bo.get_by_role("button", name="Join").click()
        expect(bo.locator("#join-error")).to_contain_text("removed")

        # a new projector link: the open projector is closed out; the new link works
        staff.get_by_role("button", name="New projector link").click()
        expect(projector.locator("#connection")).not_to_have_text("Connected")
        new_link = staff.get_by_label("The new projector link").input_value()
        projector.goto(new_link)
        expect(projector.locator("#connection")).to_have_text("Connected")

        # settings: raising hands turned off for the room
        staff.get_by_text("Room settings").click()
        staff.get_by_label("Raise hand").uncheck()
        expect(ana.get_by_role("button", name="Raise hand")).to_have_count(0)
        expect(ana.get_by_role("button", name="Applause")).to_be_visible()
