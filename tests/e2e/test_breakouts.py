"""A breakout in a real Chromium: the facilitator makes two teams and gives one to a
co-facilitator, starts the Session 1 breakout, the two participants land in different teams,
one asks for help, the co-facilitator picks it up and resolves it, the facilitator sends a
message to all teams and brings everyone back to the plenary.

The tests run in order on one room (module-scoped pages): each picks up where the last left.
"""
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect
from steps import PHONE, Devices, Dialogs, go_to_item, join, sign_in, start_session

pytestmark = pytest.mark.e2e

BREAKOUT = "s1-ndp-sdgs"
TITLE = "How does your National Development Plan relate to UN Sustainable Development Goals?"


@dataclass
class Room:
    console: Page
    cohost: Page
    asha: Page
    bilal: Page


@pytest.fixture(scope="module")
def room(browser, server):
    with Devices(browser, Dialogs(accept=True)) as devices:
        console = devices.new_page(viewport={"width": 1400, "height": 900})
        sign_in(console, server)
        asha, bilal = devices.new_page(), devices.new_page(**PHONE)
        join(asha, server, "Asha")
        join(bilal, server, "Bilal")
        invite = console.get_by_label("Co-facilitator invitation").input_value()
        cohost = devices.new_page(viewport={"width": 1400, "height": 900})
        cohost.goto(invite)
        cohost.locator("#cohost-name").fill("Cody")
        cohost.get_by_role("button", name="Accept the invitation").click()
        expect(cohost.locator("#connection")).to_have_text("Connected")
        start_session(console, 1)
        go_to_item(console, BREAKOUT)
        yield Room(console, cohost, asha, bilal)


def card_of(page: Page, name: str):
    return page.locator(".team-card", has=page.locator(".member-name", has_text=name))


def test_teams_are_made_and_one_is_given_to_the_cofacilitator(room):
    panel = room.console.locator("#teams-panel")
    panel.get_by_text("New teams", exact=True).click()
    panel.get_by_label("Number", exact=True).fill("2")
    panel.get_by_role("button", name="Make teams").click()
    expect(panel.locator(".team-card")).to_have_count(2)
    card_of(room.console, "Asha").get_by_label("Cody").check()
    # the co-facilitator's console shows the team given to them, and only that one
    expect(room.cohost.locator("#teams-panel .team-card")).to_have_count(1)
    expect(card_of(room.cohost, "Asha")).to_be_visible()
    expect(room.asha.locator("#team")).to_have_text(re.compile(r"^Team [12]$"))


def test_the_breakout_puts_each_participant_in_their_team_space(room):
    form = room.console.locator(".breakout-start")
    expect(form.get_by_label("Minutes")).to_have_value("15")
    expect(form.get_by_label("Task")).to_have_value(re.compile("select some SDGs"))
    form.get_by_role("button", name="Start breakout").click()
    names = []
    for page in (room.asha, room.bilal):
        space = page.locator(".team-space")
        expect(space).to_be_visible()
        expect(space.locator(".breakout-task")).to_contain_text("select some SDGs")
        expect(space.locator(".countdown-time")).to_have_text(re.compile(r"^1[45]:\d\d$"))
        names.append(space.locator(".team-name").inner_text())
    assert sorted(names) == ["Team 1", "Team 2"]
    expect(room.asha.locator(".team-members")).to_contain_text("Asha")
    expect(room.asha.locator(".team-members")).not_to_contain_text("Bilal")


def test_each_team_writes_on_its_own_board_in_the_team_space(room):
    board = room.asha.locator(".team-space .team-board .board")
    expect(board).to_be_visible()
    board.get_by_label("Your note", exact=True).fill("Asha's team idea")
    board.get_by_role("button", name="Post note").click()
    expect(board.locator(".note-text")).to_have_text(["Asha's team idea"])
    # Bilal's team has a board of its own, without it; the co-facilitator of Asha's team
    # sees the note in the console
    expect(room.bilal.locator(".team-space .team-board .board")).to_be_visible()
    expect(room.bilal.locator(".team-space .team-board .note")).to_have_count(0)
    expect(room.cohost.locator(".note-text", has_text="Asha's team idea")).to_be_visible()


def test_a_help_call_reaches_the_cofacilitator_who_answers_it(room):
    room.asha.get_by_role("button", name="Ask for help").click()
    expect(room.asha.locator(".help-state")).to_contain_text("Asha asked for help")
    request = room.cohost.locator("#help-panel .help-request")
    expect(request).to_contain_text("Asha asked for help")
    expect(room.console.locator("#help-panel .help-request")).to_have_count(1)
    expect(room.bilal.locator(".help-state")).to_have_count(0)

    request.get_by_role("button", name="Pick up").click()
    expect(room.asha.locator(".help-state")).to_contain_text("Cody is on the way")
    expect(room.console.locator("#help-panel")).to_contain_text("Cody is on it")
    room.cohost.locator("#help-panel .help-request").get_by_role("button", name="Resolved").click()
    expect(room.cohost.locator("#help-panel .help-request")).to_have_count(0)
    expect(room.asha.locator(".help-state")).to_have_count(0)
    expect(room.asha.get_by_role("button", name="Ask for help")).to_be_visible()


def test_the_facilitator_visits_a_team_and_messages_all_teams(room):
    card_of(room.console, "Bilal").get_by_role("button", name=re.compile("^Visit")).click()
    expect(room.console.locator(".team-visit .team-members")).to_contain_text("Bilal")
    room.console.get_by_label("Message to all teams").fill("5 minutes left")
    room.console.locator(".breakout-broadcast").get_by_role("button", name="Send").click()
    for page in (room.asha, room.bilal):
        expect(page.locator(".team-space .breakout-message")).to_have_text(
            "From the facilitator: 5 minutes left")


def test_closing_brings_everyone_back_to_the_plenary(room):
    room.console.get_by_role("button", name="Bring everyone back").click()
    for page in (room.asha, room.bilal):
        expect(page.locator(".team-space")).to_have_count(0)
        expect(page.locator("#main .item-title")).to_have_text(TITLE)
    expect(room.console.locator(".breakout-start")).to_be_visible()


def test_people_are_moved_by_dragging_or_from_the_keyboard(room):
    asha_team = room.asha.locator("#team").inner_text()
    bilal = room.console.locator(".team-card li.member", has_text="Bilal")
    bilal.drag_to(card_of(room.console, "Asha"))
    expect(room.bilal.locator("#team")).to_have_text(asha_team)
    expect(card_of(room.console, "Asha").locator(".member-name")).to_have_count(2)
    # his page now holds his new team's board, with the note written there
    expect(room.bilal.locator("#main .note-text")).to_have_text(["Asha's team idea"])

    menu = room.console.get_by_label("Move Bilal to another team")
    menu.focus()
    menu.select_option(label="Team 2" if asha_team == "Team 1" else "Team 1")
    expect(room.bilal.locator("#team")).not_to_have_text(asha_team)
    expect(room.console.locator(".team-card .member-name")).to_have_count(2)
    expect(room.bilal.locator("#main .note-text")).to_have_count(0)


def test_new_teams_leave_nothing_of_the_old_ones_on_a_page(room):
    expect(room.asha.locator("#main .note-text")).to_have_text(["Asha's team idea"])
    panel = room.console.locator("#teams-panel")
    number = panel.get_by_label("Number", exact=True)
    if not number.is_visible():  # the form folds away once used
        panel.get_by_text("New teams", exact=True).click()
    number.fill("2")
    panel.get_by_role("button", name="Make teams").click()
    expect(room.asha.locator("#main .note-text")).to_have_count(0)
