"""Polls in a real Chromium: the facilitator runs Session 5's obstacles poll (check up to 3,
with "something else" and a text), two participants answer (one on a phone), results are
revealed to them and the projector, and the "other" text is hidden again; then a named
Likert quick poll with live results whose answer is changed.

The tests run in order on one room (module-scoped pages): the second picks up where the
first left.
"""
from dataclasses import dataclass

import pytest
import serverproc
from playwright.sync_api import Page, expect
from steps import PHONE, Devices, Dialogs, go_to_item, join, open_projector, sign_in, start_session

pytestmark = pytest.mark.e2e

OTHER_TEXT = "<b>Silos</b> & <img src=x onerror=alert(1)> paperwork"
OBSTACLES = ["Lack of financial resources", "Lack of technical expertise",
             "Cumbersome regulations and/or procedures", "Politicians",
             "People in public service", "Unwillingness to change", "Fear of failure",
             "Me (you)", "Something else (please note)"]
QUICK_QUESTION = "The pace of this session is right"


@dataclass
class Room:
    server: serverproc.ServerProcess
    console: Page
    asha: Page
    bilal: Page
    projector: Page
    dialogs: Dialogs

    @property
    def watchers(self) -> list[Page]:
        return [self.asha, self.bilal, self.projector]


def expect_bars(scope, counts: dict[int, str]) -> None:
    for index, text in counts.items():
        expect(scope.locator(f'.poll-bar[data-index="{index}"] .poll-bar-value')).to_have_text(text)


@pytest.fixture(scope="module")
def room(browser, server):
    with Devices(browser) as devices:
        console = devices.new_page(viewport={"width": 1280, "height": 900})
        sign_in(console, server)
        asha = devices.new_page(viewport={"width": 1000, "height": 800})
        bilal = devices.new_page(**PHONE)
        join(asha, server, "Asha")
        join(bilal, server, "Bilal")
        projector = open_projector(devices, console, server)
        yield Room(server, console, asha, bilal, projector, devices.dialogs)


def test_obstacles_poll_answered_closed_and_revealed(room):
    console = room.console
    start_session(console, 5)
    for page in (room.asha, room.bilal):
        expect(page.locator("#session-label")).to_contain_text("Session 5")

    go_to_item(console, "s5-obstacles")
    panel = console.locator("#item-poll .poll-panel")
    expect(panel.locator(".poll-state")).to_have_text("Not opened yet")
    expect(panel.locator(".poll-options li")).to_have_count(len(OBSTACLES))
    # before it opens, participants see the item and that it will open here
    expect(room.asha.locator("#main .activity")).to_be_visible()

    panel.get_by_role("button", name="Open poll").click()
    expect(panel.locator(".poll-state")).to_have_text("Open")
    expect(panel.locator(".poll-n")).to_have_text("0 answers · 2 online")

    # Asha ticks three and is stopped at the fourth
    card = room.asha.locator("#main .poll-card")
    expect(card.locator(".poll-question")).to_contain_text("greatest obstacles")
    for label in (OBSTACLES[0], OBSTACLES[1], OBSTACLES[6]):
        card.get_by_label(label, exact=True).check()
    expect(card.locator(".poll-count")).to_have_text("3 of 3 chosen")
    fourth = card.get_by_label("Politicians", exact=True)
    expect(fourth).to_be_disabled()
    fourth.click(force=True)
    expect(fourth).not_to_be_checked()
    card.get_by_role("button", name="Send answer").click()
    expect(card.locator(".poll-status")).to_have_text("Sent ✓")
    expect(card.locator(".poll-yours")).to_have_text("Answer recorded — anonymous")
    expect(card.get_by_role("button", name="Change my answer")).to_have_count(0)

    # Bilal, on a phone, picks "something else" and says what
    phone = room.bilal
    card = phone.locator("#main .poll-card")
    choice_box = card.locator(".choice").first.bounding_box()
    assert choice_box["height"] >= 44
    other = card.get_by_label(OBSTACLES[8], exact=True)
    other_text = card.get_by_label("Please note what it is")
    expect(other_text).to_be_hidden()
    other.check()
    expect(other_text).to_be_focused()
    other_text.fill(OTHER_TEXT)
    expect(card.locator(".poll-counter")).to_have_text(f"{len(OTHER_TEXT)} / 280 characters")
    card.get_by_role("button", name="Send answer").click()
    expect(card.locator(".poll-status")).to_have_text("Sent ✓")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    # the facilitator sees the answers come in; the room does not, results are for later
    expect(panel.locator(".poll-n")).to_have_text("2 answers · 2 online")
    expect_bars(panel, {0: "1 · 50%", 3: "0 · 0%", 8: "1 · 50%"})
    expect(room.asha.locator(".poll-bars")).to_have_count(0)
    projected = room.projector.locator(".poll-projected .poll-question")
    expect(projected).to_contain_text("greatest obstacles")
    expect(room.projector.locator(".poll-bars")).to_have_count(0)

    panel.get_by_role("button", name="Close poll").click()
    expect(panel.locator(".poll-state")).to_have_text("Closed")
    for page in (room.asha, room.bilal):
        expect(page.locator("#main .poll-closed")).to_have_text("This poll is closed")
    panel.get_by_role("button", name="Reveal results").click()
    expect(panel.locator(".poll-state")).to_have_text("Results shown")

    expected = {0: "1 · 50%", 1: "1 · 50%", 2: "0 · 0%", 3: "0 · 0%", 6: "1 · 50%", 8: "1 · 50%"}
    for page in room.watchers:
        results = page.locator("#main .poll-results")
        expect(results.locator(".poll-bar")).to_have_count(len(OBSTACLES))
        expect_bars(results, expected)
        expect(results.locator(".poll-bar").nth(8).locator(".poll-bar-label")).to_have_text(OBSTACLES[8])
        others = results.locator(".poll-texts li")
        expect(others).to_have_count(1)
        expect(others).to_have_text(OTHER_TEXT)
        assert results.locator(".poll-texts b, .poll-texts img").count() == 0

    # the facilitator takes the text off the shared view; the count stays
    moderate = panel.locator("details.poll-moderate")
    moderate.locator("summary").click()
    row = moderate.locator("li", has_text=OTHER_TEXT)
    row.get_by_role("button", name="Hide").click()
    expect(row.get_by_role("button", name="Show again")).to_be_visible()
    expect(moderate.locator("summary")).to_have_text("Moderate texts · 1 hidden")
    for page in room.watchers:
        expect(page.locator("#main .poll-texts")).to_have_count(0)
        expect_bars(page.locator("#main .poll-results"), {8: "1 · 50%"})
    assert room.dialogs == []


def test_named_likert_quick_poll_with_live_results_and_a_changed_answer(room):
    console = room.console
    console.locator("#quick-form summary").click()
    form = console.locator("#quick-form form")
    form.get_by_label("Kind").select_option("likert")
    expect(form.get_by_label("Options, one per line")).to_be_hidden()
    form.get_by_label("Question").fill(QUICK_QUESTION)
    expect(form.get_by_label("Anonymous answers")).not_to_be_checked()
    expect(form.get_by_label("Show results live")).to_be_checked()
    form.get_by_role("button", name="Create and open").click()
    expect(form.locator(".poll-status")).to_have_text("The poll is open.")
    panel = console.locator("#quick-list .poll-panel").first
    expect(panel.locator(".poll-question")).to_have_text(QUICK_QUESTION)
    expect(panel.locator(".poll-state")).to_have_text("Open")

    # the current item (the revealed obstacles poll) comes first; the quick poll follows it,
    # under "Also open"
    page = room.asha
    card = page.locator("#main .also-open .poll-card.poll-quick")
    expect(card.locator(".poll-question")).to_have_text(QUICK_QUESTION)
    expect(page.locator("#main > .poll-card")).to_have_count(1)
    expect(page.locator("#main > .poll-card .poll-bars")).to_be_visible()
    expect(page.locator("#main > *").first).to_have_class("poll-card")

    card.get_by_label("Agree", exact=True).check()
    card.get_by_role("button", name="Send answer").click()
    expect(card.locator(".poll-status")).to_have_text("Sent ✓")
    expect(card.locator(".poll-yours .poll-answer")).to_have_text("Agree")
    expect_bars(card, {0: "0 · 0%", 1: "1 · 100%"})  # live results: everyone sees them
    expect_bars(room.bilal.locator("#main .poll-quick"), {1: "1 · 100%"})
    expect(panel.locator(".poll-n")).to_have_text("1 answer · 2 online")

    card.get_by_role("button", name="Change my answer").click()
    expect(card.get_by_label("Agree", exact=True)).to_be_checked()
    card.get_by_label("Strongly agree", exact=True).check()
    card.get_by_role("button", name="Send my new answer").click()
    expect(card.locator(".poll-yours .poll-answer")).to_have_text("Strongly agree")
    expect_bars(card, {0: "1 · 100%", 1: "0 · 0%"})
    expect(card.locator(".poll-mean")).to_contain_text("Average 1")
    expect_bars(room.projector.locator("#main .poll-quick"), {0: "1 · 100%", 1: "0 · 0%"})
    expect(panel.locator(".poll-n")).to_have_text("1 answer · 2 online")

    panel.get_by_role("button", name="Close poll").click()
    expect(card.locator(".poll-closed")).to_have_text("This poll is closed")
    expect(card.get_by_role("button", name="Change my answer")).to_have_count(0)
    card.get_by_role("button", name="Back to the session").click()
    expect(page.locator("#main .poll-quick")).to_have_count(0)
    expect(page.locator("#main > .poll-card")).to_have_count(1)
    assert room.dialogs == []
