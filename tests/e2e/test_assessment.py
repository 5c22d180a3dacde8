"""The capability self-assessment (DTCA) in a real Chromium: the facilitator opens it in
Session 1 with a due date; Amina, on a phone, answers half, reloads, finds her answers kept,
finishes and submits; Bilal answers a few; the console's completion table shows both; the
facilitator reveals; Amina sees the group's means beside her own and the projector shows the
chart.
"""
import re

import pytest
from playwright.sync_api import expect
from steps import PHONE, Devices, Dialogs, go_to_item, join, open_projector, sign_in, start_session

pytestmark = pytest.mark.e2e

DIMENSIONS = ["Leadership", "Strategy", "Governance", "Legal", "Technology",
              "Professional and Workforce Development"]
STATEMENTS = 5  # per dimension


def answer_dimension(card, label: str, count: int = STATEMENTS) -> None:
    """Give the same answer to the first `count` statements of the dimension on screen."""
    statements = card.locator("fieldset.assess-statement")
    expect(statements).to_have_count(STATEMENTS)
    for i in range(count):
        statements.nth(i).get_by_label(label, exact=True).check()


def bar(scope, dimension: int, series: str):
    return scope.locator(f'.assess-dim[data-dimension="{dimension}"] '
                         f'.assess-row[data-series="{series}"] .assess-value')


@pytest.fixture
def pages(browser, server):
    with Devices(browser, Dialogs(accept=True)) as devices:  # Reveal asks for a confirmation
        console = devices.new_page(viewport={"width": 1280, "height": 900})
        sign_in(console, server)
        amina = devices.new_page(**PHONE)
        bilal = devices.new_page(viewport={"width": 1000, "height": 800})
        join(amina, server, "Amina")
        join(bilal, server, "Bilal")
        projector = open_projector(devices, console, server)
        yield console, amina, bilal, projector, devices.dialogs


def test_assessment_opened_answered_resumed_submitted_and_revealed(pages, server):
    console, amina, bilal, projector, dialogs = pages
    start_session(console, 1)
    go_to_item(console, "s1-dtca")

    # the facilitator opens it with a due date, in the browser's own time zone
    panel = console.locator("#item-assessment .assess-panel")
    expect(panel.locator(".poll-state")).to_have_text("Not opened yet")
    expect(panel.locator(".assess-due-hint")).to_contain_text("at least 1 day before Session 2")
    panel.get_by_label("Due date (optional)").fill("2030-01-02T09:30")
    panel.get_by_role("button", name="Open the assessment").click()
    expect(panel.locator(".poll-state")).to_have_text("Open")
    expect(panel.locator(".assess-due")).to_contain_text("2030")
    expect(panel.locator(".assess-counts")).to_have_text(
        "0 submitted · 0 in progress · 2 not started")
    expect(projector.locator("#main .assess-projected .activity")).to_have_text(
        "Complete it on your device")

    # Amina, on a phone: the stage shows the questionnaire, "To do" counts it
    card = amina.locator("#main .assess-card")
    expect(card.locator(".assess-title")).to_contain_text("Capability Assessment")
    expect(card.locator(".assess-due")).to_contain_text("at least 1 day before Session 2")
    expect(amina.locator("#todo .todo-badge")).to_have_text("1")
    expect(card.locator(".assess-dimension h2")).to_have_text(DIMENSIONS[0])
    expect(card.get_by_role("button", name="Previous")).to_be_disabled()
    choice = card.locator(".choice").first.bounding_box()
    assert choice["height"] >= 44
    for d in range(3):  # the first half: strongly agree throughout
        answer_dimension(card, "Strongly agree")
        card.get_by_role("button", name="Next").click()
        expect(card.locator(".assess-dimension h2")).to_have_text(DIMENSIONS[d + 1])
        expect(card.locator(".assess-dimension h2")).to_be_focused()
    expect(card.locator(".assess-progress")).to_have_text("15 of 30 answered")
    expect(card.locator(".assess-save")).to_have_text("Saved ✓")
    expect(card.get_by_role("button", name="Submit")).to_be_hidden()
    assert amina.evaluate("document.documentElement.scrollWidth") <= 360

    amina.reload()
    card = amina.locator("#main .assess-card")
    expect(card.locator(".assess-progress")).to_have_text("15 of 30 answered")
    expect(card.locator(".assess-dimension h2")).to_have_text(DIMENSIONS[3])  # where she left off
    card.get_by_role("button", name="Previous").click()
    expect(card.locator(".assess-dimension h2")).to_have_text(DIMENSIONS[2])
    first = card.locator("fieldset.assess-statement").first
    expect(first.get_by_label("Strongly agree", exact=True)).to_be_checked()
    card.get_by_role("button", name="Next").click()
    for d in range(3, 6):  # the second half: disagree throughout
        answer_dimension(card, "Disagree")
        if d < 5:
            card.get_by_role("button", name="Next").click()
    expect(card.locator(".assess-progress")).to_have_text("30 of 30 answered")
    card.get_by_role("button", name="Submit").click()
    expect(card.locator(".assess-banner")).to_have_text(
        "Submitted — you can still change answers until the facilitator closes it.")
    expect(amina.locator("#todo .todo-badge")).to_be_hidden()

    # Bilal answers a few and stops
    other = bilal.locator("#main .assess-card")
    answer_dimension(other, "Agree", count=3)
    expect(other.locator(".assess-progress")).to_have_text("3 of 30 answered")
    expect(other.locator(".assess-save")).to_have_text("Saved ✓")

    # the console: who is done, who is on the way
    expect(panel.locator(".assess-counts")).to_have_text(
        "1 submitted · 1 in progress · 0 not started")
    table = panel.locator("table.assess-completion")
    expect(table.locator("tr", has_text="Amina").locator("td")).to_have_text("✓ Submitted")
    expect(table.locator("tr", has_text="Bilal").locator("td")).to_have_text("… In progress")
    expect(bar(panel, 0, "group")).to_have_text("5.0")
    csv = panel.get_by_role("link", name="CSV")
    response = console.request.get(f"{server.url}{csv.get_attribute('href')}")
    assert response.ok and "Leadership" in response.text()

    # teams made now: the results show each team's means beside the group's
    teams = console.locator("#teams-panel")
    teams.get_by_text("New teams", exact=True).click()
    teams.get_by_label("Number", exact=True).fill("2")
    teams.get_by_role("button", name="Make teams").click()
    expect(teams.locator(".team-card")).to_have_count(2)
    expect(panel.locator(".assess-teams thead th")).to_have_text(
        ["Dimension", re.compile(r"^Team 1 \([01]\)$"), re.compile(r"^Team 2 \([01]\)$")])
    # Amina's team has her means (5.0 for three dimensions, 2.0 for three), the other none
    expect(panel.locator(".assess-teams tbody td", has_text="5.0")).to_have_count(3)
    expect(panel.locator(".assess-teams tbody td", has_text="2.0")).to_have_count(3)

    panel.get_by_role("button", name="Reveal results").click()
    expect(panel.locator(".poll-state")).to_have_text("Results shown")
    assert dialogs == ["confirm: Reveal the results to everyone? This closes the assessment."]

    # Amina sees the group beside her own means; Bilal, who did not submit, the group only
    results = amina.locator("#main .assess-results")
    for d, value in [(0, "5.0"), (2, "5.0"), (3, "2.0"), (5, "2.0")]:
        expect(bar(results, d, "group")).to_have_text(value)
        expect(bar(results, d, "you")).to_have_text(value)
    expect(results.locator(".sr-only table.assess-table tbody tr")).to_have_count(len(DIMENSIONS))
    assert amina.evaluate("document.documentElement.scrollWidth") <= 360
    expect(results.locator(".sr-only table.assess-table thead th")).to_have_text(
        ["Dimension", "Group", "You"])
    expect(bar(bilal.locator("#main .assess-results"), 0, "group")).to_have_text("5.0")
    expect(bar(bilal.locator("#main .assess-results"), 0, "you")).to_have_text("4.0")

    # the projector shows the group's chart
    chart = projector.locator("#main .assess-projected .assess-chart")
    expect(chart.locator(".assess-dim")).to_have_count(len(DIMENSIONS))
    expect(bar(chart, 3, "group")).to_have_text("2.0")
    expect(chart.locator('[data-series="you"]')).to_have_count(0)
