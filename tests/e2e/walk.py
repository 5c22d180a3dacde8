"""Session 1 as a facilitator runs it, step by step, with the screens a person looks at: the
console at 1366×768, the projector at 1920×1080, a participant's phone at 360×740 and a
second participant on a laptop. `walk()` drives the room and yields at each stage, so the
cockpit test checks every stage and `make screenshots` photographs it
(tests/e2e/screenshots.py).
"""
import re
from collections.abc import Iterator
from dataclasses import dataclass

from playwright.sync_api import Page, expect
from steps import PHONE, Devices, go_to_item, join, open_projector, sign_in, start_session

BREAKOUT = "s1-ndp-sdgs"
BOARD = "s1-digital-value"
QUICK_QUESTION = "Is the pace right for you?"
NOTES = 30

CONSOLE = {"viewport": {"width": 1366, "height": 768}}
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}


@dataclass
class Screens:
    console: Page
    projector: Page
    phone: Page
    laptop: Page

    def named(self) -> dict[str, Page]:
        return {"console": self.console, "projector": self.projector, "phone": self.phone,
                "laptop": self.laptop}


def open_screens(devices: Devices, server) -> Screens:
    """The four screens, signed in and joined. `devices` must accept dialogs (Bring everyone
    back asks for a confirmation)."""
    console = devices.new_page(**CONSOLE)
    sign_in(console, server)
    projector = open_projector(devices, console, server)
    projector.set_viewport_size(PROJECTOR["viewport"])
    phone = devices.new_page(**PHONE)
    join(phone, server, "Asha")
    laptop = devices.new_page(**LAPTOP)
    join(laptop, server, "Bilal")
    return Screens(console, projector, phone, laptop)


def settle(screens: Screens) -> None:
    """Two animation frames on every screen: what the last event changed is drawn."""
    for page in screens.named().values():
        page.evaluate("() => new Promise((r) => "
                      "requestAnimationFrame(() => requestAnimationFrame(r)))")


def walk(screens: Screens) -> Iterator[str]:
    """Session 1 with a quick poll, a breakout and a board of 30 notes; yields each stage's name."""
    console, phone, laptop = screens.console, screens.phone, screens.laptop
    projector = screens.projector
    yield "01-before-the-start"

    start_session(console, 1)
    expect(phone.locator("#main .item-title")).to_be_visible()
    title = phone.locator("#main .item-title").inner_text()
    expect(phone.locator("#announce")).to_have_text(f"Now on screen: {title}")
    expect(phone.locator("#position")).to_have_text("Slide 1 of 43")
    yield "02-first-slide"

    console.locator("#quick-form summary").click()
    form = console.locator("#quick-form form")
    form.get_by_label("Kind").select_option("likert")
    form.get_by_label("Question").fill(QUICK_QUESTION)
    form.get_by_role("button", name="Create and open").click()
    card = phone.locator("#main .poll-quick")
    expect(card.locator(".poll-question")).to_have_text(QUICK_QUESTION)
    card.get_by_label("Agree", exact=True).check()
    card.get_by_role("button", name="Send answer").click()
    expect(card.locator(".poll-status")).to_have_text("Sent ✓")
    yield "03-quick-poll-open"

    console.locator("#drive").get_by_role("button", name="Next").click()
    open_now = console.locator("#open-now")
    expect(open_now).to_contain_text(QUICK_QUESTION)
    yield "04-moved-on-with-the-poll-open"

    open_now.get_by_role("button", name="Close").click()
    expect(open_now).to_be_hidden()
    expect(phone.locator("#main .poll-quick .poll-closed")).to_be_visible()
    yield "05-poll-closed-from-the-live-bar"

    go_to_item(console, BREAKOUT)
    panel = console.locator("#teams-panel")
    panel.get_by_text("New teams", exact=True).click()
    panel.get_by_label("Number", exact=True).fill("2")
    panel.get_by_role("button", name="Make teams").click()
    expect(panel.locator(".team-card")).to_have_count(2)
    yield "06-breakout-item"

    console.locator(".breakout-start").get_by_role("button", name="Start breakout").click()
    expect(phone.locator(".team-space")).to_be_visible()
    expect(console.locator("#live-timer .countdown-time")).to_have_text(re.compile(r"^1[45]:\d\d$"))
    team_board = phone.locator(".team-space .team-board .board")
    team_board.get_by_label("Your note", exact=True).fill("SDG 16: strong institutions")
    team_board.get_by_role("button", name="Post note").click()
    expect(team_board.locator(".note-text")).to_have_count(1)
    yield "07-breakout-running"

    console.locator("#live-timer").get_by_role("button", name="+5 min").click()
    console.locator("#live-timer").get_by_role("button", name="Bring everyone back").click()
    expect(phone.locator(".team-space")).to_have_count(0)
    yield "08-back-to-the-plenary"

    go_to_item(console, BOARD)
    console.get_by_role("button", name="Open the board").click()
    for n in range(NOTES):
        page = phone if n % 2 else laptop
        board = page.locator("#main .board")
        text = f"Idea {n + 1}: " + "shorter queues " * (n % 4 + 1)
        board.get_by_label("Your note", exact=True).fill(text)
        board.get_by_role("button", name="Post note").click()
        expect(board.locator(".board-status")).to_have_text("Sent ✓")
    expect(projector.locator("#main .note")).to_have_count(NOTES)
    yield "09-board-with-30-notes"

    voting = console.locator("#item-board .board").get_by_role("button", name="Voting")
    voting.focus()
    voting.press("Enter")
    expect(phone.locator("#main .board-phase")).to_contain_text("Voting")
    expect(voting).to_have_attribute("aria-pressed", "true")
    expect(voting).to_be_focused()  # the phase changed and the focus stayed where it was
    yield "10-board-voting"

    console.locator("#drive").get_by_role("button", name="Next").click()
    expect(console.locator("#open-now")).to_contain_text("Board:")
    yield "11-evaluation-with-the-board-open"
