"""The facilitator's cockpit through Session 1 with a quick poll, a breakout and a board of
30 notes (tests/e2e/walk.py), checked at every stage: the live bar's controls are in the first
viewport of a 1366×768 console wherever the page is scrolled, the 1920×1080 projector never
scrolls nor clips, no control on the participants' pages is under 44×44 px, each screen has one
h1 and no empty heading, and axe-core finds nothing critical or serious on any screen.
"""
import pytest
from steps import Devices, Dialogs, assert_accessible
from walk import open_screens, settle, walk

pytestmark = pytest.mark.e2e

#: the live bar's controls outside the viewport, after scrolling to the top and to the bottom
LIVE_BAR_OUTSIDE = """() => {
  const outside = [];
  for (const y of [0, document.documentElement.scrollHeight]) {
    window.scrollTo(0, y);
    for (const button of document.querySelectorAll("#live-bar button")) {
      const r = button.getBoundingClientRect();
      if (!r.width) continue;
      if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) {
        outside.push(`${button.textContent} at ${Math.round(r.top)} (scrolled to ${y})`);
      }
    }
  }
  window.scrollTo(0, 0);
  return outside;
}"""

#: how far the projector would need to scroll, or what it clips
PROJECTOR_OVERFLOW = """() => {
  const page = document.documentElement;
  const main = document.querySelector("#main");
  return { page: page.scrollHeight - innerHeight, wide: page.scrollWidth - innerWidth,
           main: main.scrollHeight - main.clientHeight };
}"""

#: how many h1 the page shows, and its headings with no words
HEADINGS = """() => {
  const shown = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
    .filter((h) => !h.closest("[hidden]"));
  return { h1: shown.filter((h) => h.tagName === "H1").length,
           empty: shown.filter((h) => !h.textContent.trim()).map((h) => h.outerHTML) };
}"""

#: visible controls under 44×44 px (a checkbox or radio counts by the label around it)
SMALL_CONTROLS = """() => {
  const small = [];
  const controls = document.querySelectorAll(
    "button, select, textarea, summary, a[href], input:not([type=hidden])");
  for (const control of controls) {
    if (control.closest(".item-body, .sr-only, [hidden]")) continue; // links inside slide text
    const boxed = ["checkbox", "radio"].includes(control.type);
    const target = boxed ? control.closest("label") || control : control;
    const r = target.getBoundingClientRect();
    if (!r.width || !r.height || r.right <= 0 || r.bottom <= 0) continue; // off screen (skip link)
    if (r.width < 43.5 || r.height < 43.5) {
      const name = (control.textContent || control.getAttribute("aria-label") || "").trim();
      small.push(`${control.tagName} "${name}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
  }
  return small;
}"""


def test_session_one_is_driven_from_the_live_bar(browser, server):
    with Devices(browser, Dialogs(accept=True)) as devices:
        screens = open_screens(devices, server)
        stages = []
        for stage in walk(screens):
            settle(screens)
            stages.append(stage)
            outside = screens.console.evaluate(LIVE_BAR_OUTSIDE)
            assert outside == [], (stage, outside)
            overflow = screens.projector.evaluate(PROJECTOR_OVERFLOW)
            assert max(overflow.values()) <= 1, (stage, overflow)
            for page in (screens.phone, screens.laptop):
                small = page.evaluate(SMALL_CONTROLS)
                assert small == [], (stage, page.viewport_size, small)
            for name, page in screens.named().items():
                assert page.evaluate(HEADINGS) == {"h1": 1, "empty": []}, (stage, name)
            assert_accessible(devices)
        assert len(stages) == 11
        # the board stage had its 30 notes on a projector that did not scroll
        assert "09-board-with-30-notes" in stages
