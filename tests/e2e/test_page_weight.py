"""A participant on a phone and a weak link, measured by Chromium itself (its DevTools
protocol): what the first visit and a later one transfer, how long opening the join link,
joining and seeing the first slide takes on emulated 3G, and what the page shows when the
connection dies without a close.
"""
import os
import signal
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from steps import PHONE, Devices, go_to_item, sign_in, start_session

pytestmark = pytest.mark.e2e

FIRST_SLIDE = "Online workshop – Session 1"
FIRST_LOAD_BUDGET = 60 * 1024
LATER_VISIT_BUDGET = 10 * 1024
#: emulated 3G: 300 ms of latency, 400 kbit/s each way (bytes per second)
THREE_G = {"offline": False, "latency": 300, "downloadThroughput": 400_000 / 8,
           "uploadThroughput": 400_000 / 8}


class Transfers:
    """Bytes Chromium received per request (headers and body, as sent on the wire, zero when
    served from its cache), from Network.loadingFinished."""

    def __init__(self, page):
        self.cdp = page.context.new_cdp_session(page)
        self.urls: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        self.cdp.on("Network.requestWillBeSent",
                    lambda e: self.urls.setdefault(e["requestId"], e["request"]["url"]))
        self.cdp.on("Network.loadingFinished",
                    lambda e: self.sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
        self.cdp.send("Network.enable")

    def reset(self) -> None:
        self.urls.clear()
        self.sizes.clear()

    def page_bytes(self) -> list[tuple[str, int]]:
        """Everything but the live Socket.IO traffic: pages, scripts, style, catalogue, API;
        one entry per request (a file both pages use shows twice, the second time 0)."""
        return [(urlsplit(self.urls[r]).path, size) for r, size in self.sizes.items()
                if r in self.urls and "/socket.io/" not in self.urls[r]]


def total(transfers: list[tuple[str, int]]) -> int:
    return sum(size for _path, size in transfers)


def join_and_see_first_slide(page, server, name: str) -> None:
    page.goto(f"{server.url}/join?code={server.room.code}")
    page.locator("#name").fill(name)
    page.get_by_role("button", name="Join").click()
    expect(page.locator("#main .item-title")).to_have_text(FIRST_SLIDE)


@pytest.fixture(scope="module")
def live(browser, server):
    """Session 1 is live: a participant who joins sees its first slide."""
    with Devices(browser) as devices:
        console = devices.new_page(viewport={"width": 1280, "height": 800})
        sign_in(console, server)
        start_session(console, 1)
        expect(console.locator("#current .item-title")).to_have_text(FIRST_SLIDE)
        yield devices, console


@pytest.fixture
def phone(live):
    """A phone that never visited the server: a browser context of its own."""
    devices, _console = live
    return devices.new_page(**PHONE)


def test_first_load_and_later_visit_fit_the_budget(phone, live, server):
    page = phone
    transfers = Transfers(page)
    join_and_see_first_slide(page, server, "Amina")
    first = transfers.page_bytes()
    print(f"first load: {total(first)} bytes", first)
    for prefix in ("/static/dist/participant-", "/static/dist/app-", "/messages/"):
        assert any(path.startswith(prefix) and size for path, size in first), prefix
    assert total(first) <= FIRST_LOAD_BUDGET, first

    transfers.reset()
    page.goto(f"{server.url}/r/{server.room.code}")
    expect(page.locator("#main .item-title")).to_have_text(FIRST_SLIDE)
    later = transfers.page_bytes()
    print(f"later visit: {total(later)} bytes", later)
    assert total(later) <= LATER_VISIT_BUDGET, later


def test_join_link_to_first_slide_within_3_seconds_on_3g(phone, live, server):
    page = phone
    transfers = Transfers(page)
    transfers.cdp.send("Network.emulateNetworkConditions", THREE_G)
    started = time.monotonic()
    join_and_see_first_slide(page, server, "Dmitri")
    took = time.monotonic() - started
    print(f"3G: join link to first slide in {took:.2f} s")
    assert took <= 3.0


def test_a_silent_drop_shows_a_banner_and_the_waiting_note(live, server):
    """The server stops answering without closing anything (SIGSTOP: no FIN, no close
    frame): within ping interval + timeout the page says so, and a note posted meanwhile
    shows on the board as waiting until the connection is back."""
    devices, console = live
    page = devices.new_page(**PHONE)
    join_and_see_first_slide(page, server, "Lin")
    start_session(console, 4)
    go_to_item(console, "s4-mistakes-risks")
    console.get_by_role("button", name="Open the board").click()
    board = page.locator("#main .board")
    expect(board.locator(".lane-title")).to_have_text(["Yes", "No"])

    os.kill(server.proc.pid, signal.SIGSTOP)
    try:
        stopped = time.monotonic()
        page.locator('#connection[data-status="offline"]').wait_for(timeout=20_000)
        noticed = time.monotonic() - stopped
        print(f"silent drop noticed after {noticed:.1f} s")
        assert noticed <= 15.5
        banner = page.locator("#connection")
        expect(banner).to_have_text("Connection lost. Reconnecting…")
        box = banner.bounding_box()
        assert box["y"] == 0 and box["width"] == 360  # across the top of the phone

        board.get_by_label("Your note", exact=True).fill("Pilot with one ministry first")
        board.get_by_label("Column", exact=True).select_option(label="Yes")
        board.get_by_role("button", name="Post note").click()
        waiting = board.locator(".board-lane").nth(0).locator(".note.pending")
        expect(waiting.locator(".note-text")).to_have_text("Pilot with one ministry first")
        expect(waiting.locator(".note-meta")).to_have_text("Waiting to be sent")
        expect(page.locator("#outbox")).to_have_text("Waiting for connection: 1 to send")
    finally:
        os.kill(server.proc.pid, signal.SIGCONT)

    expect(page.locator("#connection")).to_have_text("Connected", timeout=20_000)
    posted = board.locator(".board-lane").nth(0).locator(".note")
    expect(posted.locator(".note-text")).to_have_text(["Pilot with one ministry first"])
    expect(board.locator(".note.pending")).to_have_count(0)
    expect(console.locator("#item-board .note-text")).to_have_text(
        ["Pilot with one ministry first"])
