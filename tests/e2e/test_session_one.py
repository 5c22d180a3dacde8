"""Session 1 as people live it, in a real Chromium: a facilitator drives from the console,
two participants (one on a phone-sized screen) follow, a projector mirrors the room, the
server is killed with SIGKILL and comes back while they watch.

The tests run in order on one room (module-scoped pages): each picks up where the last left.
"""
import re
from dataclasses import dataclass

import pytest
import serverproc
import yaml
from playwright.sync_api import Page, expect
from steps import PHONE, Devices, Dialogs, join, sign_in

pytestmark = pytest.mark.e2e

XSS_NAME = "<img src=x onerror=alert(1)>"


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
    devices: Devices
    titles: list[str]
    #: index into titles of the item on screen
    at: int = -1

    @property
    def dialogs(self) -> Dialogs:
        return self.devices.dialogs

    @property
    def current_title(self) -> str:
        return self.titles[self.at]

    def everyone_follows(self) -> None:
        for page in self.participants.values():
            expect(page.locator("#main .item-title")).to_have_text(self.current_title)
        expect(self.console.locator("#current .item-title")).to_have_text(self.current_title)


@pytest.fixture(scope="module")
def room(browser, server):
    with Devices(browser) as devices:
        console = devices.new_page(viewport={"width": 1280, "height": 800})
        sign_in(console, server)
        participants = {"Asha": devices.new_page(), "Bilal": devices.new_page(**PHONE)}
        for name, page in participants.items():
            join(page, server, name)
        yield Room(server, console, participants, devices, session_one_titles())


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


def test_a_name_with_markup_stays_text(room):
    page = room.devices.new_page()
    join(page, room.server, XSS_NAME)
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
        expect(page.locator("#connection")).to_have_text("Connection lost. Reconnecting…")
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
