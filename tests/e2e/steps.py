"""Steps the browser tests share: a page per person, the facilitator's sign-in, a participant's
join, the projector, starting a session and going to an agenda item.

A module of its own, not conftest.py: pytest loads conftest files as plugins, and `import
conftest` from a test module gets whichever conftest came first on sys.path.
"""
import re
from urllib.parse import urlsplit

import serverproc
from playwright.sync_api import Page, expect

#: a participant on a phone: narrow, touch, and the room must fit without sideways scrolling
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}


class Dialogs(list):
    """Every alert/confirm/prompt any watched page opened, as "type: message". Each is
    dismissed, or accepted with accept=True, for a test whose clicks ask for a confirmation."""

    def __init__(self, accept: bool = False):
        super().__init__()
        self.accept = accept

    def watch(self, page):
        page.on("dialog", self._record)
        return page

    def _record(self, dialog):
        self.append(f"{dialog.type}: {dialog.message}")
        if self.accept:
            dialog.accept()
        else:
            dialog.dismiss()


class Devices:
    """Pages in browser contexts of their own (cookies, storage), as different people on
    different devices have, their dialogs recorded; leaving the `with` block closes them all."""

    def __init__(self, browser, dialogs: Dialogs | None = None):
        self.browser = browser
        self.dialogs = Dialogs() if dialogs is None else dialogs
        self.contexts = []

    def new_page(self, **options) -> Page:
        context = self.browser.new_context(**options)
        self.contexts.append(context)
        return self.dialogs.watch(context.new_page())

    def pages(self) -> list[Page]:
        """Every page still open, also those a link opened in a new tab."""
        return [page for context in self.contexts for page in context.pages if not page.is_closed()]

    def __enter__(self):
        OPEN_DEVICES.append(self)
        return self

    def __exit__(self, kind, *exc):
        OPEN_DEVICES.remove(self)
        try:
            if kind is None:  # a test's own devices: the state it ends in, checked before closing
                assert_accessible(self)
        finally:
            for context in self.contexts:
                context.close()


def sign_in(console: Page, server) -> None:
    """The facilitator signs in and lands on the room's console, connected."""
    console.goto(f"{server.url}/signin?next=/facilitate/{server.room.id}")
    console.locator("#email").fill(serverproc.FACILITATOR_EMAIL)
    console.locator("#password").fill(serverproc.FACILITATOR_PASSWORD)
    console.get_by_role("button", name="Sign in").click()
    expect(console).to_have_url(f"{server.url}/facilitate/{server.room.id}")
    expect(console.locator("#connection")).to_have_text("Connected")


def join(page: Page, server, name: str) -> None:
    """A participant follows the room's join link (the code filled in), gives a name, and is
    in the room, connected."""
    code = server.room.code
    page.goto(f"{server.url}/join?code={code}")
    expect(page.locator("#code")).to_have_value(code)
    page.locator("#name").fill(name)
    page.get_by_role("button", name="Join").click()
    expect(page).to_have_url(re.compile(rf"/r/{code}$"))
    expect(page.locator("#connection")).to_have_text("Connected")


def open_projector(devices: Devices, console: Page, server) -> Page:
    """The projector view on a screen of its own, through the console's link (with its key)."""
    link = console.get_by_role("link", name="Open the projector view", include_hidden=True)
    href = urlsplit(link.get_attribute("href"))
    projector = devices.new_page(viewport={"width": 1280, "height": 720})
    projector.goto(f"{server.url}{href.path}?{href.query}")
    expect(projector.locator("#connection")).to_have_text("Connected")
    return projector


def start_session(console: Page, number: int) -> None:
    """The facilitator picks Session `number` in the console and starts it."""
    option = console.locator("#session-picker option", has_text=f"Session {number} ·")
    console.locator("#session-picker").select_option(option.get_attribute("value"))
    console.get_by_role("button", name="Start this session").click()


def go_to_item(console: Page, key: str) -> None:
    """The facilitator jumps to the agenda item with this course key; the agenda marks it."""
    agenda_item = console.locator(f'#agenda li[data-key="{key}"]')
    agenda_item.get_by_role("button").click()
    expect(agenda_item).to_have_class(re.compile(r"\bcurrent\b"))


#: axe-core from npm (package.json), evaluated in the page (the page's CSP forbids inline scripts)
AXE = serverproc.ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: every Devices still open, for the accessibility check after each browser test
OPEN_DEVICES: list["Devices"] = []


def serious_violations(page: Page) -> list[str]:
    """What axe-core finds critical or serious on the page as it is now, one line per rule."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text())
    found = page.evaluate("""async () => {
        const { violations } = await axe.run(document, { resultTypes: ["violations"] });
        return violations.filter((v) => ["critical", "serious"].includes(v.impact))
            .map((v) => `${v.id} (${v.impact}): `
                + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
    }""")
    return [f"{page.url}: {line}" for line in found]


def assert_accessible(*devices: Devices) -> None:
    """axe-core on every open page of these devices: nothing critical or serious."""
    found = [line for each in devices for page in each.pages() for line in serious_violations(page)]
    assert not found, "\n".join(found)
