"""What clients see of polls: the poll itself (an entity in the log), each participant's
own answer (private), and the tally (a coalesced aggregate, never one message per vote)."""
import re
from collections import Counter

from sqlalchemy import select

from app.core.clock import iso
from app.core.models import Room
from app.core.scopes import Actor
from app.core.state import aggregate, snapshot_part
from app.extensions import db
from app.polls.models import Poll, PollBallot, PollResponse

#: texts listed in a live tally; the full list is in the exports
TALLY_TEXTS = 200
_WORD = re.compile(r"[\w'’-]+", re.UNICODE)


def poll_view(poll: Poll) -> dict:
    return {"id": poll.id, "item_id": poll.item_id, "session_id": poll.session_id,
            "kind": poll.kind, "question": poll.question, **poll.spec,
            "anonymous": poll.anonymous, "results": poll.results,
            "changeable": poll.changeable, "status": poll.status,
            "opened_at": iso(poll.opened_at), "revealed_at": iso(poll.revealed_at)}


def my_answer_view(answer: dict | None) -> dict:
    """A participant's own answer; for an anonymous poll only that they answered."""
    return {"answered": True, "answer": answer}


def results_public(poll: Poll) -> bool:
    return poll.status == "revealed" or (poll.results == "live" and poll.status != "draft")


def tally(poll: Poll, responses) -> dict:
    """Counts for choice, scale and grid kinds; the shown texts for text kinds."""
    shown = [r for r in responses if not r.hidden]
    result = {"poll_id": poll.id, "n": len(responses), "hidden": len(responses) - len(shown)}
    spec = poll.spec
    if poll.kind in ("single", "multiple"):
        size = len(spec["options"]) + (1 if spec.get("other_option") else 0)
        counts = [0] * size
        for r in responses:
            for choice in r.answer["choices"]:
                counts[choice] += 1
        result["counts"] = counts
        result["others"] = [r.answer["other"] for r in shown if "other" in r.answer][-TALLY_TEXTS:]
    elif poll.kind == "likert":
        counts = [0] * len(spec["scale"])
        for r in responses:
            counts[r.answer["value"]] += 1
        result["counts"] = counts
        # 1 = the first label (e.g. strongly agree) … len(scale) = the last
        result["mean"] = (round(sum((i + 1) * c for i, c in enumerate(counts)) / len(responses), 2)
                          if responses else None)
    elif poll.kind == "grid":
        counts = [[0] * len(spec["levels"]) for _ in spec["rows"]]
        for r in responses:
            for row, level in r.answer["grid"].items():
                counts[int(row)][level] += 1
        result["counts"] = counts
    elif poll.kind == "evaluation":
        result["texts"] = [[r.answer["texts"][q] for r in shown if r.answer["texts"][q]]
                           [-TALLY_TEXTS:] for q in range(len(spec["questions"]))]
    else:
        result["texts"] = [r.answer["text"] for r in shown][-TALLY_TEXTS:]
        if poll.kind == "wordcloud":
            words = Counter(w.lower() for r in shown for w in _WORD.findall(r.answer["text"]))
            result["words"] = words.most_common(60)
    return result


def _poll_keys(room_id: int) -> list[str]:
    ids = db.session.execute(select(Poll.id).where(Poll.room_id == room_id,
                                                   Poll.status != "draft")).scalars()
    return [str(i) for i in ids]


@aggregate("poll", keys=_poll_keys)
def poll_tally(room_id: int, key: str) -> tuple[str, dict] | None:
    poll = db.session.get(Poll, int(key))
    if poll is None or poll.room_id != room_id or poll.status == "draft":
        return None
    # plain rows, not ORM objects: this runs several times a second during a burst
    responses = db.session.execute(select(PollResponse.answer, PollResponse.hidden).where(
        PollResponse.poll_id == poll.id)).all()
    return ("room" if results_public(poll) else "staff"), tally(poll, responses)


@snapshot_part
def polls_part(room: Room, actor: Actor) -> dict[str, dict]:
    query = select(Poll).where(Poll.room_id == room.id)
    if not actor.is_staff:
        query = query.where(Poll.status != "draft")
    polls = db.session.execute(query).scalars().all()
    part = {"polls": {str(p.id): poll_view(p) for p in polls}}
    if actor.role == "participant":
        part["my_answers"] = _my_answers(polls, actor.id)
    return part


def _my_answers(polls: list[Poll], participant_id: int) -> dict[str, dict]:
    by_id = {p.id: p for p in polls}
    named = db.session.execute(select(PollResponse).where(
        PollResponse.participant_id == participant_id,
        PollResponse.poll_id.in_(by_id))).scalars()
    mine = {str(r.poll_id): my_answer_view(r.answer) for r in named}
    ballots = db.session.execute(select(PollBallot.poll_id).where(
        PollBallot.participant_id == participant_id, PollBallot.poll_id.in_(by_id))).scalars()
    mine.update({str(pid): my_answer_view(None) for pid in ballots})
    return mine
