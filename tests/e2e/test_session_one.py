"""Session 1 as people live it, in a real Chromium: a facilitator drives from the console,
two participants (one on a phone-sized screen) follow, a projector mirrors the room, the
server is killed with SIGKILL and comes back while they watch.

The tests run in order on one room (module-scoped pages): each picks up where the last left.
"""
import re
from dataclasses import dataclass, field

import pytest
import serverproc
import yaml
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
XSS_NAME = "<img src=x onerror=alert(1)>"


class Dialogs(list):
    """Every alert/confirm/prompt any watched page opened (each is dismissed)."""

    def watch(self, page):
        page.on("dialog", self._record)
        return page

    def _record(self, dialog):
        self.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


def session_one_titles() -> list[str]:
    course = yaml.safe_load((serverproc.ROOT / "sessions" / "online-course.yaml").read_text())
    items = course["sessions"][0]["items"]
    assert [i["kind"] for i in items[:5]] == ["slide"] * 5
    return [i["title"] for i in items]


@dataclass
class Room:
    server: serverproc.ServerProcess
    console: Page
    participants: dict[str, Page]
    dialogs: Dialogs
    titles: list[str]
    #: index into titles of the item on screen
    at: int = -1
    contexts: list = field(default_factory=list)

    @property
    def current_title(self) -> str:
        return self.titles[self.at]

    def everyone_follows(self) -> None:
        for page in self.participants.values():
            expect(page.locator("#main .item-title")).to_have_text(self.current_title)
        expect(self.console.locator("#current .item-title")).to_have_text(self.current_title)


def join(page: Page, url: str, code: str, name: str) -> None:
    page.goto(f"{url}/join?code={code}")
    expect(page.locator("#code")).to_have_value(code)
    page.locator("#name").fill(name)
    page.get_by_role("button", name="Join").click()
    expect(page).to_have_url(re.compile(rf"/r/{code}$"))
    expect(page.locator("#connection")).to_have_text("Connected")


@pytest.fixture(scope="module")
def room(browser, server):
    dialogs = Dialogs()
    contexts = []

    def new_page(**options) -> Page:
        context = browser.new_context(**options)
        contexts.append(context)
        return dialogs.watch(context.new_page())

    try:
        console = new_page(viewport={"width": 1280, "height": 800})
        console.goto(f"{server.url}/signin?next=/facilitate/{server.room.id}")
        console.locator("#email").fill(serverproc.FACILITATOR_EMAIL)
        console.locator("#password").fill(serverproc.FACILITATOR_PASSWORD)
        console.get_by_role("button", name="Sign in").click()
        expect(console).to_have_url(f"{server.url}/facilitate/{server.room.id}")
        expect(console.locator("#connection")).to_have_text("Connected")

        participants = {"Asha": new_page(), "Bilal": new_page(**PHONE)}
        for name, page in participants.items():
            join(page, server.url, server.room.code, name)
        yield Room(server, console, participants, dialogs, session_one_titles(),
                   contexts=contexts)
    finally:
        for context in contexts:
            context.close()


def test_participants_wait_then_follow_the_facilitator(room):
    for name, page in room.participants.items():
        expect(page.locator(".waiting")).to_contain_text("Waiting for the facilitator to start")
        expect(page.locator("#me")).to_have_text(name)
    expect(room.console.locator("#current")).to_contain_text("No session is live")

    room.console.get_by_role("button", name="Start this session").click()
    room.at = 0
    room.everyone_follows()

    room.console.locator("#drive").get_by_role("button", name="Next").click()
    room.at = 1
    room.everyone_follows()

    room.console.keyboard.press("ArrowRight")
    room.at = 2
    room.everyone_follows()
    expect(room.console.locator("#agenda li.current")).to_contain_text(room.current_title)
    phone = room.participants["Bilal"]
    expect(phone.locator("#session-label")).to_contain_text("Session 1")
    # the phone shows the slide without sideways scrolling
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_roster_shows_both_online(room):
    roster = room.console.locator("#roster li")
    expect(roster).to_have_count(2)
    for name in room.participants:
        expect(roster.filter(has_text=name)).to_have_class(re.compile(r"\bonline\b"))
    expect(room.console.locator("#roster-count")).to_have_text("2 of 2 online")


def test_reload_keeps_the_same_participant(room):
    page = room.participants["Asha"]
    page.reload()
    expect(page).to_have_url(re.compile(rf"/r/{room.server.room.code}$"))
    expect(page.locator("#connection")).to_have_text("Connected")
    expect(page.locator("#me")).to_have_text("Asha")
    expect(page.locator("#main .item-title")).to_have_text(room.current_title)
    roster = room.console.locator("#roster li")
    expect(roster).to_have_count(2)
    expect(roster.filter(has_text="Asha")).to_have_count(1)
    expect(room.console.locator("#roster-count")).to_have_text("2 of 2 online")


def test_projector_link_shows_the_current_slide(room):
    console = room.console
    console.locator("details.links summary").click()
    link = console.get_by_role("link", name="Open the projector view")
    expect(link).to_be_visible()
    with console.context.expect_page() as opened:
        link.click()
    projector = room.dialogs.watch(opened.value)
    expect(projector).to_have_url(re.compile(rf"/projector/{room.server.room.id}\?key="))
    expect(projector.locator("#main .item-title")).to_have_text(room.current_title)
    expect(projector.locator(".join-footer")).to_contain_text(room.server.room.code)
    room.participants["projector"] = projector  # it follows from now on, like the others


def test_a_name_with_markup_stays_text(room, browser):
    context = browser.new_context()
    room.contexts.append(context)
    page = room.dialogs.watch(context.new_page())
    join(page, room.server.url, room.server.room.code, XSS_NAME)
    expect(page.locator("#me")).to_have_text(XSS_NAME)
    expect(page.locator("#main .item-title")).to_have_text(room.current_title)
    roster = room.console.locator("#roster li")
    expect(roster).to_have_count(3)
    expect(roster.filter(has_text=XSS_NAME)).to_have_count(1)
    expect(room.console.locator("#roster-count")).to_have_text("3 of 3 online")
    assert room.console.locator("#roster img").count() == 0
    assert page.locator("header img").count() == 0
    page.wait_for_timeout(300)  # an onerror handler would have fired by now
    assert room.dialogs == []


def test_participants_reconnect_after_kill_9(room):
    watcher = room.participants["Asha"]
    room.server.kill()
    for page in [watcher, room.console]:
        expect(page.locator("#connection")).to_have_text("Reconnecting…")
        expect(page.locator("#connection")).to_have_attribute("data-status", "offline")
    expect(watcher.locator("#main .item-title")).to_have_text(room.current_title)

    room.server.start()
    for page in [*room.participants.values(), room.console]:
        expect(page.locator("#connection")).to_have_text("Connected", timeout=20_000)
    room.everyone_follows()

    room.console.locator("#drive").get_by_role("button", name="Next").click()
    room.at = 3
    room.everyone_follows()
    expect(room.console.locator("#roster-count")).to_have_text("3 of 3 online")
    assert room.dialogs == []
