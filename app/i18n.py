"""The one message catalogue: Python, templates and the browser code all read it.

Browser strings are listed here by a stable key, so `pybabel extract` finds them. The browser
gets them as a small script per language whose URL carries a hash of its content
(`/messages/<locale>-<hash>.js`), so it is downloaded once and then kept for a year, instead
of riding along inside every page (see templates/base.html and static/src/i18n.js).
"""
import functools
import hashlib
import json

from babel import Locale
from flask import Blueprint, Response, abort, current_app
from flask_babel import force_locale, get_locale, get_translations
from flask_babel import gettext as _

from app.assets import FOREVER

RTL_LANGUAGES = {"ar", "fa", "he", "ur"}
#: the catalogue directory name → the BCP 47 tag pages and the browser's Intl use
LANGUAGE_TAGS = {"zh": "zh-Hans"}

bp = Blueprint("i18n", __name__)


def counted(key: str, singular: str, plural: str) -> dict[str, str]:
    """A message with a count, as one entry per plural category of the page's language
    ("<key>.one", "<key>.few", …, CLDR's names, which the browser's Intl.PluralRules
    picks from), each the catalogue's form for a number of that category; a category no
    whole number falls in (Russian "other": fractions) gets the form of 100."""
    locale = get_locale() or Locale.parse(current_app.config["BABEL_DEFAULT_LOCALE"])
    translations = get_translations()
    samples: dict[str, int] = {}
    for number in range(200):
        samples.setdefault(locale.plural_form(number), number)
    return {f"{key}.{category}": translations.ngettext(singular, plural,
                                                       samples.get(category, 100))
            for category in locale.plural_form.tags | {"other"}}


def browser_messages() -> dict[str, str]:
    return {
        "status.connecting": _("Connecting…"),
        "status.online": _("Connected"),
        "status.offline": _("Connection lost. Reconnecting…"),
        "send.sending": _("Sending…"),
        "send.waiting": _("Waiting for connection"),
        "send.sent": _("Sent ✓"),
        "status.pending": _("Waiting for connection: %(count)s to send"),
        "waiting.title": _("Waiting for the facilitator to start"),
        "waiting.body": _("Keep this page open: it follows the session by itself."),
        "session.label": _("Session %(number)s"),
        "item.of": _("%(position)s of %(count)s"),
        # TRANSLATORS: where the live item is in its session, e.g. "Slide 3 of 42"
        "item.position": _("%(kind)s %(position)s of %(count)s"),
        "announce.item": _("Now on screen: %(title)s"),
        "also_open.title.one": _("Also open: %(count)s more"),
        "also_open.title.other": _("Also open: %(count)s more"),
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
        "open.title": _("Open now"),
        "open.poll": _("Poll: %(title)s"),
        "open.quick_poll": _("Quick poll: %(title)s"),
        "open.board": _("Board: %(title)s"),
        "open.close": _("Close"),
        "open.lock": _("Lock"),
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
        # polls: the participant's form and answer
        "poll.quick": _("Quick poll"),
        "poll.choose_one": _("Choose one"),
        "poll.choose_up_to": _("Choose up to %(max)s"),
        "poll.chosen": _("%(count)s of %(max)s chosen"),
        "poll.pick_scale": _("Pick the one that fits best"),
        "poll.other_text": _("Please note what it is"),
        "poll.chars": _("%(count)s / %(max)s characters"),
        "poll.your_text": _("Your answer"),
        "poll.your_words": _("A word or a few words"),
        "poll.grid_hint": _("For each row, pick the level that fits."),
        "poll.evaluation_hint": _("Every question is optional; answer at least one."),
        "poll.send": _("Send answer"),
        "poll.send_change": _("Send my new answer"),
        "poll.keep": _("Keep my answer"),
        "poll.need_choice": _("Choose an option."),
        "poll.need_other": _("Write what it is."),
        "poll.need_text": _("Write an answer."),
        "poll.need_grid": _("Pick a level for at least one row."),
        "poll.need_one_text": _("Write at least one answer."),
        "poll.yours": _("Your answer"),
        "poll.recorded_anonymous": _("Answer recorded — anonymous"),
        "poll.change": _("Change my answer"),
        "poll.closed": _("This poll is closed"),
        "poll.dismiss": _("Back to the session"),
        "poll.answer_on_device": _("Answer on your device"),
        # polls: results
        "poll.results": _("Results"),
        **counted("poll.answers", "%(count)s answer", "%(count)s answers"),
        **counted("poll.online", "%(count)s online", "%(count)s online"),
        "poll.count_share": _("%(count)s · %(share)s"),
        "poll.mean": _("Average %(mean)s on a scale from 1 (%(first)s) to %(max)s (%(last)s)"),
        "poll.others": _("Answers for “%(option)s”"),
        "poll.texts": _("Answers"),
        "poll.no_texts": _("Nothing yet."),
        "poll.cloud": _("Word cloud"),
        "poll.heatmap": _("Answers per row and level"),
        "poll.levels": _("Levels: %(levels)s"),
        "poll.likert.0": _("Strongly agree"),
        "poll.likert.1": _("Agree"),
        "poll.likert.2": _("Neither agree nor disagree"),
        "poll.likert.3": _("Disagree"),
        "poll.likert.4": _("Strongly disagree"),
        # polls: the facilitator's panel and quick polls
        "poll.kindname.single": _("Single choice"),
        "poll.kindname.multiple": _("Multiple choice"),
        "poll.kindname.likert": _("Agree–disagree scale"),
        "poll.kindname.open": _("Open text"),
        "poll.kindname.wordcloud": _("Word cloud"),
        "poll.kindname.grid": _("Grid"),
        "poll.kindname.evaluation": _("Evaluation"),
        "poll.status.none": _("Not opened yet"),
        "poll.status.draft": _("Draft"),
        "poll.status.open": _("Open"),
        "poll.status.closed": _("Closed"),
        "poll.status.revealed": _("Results shown"),
        "poll.anonymous": _("Anonymous"),
        "poll.results_live": _("results live"),
        "poll.results_reveal": _("results after reveal"),
        "poll.open": _("Open poll"),
        "poll.reopen": _("Reopen"),
        "poll.close": _("Close poll"),
        "poll.reveal": _("Reveal results"),
        "poll.revealed_note": _("Everyone sees the results."),
        "poll.moderate": _("Moderate texts"),
        "poll.moderate_hint": _("A hidden text disappears from the shared results; "
                                "its author still sees it."),
        "poll.moderate_refresh": _("Refresh the list"),
        "poll.moderate_loading": _("Loading…"),
        "poll.moderate_failed": _("Could not load the answers. Try again."),
        **counted("poll.hidden", "%(count)s hidden", "%(count)s hidden"),
        "poll.hide": _("Hide"),
        "poll.unhide": _("Show again"),
        "poll.hidden_done": _("Hidden from the shared results."),
        "poll.unhidden_done": _("Shown again in the shared results."),
        "quick.kind": _("Kind"),
        "quick.question": _("Question"),
        "quick.options": _("Options, one per line"),
        "quick.other": _("Add “Something else” with a text field"),
        "quick.other_option": _("Something else"),
        "quick.max": _("Most choices per person (empty: no limit)"),
        "quick.anonymous": _("Anonymous answers"),
        "quick.live": _("Show results live"),
        "quick.create": _("Create and open"),
        "quick.need_question": _("Write the question."),
        "quick.need_options": _("Give at least two options."),
        "quick.opened": _("The poll is open."),
        # the capability self-assessment: the participant's "To do" and questionnaire
        "todo.button": _("To do"),
        "todo.title": _("To do"),
        "todo.close": _("Close"),
        **counted("todo.count", "%(count)s open", "%(count)s open"),
        "todo.status.new": _("Not started"),
        "todo.status.progress": _("In progress: %(count)s of %(total)s answered"),
        "todo.status.submitted": _("Submitted ✓"),
        "todo.status.results": _("Results are out"),
        "assess.back": _("Back to the session"),
        "assess.due": _("Due %(when)s"),
        "assess.steps": _("Dimensions"),
        "assess.step_label": _("%(number)s. %(name)s: %(count)s of %(total)s answered"),
        "assess.dimension_of": _("Dimension %(number)s of %(count)s"),
        "assess.answered": _("%(count)s of %(total)s answered"),
        "assess.prev": _("Previous"),
        "assess.next": _("Next"),
        "assess.submit": _("Submit"),
        **counted("assess.left", "%(count)s statement left to answer before you can submit.",
                  "%(count)s statements left to answer before you can submit."),
        "assess.ready": _("Every statement has an answer: you can submit."),
        "assess.saving": _("Saving…"),
        "assess.submitting": _("Submitting…"),
        "assess.waiting": _("Waiting for connection"),
        "assess.saved": _("Saved ✓"),
        "assess.submitted": _("Submitted — you can still change answers until the "
                              "facilitator closes it."),
        "assess.submitted_closed": _("Submitted ✓"),
        "assess.not_submitted": _("Your answers were not submitted before it closed."),
        "assess.closed": _("This assessment is closed. The facilitator will share the results."),
        "assess.results": _("Results"),
        "assess.results_soon": _("The results will appear here."),
        "assess.you_none": _("You did not answer this assessment."),
        "assess.on_device": _("Complete it on your device"),
        # the capability self-assessment: results
        "assess.group": _("Group"),
        "assess.you": _("You"),
        "assess.previous_run": _("Previous run"),
        "assess.dimension": _("Dimension"),
        "assess.table_caption": _("Mean per dimension, from 1 to %(max)s"),
        "assess.scale_note": _("Means from 1 (%(low)s) to %(max)s (%(high)s)."),
        **counted("assess.responses", "From %(count)s submitted questionnaire",
                  "From %(count)s submitted questionnaires"),
        "assess.by_team": _("By team"),
        "assess.by_team_caption": _("Mean per dimension and team, from 1 to %(max)s "
                                    "(submitted questionnaires in brackets)"),
        # the capability self-assessment: the facilitator's panel
        "assess.status.none": _("Not opened yet"),
        "assess.status.open": _("Open"),
        "assess.status.closed": _("Closed"),
        "assess.status.revealed": _("Results shown"),
        "assess.run": _("Run %(number)s"),
        "assess.debrief": _("Debrief"),
        "assess.no_run": _("This assessment has not been opened in this room yet."),
        "assess.open": _("Open the assessment"),
        "assess.open_again": _("Open run %(number)s"),
        "assess.run_again": _("Run it again"),
        "assess.due_label": _("Due date (optional)"),
        "assess.zone": _("In your time zone (%(zone)s)."),
        "assess.course_due": _("The course says: %(text)s."),
        "assess.due_past": _("The due date must be in the future."),
        "assess.close": _("Close the assessment"),
        "assess.close_confirm": _("Close the assessment? Participants can no longer change "
                                  "their answers."),
        "assess.reveal": _("Reveal results"),
        "assess.reveal_confirm": _("Reveal the results to everyone? This closes the assessment."),
        "assess.revealed_note": _("Everyone sees the results."),
        "assess.results_private": _("Only facilitators see these results until you reveal them."),
        "assess.counts": _("%(submitted)s submitted · %(started)s in progress · "
                           "%(missing)s not started"),
        "assess.completion": _("Completion"),
        "assess.person": _("Participant"),
        "assess.state": _("Status"),
        "assess.row.submitted": _("✓ Submitted"),
        "assess.row.started": _("… In progress"),
        "assess.row.none": _("— Not started"),
        "assess.exports": _("Export the results:"),
        "assess.csv": _("CSV"),
        "assess.json": _("JSON"),
        "prework.title": _("Pre-work"),
        "prework.button": _("Pre-work"),
        **counted("prework.button_count", "Pre-work: %(count)s to do", "Pre-work: %(count)s to do"),
        "prework.none": _("Nothing to prepare right now."),
        "prework.due": _("Due %(when)s"),
        "prework.team_hint": _("For your team: any member hands in for the whole team, and "
                               "the latest submission counts."),
        "prework.slides": _("Make %(min)s–%(max)s slides."),
        "prework.roles": _("Appoint a facilitator and a presenter in your team."),
        "prework.private": _("Only you can read these notes — not even the facilitator."),
        "prework.file": _("Your file (PDF, PowerPoint .pptx, PNG or JPEG)"),
        "prework.file_hint": _("A PDF is shown in the room page by page; a PowerPoint file "
                               "can only be downloaded, so export your slides as PDF if "
                               "you can."),
        "prework.comment": _("Comment (optional)"),
        "prework.answer": _("Your answer"),
        "prework.submit": _("Hand in"),
        "prework.submit_team": _("Hand in for the team"),
        "prework.save_notes": _("Save my notes"),
        "prework.done": _("Mark as done"),
        "prework.uploading": _("Uploading…"),
        "prework.upload_failed": _("The upload failed; check the connection and try again."),
        "prework.by": _("by %(name)s, %(when)s"),
        "prework.late": _("late"),
        "prework.handed_in": _("✓ Handed in %(what)s"),
        "prework.notes_saved": _("✓ Saved %(when)s"),
        "prework.closed": _("Closed: no more submissions."),
        "prework.not_open": _("The facilitator has not opened this pre-work yet."),
        "prework.open": _("Open the pre-work"),
        "prework.due_label": _("Due date (optional)"),
        "prework.close": _("Close"),
        "prework.close_confirm": _("Close this pre-work? Participants can no longer hand in."),
        "prework.status.open": _("Open"),
        "prework.status.closed": _("Closed"),
        "prework.for_each": _("Each participant"),
        "prework.for_team": _("Each team"),
        "prework.counts": _("%(done)s of %(total)s handed in"),
        "prework.private_staff": _("Private notes: nobody but their author sees them, so "
                                   "there is nothing to collect."),
        "prework.facilitator_only": _("Only the facilitator sees who has handed in."),
        "prework.who": _("Who"),
        "prework.state": _("Status"),
        "prework.file_col": _("File"),
        "prework.row.done": _("✓ Handed in"),
        "prework.row.late": _("✓ Late"),
        "prework.row.missing": _("— Not yet"),
        "prework.download": _("Download"),
        "prework.zip": _("Download all submissions (zip)"),
        "prework.new_title": _("Title"),
        "prework.new_for": _("For"),
        "prework.new_deliverable": _("Hand in"),
        "prework.new_questions": _("Questions (one per line, optional)"),
        "prework.deliverable.text": _("Text answers"),
        "prework.deliverable.file": _("A file"),
        "prework.deliverable.private_notes": _("Private notes"),
        "prework.deliverable.none": _("Nothing (mark as done)"),
        "prework.create": _("Open the new task"),
        "present.setup": _("Set up the queue of teams"),
        "present.status.none": _("Not set up"),
        "present.status.ready": _("Ready"),
        "present.status.running": _("Presenting"),
        "present.status.done": _("Done"),
        "present.minutes": _("%(minutes)s min per team"),
        "present.start": _("Start with the first team"),
        "present.next_team": _("Next team"),
        "present.finish": _("Finish the presentations"),
        "present.up": _("Move %(team)s up"),
        "present.down": _("Move %(team)s down"),
        "present.ready": _("The team presentations start soon."),
        "present.done": _("All teams have presented. Thank you!"),
        "present.now": _("%(team)s presents"),
        "present.left": _("%(time)s left"),
        "present.over": _("Over time by %(time)s"),
        "present.no_slides": _("This team presents without uploaded slides."),
        "present.no_slides_short": _("no slides"),
        "present.slides_ready": _("slides handed in"),
        "present.pptx": _("PowerPoint slides cannot be shown in the room without an office "
                          "suite."),
        "present.image_alt": _("The image %(team)s uploaded"),
        "present.download": _("Download %(name)s"),
        "present.cannot_display": _("This page cannot be displayed here."),
        "present.page": _("Page %(page)s of %(pages)s"),
        "present.page_alt": _("%(team)s, slide page %(page)s of %(pages)s"),
        "present.previous": _("Previous page"),
        "present.next_page": _("Next page"),
        # teams and breakouts: the team space and the team picker
        "breakout.left": _("Time left:"),
        "breakout.warning": _("One minute left"),
        "breakout.over": _("Time is up"),
        "breakout.from_facilitator": _("From the facilitator: %(text)s"),
        "team.members": _("Your team"),
        "team.online": _("online"),
        "team.offline": _("offline"),
        "team.role.none": _("No role"),
        "team.role.facilitator": _("Team facilitator"),
        "team.role.presenter": _("Presenter"),
        "team.role_of": _("Role of %(name)s"),
        "team.pick": _("Pick your team"),
        **counted("team.size", "%(count)s member", "%(count)s members"),
        "team.places": _("%(count)s of %(capacity)s places taken"),
        "help.ask": _("Ask for help"),
        "help.asked_by": _("%(name)s asked for help at %(time)s"),
        "help.on_the_way": _("%(name)s is on the way"),
        # teams and breakouts: the console
        "teams.title": _("Teams"),
        "teams.new": _("New teams"),
        "teams.number": _("Number"),
        "teams.by": _("The number is"),
        "teams.by_count": _("how many teams"),
        "teams.by_size": _("people per team"),
        "teams.mode": _("Assignment"),
        "teams.mode.random": _("Balanced at random"),
        "teams.mode.empty": _("Empty teams, I assign people"),
        "teams.mode.self_select": _("Participants pick their team"),
        "teams.capacity": _("Places per team"),
        "teams.label": _("Name of these teams"),
        "teams.label_hint": _("e.g. Course teams"),
        "teams.make": _("Make teams"),
        "teams.replace_confirm": _("Replace the current teams? They are kept and can be used "
                                   "again."),
        "teams.earlier": _("Earlier teams"),
        "teams.activate": _("Use these teams again"),
        "teams.rename": _("Rename"),
        "teams.name_of": _("Name of %(name)s"),
        "teams.moderators": _("Co-facilitators"),
        "teams.moderated_by": _("With %(names)s"),
        "teams.move": _("Move to…"),
        "teams.move_of": _("Move %(name)s to another team"),
        "teams.visit": _("Visit %(name)s"),
        "teams.unassigned": _("Not in a team"),
        "breakout.start": _("Start breakout"),
        "breakout.minutes": _("Minutes"),
        "breakout.task": _("Task"),
        "breakout.new_teams": _("New teams for this breakout"),
        "breakout.running": _("Breakout running"),
        "breakout.extend": _("+%(minutes)s min"),
        "breakout.close": _("Bring everyone back"),
        "breakout.close_confirm": _("Close the breakout and bring everyone back to the plenary?"),
        "breakout.broadcast": _("Message to all teams"),
        "breakout.broadcast_hint": _("e.g. 5 minutes left"),
        "breakout.send": _("Send"),
        "help.title": _("Help requests"),
        "help.none": _("No team is waiting for help."),
        "help.take": _("Pick up"),
        "help.taken_by": _("%(name)s is on it"),
        "help.resolve": _("Resolved"),
        # whiteboards
        "board.open": _("Open the board"),
        "board.your_note": _("Your note"),
        "board.post": _("Post note"),
        "board.chars": _("%(count)s / %(max)s characters"),
        "board.need_text": _("Write your note first."),
        "board.color": _("Colour"),
        "board.color.yellow": _("Yellow"),
        "board.color.pink": _("Pink"),
        "board.color.blue": _("Blue"),
        "board.color.green": _("Green"),
        "board.color.orange": _("Orange"),
        "board.color.purple": _("Purple"),
        "board.column": _("Column"),
        "board.empty": _("No notes yet."),
        "board.pending": _("Waiting to be sent"),
        "board.private": _("Only you and the facilitators see your notes until they are revealed"),
        "board.phase.writing": _("Writing"),
        "board.phase.voting": _("Voting"),
        "board.phase.results": _("Results"),
        "board.phase.locked": _("Locked"),
        "board.phases": _("Board phase"),
        **counted("board.dots", "%(count)s dot", "%(count)s dots"),
        **counted("board.dots_left", "%(count)s dot left", "%(count)s dots left"),
        **counted("board.my_dots", "your %(count)s dot", "your %(count)s dots"),
        "board.vote": _("+ Dot"),
        "board.vote_label": _("Put a dot on this note"),
        "board.unvote_label": _("Take a dot back"),
        "board.reaction.like": _("Like"),
        "board.reaction.love": _("Love it"),
        "board.reaction.idea": _("Good idea"),
        "board.reaction.question": _("Question"),
        "board.edit": _("Edit"),
        "board.edit_label": _("Edit your note"),
        "board.save": _("Save"),
        "board.cancel": _("Cancel"),
        "board.delete": _("Delete"),
        "board.delete_confirm": _("Delete this note?"),
        "board.move_to": _("Move to column"),
        "board.up": _("Move up"),
        "board.down": _("Move down"),
        "board.comment_label": _("Comment on this note"),
        "board.comment_placeholder": _("Add a comment"),
        "board.comment_send": _("Comment"),
        "board.positive": _("This is my positive comment"),
        "board.hidden_note": _("Hidden by the facilitator"),
        "board.in_cluster": _("in %(title)s"),
        "board.hide": _("Hide"),
        "board.unhide": _("Show again"),
        "board.highlight": _("Highlight"),
        "board.cluster_label": _("Cluster"),
        "board.no_cluster": _("No cluster"),
        "board.merge_label": _("Merge as a duplicate into another note"),
        "board.merge_into": _("Merge into…"),
        "board.merge_confirm": _("Merge this note into the chosen one? Its dots and comments "
                                 "move there."),
        "board.reveal": _("Reveal all notes"),
        "board.reveal_confirm": _("Show everyone's notes to the whole room?"),
        "board.share": _("Share with the room"),
        "board.new_column": _("New column title"),
        "board.add_column": _("Add column"),
        "board.new_cluster": _("New cluster title"),
        "board.add_cluster": _("Add cluster"),
        "board.clusters": _("Clusters"),
        "board.delete_cluster": _("Delete the cluster %(title)s"),
        "board.delete_cluster_confirm": _("Delete the cluster %(title)s? Its notes stay on the "
                                          "board, in no cluster."),
        "board.exports": _("Export the board:"),
        "board.summary": _("Printable summary"),
        "board.form.prompt": _("Prompt"),
        "board.form.columns": _("Columns, separated by commas (optional)"),
        "board.form.dots": _("Dot votes per participant"),
        "board.form.private": _("Private writing until I reveal the notes"),
        "board.form.hide_votes": _("Hide the votes until the results"),
        "board.form.anonymous": _("Anonymous: no author names"),
        "board.form.create": _("Create board"),
        "board.form.need_prompt": _("Write the prompt."),
        # the projector: boards and breakouts on the shared screen
        **counted("board.notes_written", "%(count)s note written so far",
                  "%(count)s notes written so far"),
        "board.private_screen": _("The notes are shown when the facilitator reveals them"),
        "projector.teams": _("Teams"),
        "projector.team_empty": _("Nobody yet"),
        "projector.team_board": _("A team's board"),
    }


class _Catalogue:
    """One language's browser messages as a script, and the hash its URL carries."""

    def __init__(self, messages: dict[str, str]):
        text = json.dumps(messages, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        self.body = f"self.workshopMessages={text};".encode()
        self.digest = hashlib.sha256(self.body).hexdigest()[:12]


#: the browser's messages per language: translated once per process, not on every page
_BY_LOCALE: dict[str, _Catalogue] = {}


def _catalogue(locale: str) -> _Catalogue:
    if locale not in _BY_LOCALE:
        with force_locale(locale):
            _BY_LOCALE[locale] = _Catalogue(browser_messages())
    return _BY_LOCALE[locale]


@bp.get("/messages/<locale>-<digest>.js")
def catalogue_script(locale: str, digest: str):
    """A language's browser messages: kept for a year under this hash; an older hash (a
    page from before an upgrade) gets today's text, not cached."""
    if locale not in current_app.config["LANGUAGES"]:
        abort(404)
    catalogue = _catalogue(locale)
    response = Response(catalogue.body, mimetype="text/javascript")
    response.headers["Cache-Control"] = FOREVER if digest == catalogue.digest else "no-cache"
    return response


def page_context() -> dict:
    locale = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    return {"locale": locale, "language_tag": LANGUAGE_TAGS.get(locale, locale),
            "text_direction": "rtl" if locale in RTL_LANGUAGES else "ltr",
            "catalogue_url": f"/messages/{locale}-{_catalogue(locale).digest}.js",
            "language_names": language_names()}


def language_names() -> list[tuple[str, str, str]]:
    """(code, BCP 47 tag, the language's name in itself) for every language the server
    speaks: a reader finds their language even on a page they cannot read."""
    return _names(tuple(current_app.config["LANGUAGES"]))


@functools.cache
def _names(codes: tuple[str, ...]) -> list[tuple[str, str, str]]:
    names = []
    for code in codes:
        tag = LANGUAGE_TAGS.get(code, code)
        locale = Locale.parse(tag, sep="-")
        names.append((code, tag, locale.get_display_name(locale).capitalize()))
    return names
