"""Writes for polls: make, open, close, reveal, answer, moderate."""
import secrets

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import bindparam, func, insert, select, update

from app.core.clock import now
from app.core.commands import Context
from app.core.errors import Conflict, Invalid, NotFound
from app.course.models import AgendaItem
from app.course.service import item_of_room
from app.extensions import db
from app.polls.models import (
    LIKERT,
    Poll,
    PollBallot,
    PollResponse,
    random_id,
)
from app.polls.schemas import TEXT_LIMITS, PollSpecSchema, read_block
from app.polls.state import my_answer_view, poll_view

SPEC = PollSpecSchema()


def _record_poll(ctx: Context, poll: Poll, type: str) -> None:
    """Drafts are the staff's business; from opening on, the room sees the poll."""
    db.session.flush()
    scope = "staff" if poll.status == "draft" else "room"
    ctx.record(type, {"poll_id": poll.id}, scope=scope,
               changes=[("polls", str(poll.id), poll_view(poll))])
    ctx.touch("poll", str(poll.id))


def _new_poll(ctx: Context, spec: dict, item_id: int | None) -> Poll:
    details = {k: spec[k] for k in PollSpecSchema.DETAILS if k in spec}
    if spec["kind"] == "likert":
        details.setdefault("scale", [str(label) for label in LIKERT])
    poll = Poll(room_id=ctx.room_id, item_id=item_id, kind=spec["kind"],
                question=spec["question"], spec=details, anonymous=spec["anonymous"],
                results=spec["results"], changeable=spec["changeable"] and not spec["anonymous"],
                status="draft", created_at=now())
    db.session.add(poll)
    return poll


def create(ctx: Context, spec: dict) -> dict:
    """A poll made up during the session, kept as a draft until opened."""
    poll = _new_poll(ctx, spec, None)
    _record_poll(ctx, poll, "poll.created")
    return {"poll_id": poll.id}


def spec_from_item(item: AgendaItem) -> dict:
    """The poll an agenda item of kind poll or evaluation describes in its course block."""
    try:
        return read_block(item.settings or {}, item.kind, item.title)
    except ValidationError as err:
        raise Invalid(_("This agenda item does not describe a valid poll."), err.messages) from err


def _poll_of_item(ctx: Context, item_id: int) -> Poll:
    item = item_of_room(ctx, item_id, ("poll", "evaluation"),
                        _("This agenda item is not a poll."))
    poll = db.session.execute(select(Poll).where(
        Poll.room_id == ctx.room_id, Poll.item_id == item.id)).scalar_one_or_none()
    return poll or _new_poll(ctx, spec_from_item(item), item.id)


def _poll(ctx: Context, poll_id: int) -> Poll:
    poll = ctx.find(Poll, poll_id, _("No such poll in this room."))
    return poll


def open_poll(ctx: Context, poll_id: int | None = None, item_id: int | None = None) -> dict:
    poll = _poll(ctx, poll_id) if poll_id else _poll_of_item(ctx, item_id)
    if poll.status == "open":
        raise Conflict(_("This poll is already open."))
    if poll.status == "revealed":
        raise Conflict(_("This poll's results are out; make a new poll to ask again."))
    poll.status = "open"
    poll.opened_at = now()
    poll.session_id = poll.session_id or ctx.session_id
    _record_poll(ctx, poll, "poll.opened")
    return {"poll_id": poll.id}


def close_poll(ctx: Context, poll_id: int) -> dict:
    poll = _poll(ctx, poll_id)
    if poll.status != "open":
        raise Conflict(_("Only an open poll can be closed."))
    poll.status = "closed"
    poll.closed_at = now()
    _record_poll(ctx, poll, "poll.closed")
    return {"poll_id": poll.id}


def reveal(ctx: Context, poll_id: int) -> dict:
    """Show the results to everyone; an open poll closes first."""
    poll = _poll(ctx, poll_id)
    if poll.status not in ("open", "closed"):
        raise Conflict(_("Only an open or closed poll can be revealed."))
    poll.closed_at = poll.closed_at or now()
    poll.status = "revealed"
    poll.revealed_at = now()
    _record_poll(ctx, poll, "poll.revealed")
    return {"poll_id": poll.id}


def _text(value, limit: str, field: str, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise Invalid(_("An answer is needed."), {field: [_("An answer is needed.")]})
    if len(text) > TEXT_LIMITS[limit]:
        raise Invalid(_("The answer is too long."), {field: [_("The answer is too long.")]})
    return text


def _only(data: dict, *allowed: str) -> None:
    extra = set(data) - {"poll_id", *allowed}
    if extra:
        raise Invalid(_("Some fields do not fit this poll."),
                      {key: [_("Not used by this poll.")] for key in sorted(extra)})


def normalize(poll: Poll, data: dict) -> dict:
    """Check an answer against the poll and return it in its stored shape."""
    spec = poll.spec
    if poll.kind in ("single", "multiple"):
        _only(data, "choices", "other")
        options = len(spec["options"])
        other_index = options if spec.get("other_option") else None
        choices = sorted(set(data.get("choices", [])))
        limit = 1 if poll.kind == "single" else spec.get(
            "max_choices", options + (other_index is not None))
        if not choices:
            raise Invalid(_("Choose an option."), {"choices": [_("Choose an option.")]})
        if len(choices) > limit:
            raise Invalid(_("Choose at most %(n)s.", n=limit), {"choices": [_("Too many.")]})
        if any(c >= options and c != other_index for c in choices):
            raise Invalid(_("That option is not in this poll."),
                          {"choices": [_("Not an option of this poll.")]})
        answer = {"choices": choices}
        if other_index in choices:
            answer["other"] = _text(data.get("other"), "other", "other")
        elif data.get("other"):
            raise Invalid(_("Text goes with the other option only."), {"other": [_("Not used.")]})
        return answer
    if poll.kind == "likert":
        _only(data, "value")
        if "value" not in data or data["value"] >= len(spec["scale"]):
            raise Invalid(_("Pick a point on the scale."), {"value": [_("Not on the scale.")]})
        return {"value": data["value"]}
    if poll.kind in ("open", "wordcloud"):
        _only(data, "text")
        limit = {"wordcloud": "wordcloud"}.get(poll.kind, "long" if spec.get("long") else "short")
        return {"text": _text(data.get("text"), limit, "text")}
    if poll.kind == "grid":
        _only(data, "grid")
        grid = data.get("grid") or {}
        rows, levels = len(spec["rows"]), len(spec["levels"])
        if not grid or any(int(r) >= rows or v >= levels for r, v in grid.items()):
            raise Invalid(_("Place each row on one of the levels."), {"grid": [_("Not valid.")]})
        return {"grid": {str(int(r)): v for r, v in grid.items()}}
    _only(data, "texts")  # evaluation
    texts = data.get("texts") or []
    if len(texts) != len(spec["questions"]):
        raise Invalid(_("Answer each question (an empty answer is fine)."),
                      {"texts": [_("One answer per question.")]})
    texts = [_text(t, "long", "texts", required=False) for t in texts]
    if not any(texts):
        raise Invalid(_("Write at least one answer."), {"texts": [_("All empty.")]})
    return {"texts": texts}


#: what answering reads of a poll: its status and the parts that never change after creation
_ANSWERABLE = select(Poll.id, Poll.room_id, Poll.status, Poll.kind, Poll.spec, Poll.anonymous,
                     Poll.changeable).where(Poll.id == bindparam("poll"))
_BALLOT_OF = select(PollBallot.id).where(PollBallot.poll_id == bindparam("poll"),
                                         PollBallot.participant_id == bindparam("participant"))
_RESPONSE_OF = select(PollResponse.id).where(
    PollResponse.poll_id == bindparam("poll"),
    PollResponse.participant_id == bindparam("participant"))
_CAST_BALLOT = insert(PollBallot)
_STORE = insert(PollResponse)
_REPLACE = update(PollResponse).where(PollResponse.id == bindparam("response")).values(
    answer=bindparam("value", type_=PollResponse.answer.type), answered_at=bindparam("at"))
_COUNT = select(func.count()).select_from(PollResponse).where(
    PollResponse.poll_id == bindparam("poll"))
_NTH = (select(PollResponse.id, PollResponse.answer, PollResponse.hidden)
        .where(PollResponse.poll_id == bindparam("poll")).order_by(PollResponse.id)
        .offset(bindparam("slot")).limit(1))
_SWAP = update(PollResponse).where(PollResponse.id == bindparam("moved")).values(
    id=bindparam("to_id"), answer=bindparam("to_answer", type_=PollResponse.answer.type),
    hidden=bindparam("to_hidden"))


def _store_anonymously(poll_id: int, value: dict) -> None:
    """Insert, then trade places with a random stored answer (an online Fisher–Yates
    shuffle): answers sit in a uniformly random physical order, so the order rows are
    stored or read in says nothing about which ballot, and so which person, gave which.
    An answer keeps its id wherever it sits, so moderation by id still finds it."""
    connection = db.session.connection()
    new = {"id": random_id(), "answer": value, "hidden": False}
    count = connection.execute(_COUNT, {"poll": poll_id}).scalar_one()
    slot = secrets.randbelow(count + 1)
    if slot < count:
        moved = connection.execute(_NTH, {"poll": poll_id, "slot": slot}).one()
        connection.execute(_SWAP, {"moved": moved.id, "to_id": new["id"],
                                   "to_answer": new["answer"], "to_hidden": new["hidden"]})
        new = {"id": moved.id, "answer": moved.answer, "hidden": moved.hidden}
    connection.execute(_STORE, {"poll_id": poll_id, "participant_id": None, **new})


def answer(ctx: Context, data: dict) -> dict:
    """A participant's answer: once per poll; replaced only where the poll allows it.

    The busiest command of a room (everyone answers within seconds), so it reads and
    writes plain rows through prepared statements instead of ORM objects."""
    connection = db.session.connection()
    poll = connection.execute(_ANSWERABLE, {"poll": data["poll_id"]}).one_or_none()
    if poll is None or poll.room_id != ctx.room_id:
        raise NotFound(_("No such poll in this room."))
    if poll.status != "open":
        raise Conflict(_("This poll is not open."))
    value = normalize(poll, data)
    mine = {"poll": poll.id, "participant": ctx.actor.id}
    if poll.anonymous:
        if connection.execute(_BALLOT_OF, mine).first():
            raise Conflict(_("You have already answered."))
        connection.execute(_CAST_BALLOT, {"id": random_id(), "poll_id": poll.id,
                                          "participant_id": ctx.actor.id})
        _store_anonymously(poll.id, value)
    else:
        response_id = connection.execute(_RESPONSE_OF, mine).scalar_one_or_none()
        if response_id is not None and not poll.changeable:
            raise Conflict(_("You have already answered."))
        if response_id is None:
            connection.execute(_STORE, {"id": random_id(), "poll_id": poll.id,
                                        "participant_id": ctx.actor.id, "answer": value,
                                        "hidden": False, "answered_at": now()})
        else:
            connection.execute(_REPLACE, {"response": response_id, "value": value,
                                          "at": now()})
    view = my_answer_view(None if poll.anonymous else value)
    ctx.record("poll.answered", {"poll_id": poll.id}, scope=f"participant:{ctx.actor.id}",
               changes=[("my_answers", str(poll.id), view)])
    ctx.touch("poll", str(poll.id))
    return {"poll_id": poll.id, **view}


def hide_answer(ctx: Context, data: dict) -> dict:
    """Take a text answer off the shared view (or put it back); the author keeps it."""
    poll = _poll(ctx, data["poll_id"])
    response = db.session.get(PollResponse, data["response_id"])
    if response is None or response.poll_id != poll.id:
        raise NotFound(_("No such answer in this poll."))
    response.hidden = data["hidden"]
    ctx.record("poll.moderated", {"poll_id": poll.id}, scope="staff")
    ctx.touch("poll", str(poll.id))
    return {"poll_id": poll.id, "response_id": response.id, "hidden": response.hidden}
