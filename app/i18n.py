"""The one message catalogue: Python, templates and the browser code all read it.

Browser strings are listed here by a stable key, so `pybabel extract` finds them and the
page carries them translated (see templates/base.html and static/src/i18n.js).
"""
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _

RTL_LANGUAGES = {"ar", "fa", "he", "ur"}


def browser_messages() -> dict[str, str]:
    return {
        "status.connecting": _("Connecting…"),
        "status.online": _("Connected"),
        "status.offline": _("Reconnecting…"),
        "status.pending": _("Waiting for connection: %(count)s to send"),
        "waiting.title": _("Waiting for the facilitator to start"),
        "waiting.body": _("Keep this page open: it follows the session by itself."),
        "session.label": _("Session %(number)s"),
        "item.of": _("%(position)s of %(count)s"),
        "kind.slide": _("Slide"),
        "kind.poll": _("Poll"),
        "kind.board": _("Whiteboard"),
        "kind.breakout": _("Breakout"),
        "kind.evaluation": _("Evaluation"),
        "kind.assessment": _("Self-assessment"),
        "kind.prework": _("Preparation"),
        "kind.presentation": _("Team presentations"),
        "activity.soon": _("The facilitator will open this activity here."),
        "console.start": _("Start this session"),
        "console.resume": _("Resume this session"),
        "console.end": _("End session"),
        "console.end.confirm": _("End the session for everyone?"),
        "console.next": _("Next"),
        "console.back": _("Back"),
        "console.late": _("Running late by %(minutes)s min"),
        "console.ahead": _("Ahead by %(minutes)s min"),
        "console.ontime": _("On time"),
        "console.planned": _("planned %(minutes)s min"),
        "console.actual": _("actual %(minutes)s min"),
        "console.notes": _("Facilitator notes"),
        "console.notlive": _("No session is live. Pick a session and start it."),
        "roster.title": _("Participants"),
        "roster.online": _("%(online)s of %(total)s online"),
        "roster.empty": _("Nobody has joined yet."),
        "roster.cohosts": _("Co-facilitators"),
        "cohost.driving": _("The facilitator drives the session; you see what they see."),
        "error.generic": _("That did not work: %(message)s"),
        "error.unauthorized": _("Your link is no longer valid. Join again."),
        "join.failed": _("Could not join: %(message)s"),
        "join.offline": _("No connection. Check your network and try again."),
        "projector.join": _("Join at %(url)s with code"),
    }


def page_context() -> dict:
    locale = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    return {"locale": locale, "text_direction": "rtl" if locale in RTL_LANGUAGES else "ltr",
            "browser_messages": browser_messages()}
