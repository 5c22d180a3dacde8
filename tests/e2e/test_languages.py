"""Languages in a real Chromium: a participant on a phone picks Chinese, Russian or Arabic on
the join page; the choice stays on the device, the room page speaks it, and the (English)
course content keeps its own language and direction. Screenshots of both pages at 360x740
are left in test-results/ to look at.
"""
import re
from pathlib import Path

import pytest
import serverproc
from playwright.sync_api import expect
from steps import PHONE, Devices, open_projector, sign_in, start_session

pytestmark = pytest.mark.e2e

FIRST_SLIDE = "Online workshop – Session 1"
SHOTS = serverproc.ROOT / "test-results"
NAMES = ["English", "Français", "Español", "العربية", "中文 (简体)", "Русский"]
#: language → (page tag, direction, the join page's heading, the connected pill, "Session 1")
SPOKEN = {
    "zh": ("zh-Hans", "ltr", "加入研讨会", "已连接", "第 1 次课"),
    "ru": ("ru", "ltr", "Присоединиться к семинару", "Подключено", "Занятие 1"),
    "ar": ("ar", "rtl", "الانضمام إلى ورشة عمل", "متصل", None),
}


@pytest.fixture(scope="module")
def live(browser, server):
    with Devices(browser) as devices:
        console = devices.new_page(viewport={"width": 1280, "height": 800})
        sign_in(console, server)
        start_session(console, 1)
        yield devices, console


def shot(page, name: str) -> Path:
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


@pytest.mark.parametrize("language", list(SPOKEN))
def test_a_participant_picks_a_language_that_stays_on_the_device(live, server, language):
    tag, direction, heading, connected, session = SPOKEN[language]
    devices, _console = live
    page = devices.new_page(**PHONE)
    page.goto(f"{server.url}/join?code={server.room.code}")
    picker = page.get_by_label("Language")
    expect(picker.locator("option")).to_have_text(NAMES)
    picker.select_option(language)

    expect(page.locator("h1")).to_have_text(heading)
    expect(page.locator("html")).to_have_attribute("lang", tag)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.locator("#code")).to_have_value(server.room.code)  # the join link's code stays
    shot(page, f"join-{language}")

    page.locator("#name").fill(f"Reader {language}")
    page.locator("#join-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/r/{server.room.code}$"))
    expect(page.locator("#connection")).to_have_text(connected)
    expect(page.locator("header #language")).to_have_value(language)
    if session:
        expect(page.locator("#session-label")).to_contain_text(session)
    # the course is in English: its text says so, whatever the page's language and direction
    title = page.locator("#main .item-title")
    expect(title).to_have_text(FIRST_SLIDE)
    expect(title).to_have_attribute("lang", "en")
    expect(title).to_have_attribute("dir", "auto")
    assert title.evaluate("node => getComputedStyle(node).direction") == "ltr"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, f"participant-{language}")

    # remembered on this device: a new page opens in the same language
    again = page.context.new_page()
    again.goto(f"{server.url}/join")
    expect(again.locator("h1")).to_have_text(heading)
    again.close()

    # and changed back from the room page's header
    page.locator("header #language").select_option("en")
    expect(page.locator("#connection")).to_have_text("Connected")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")


def test_the_console_and_the_projector_offer_the_languages(live, server):
    devices, console = live
    expect(console.locator("header #language option")).to_have_text(NAMES)
    projector = open_projector(devices, console, server)
    projector.locator("#language").select_option("ru")
    expect(projector.locator("#connection")).to_have_text("Подключено")
    expect(projector.locator("#main .item-title")).to_have_text(FIRST_SLIDE)
    assert "key=" in projector.url  # the projector's key survives the reload
