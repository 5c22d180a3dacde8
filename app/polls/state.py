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
from app.polls.models import AssessmentAnswer, AssessmentRun, Poll, PollBallot, PollResponse
from app.teams import service as teams
from app.teams.models import Grouping, Team, TeamMember

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


# the capability self-assessment


def run_view(run: AssessmentRun) -> dict:
    return {"id": run.id, "key": run.key, "number": run.number, "item_id": run.item_id,
            "title": run.title, "scale": run.scale, "dimensions": run.dimensions,
            "due_at": iso(run.due_at), "due_text": run.due_text, "status": run.status}


def item_keys(run: AssessmentRun) -> list[str]:
    """"<dimension>.<item>" for every statement, in order."""
    return [f"{d}.{i}" for d, dim in enumerate(run.dimensions) for i in range(len(dim["items"]))]


def dimension_scores(run: AssessmentRun, answer_sets: list[dict]) -> list[dict]:
    """Per dimension: mean on 1–5 (strongly agree = len(scale)), distribution, n."""
    size = len(run.scale)
    scores = []
    for d, dimension in enumerate(run.dimensions):
        counts = [0] * size
        for answers in answer_sets:
            for i in range(len(dimension["items"])):
                value = answers.get(f"{d}.{i}")
                if value is not None:
                    counts[value] += 1
        total = sum(counts)
        mean = sum((size - v) * c for v, c in enumerate(counts)) / total if total else None
        scores.append({"name": dimension["name"], "mean": None if mean is None else round(mean, 2),
                       "counts": counts, "n": len(answer_sets)})
    return scores


def my_assessment_view(run: AssessmentRun, mine: AssessmentAnswer) -> dict:
    return {"answers": mine.answers, "submitted_at": iso(mine.submitted_at),
            "scores": dimension_scores(run, [mine.answers])}


def _submitted(run_id: int) -> list[AssessmentAnswer]:
    return db.session.execute(select(AssessmentAnswer).where(
        AssessmentAnswer.run_id == run_id, AssessmentAnswer.submitted_at.is_not(None))
    ).scalars().all()


def _run_keys(room_id: int) -> list[str]:
    ids = db.session.execute(select(AssessmentRun.id).where(AssessmentRun.room_id == room_id))
    return [str(i) for i in ids.scalars()]


def team_scores(run: AssessmentRun, submitted: list[AssessmentAnswer]) -> list[dict]:
    """Scores per team of the room's active grouping, in team order; teams whose members
    have not submitted show n = 0."""
    teams = db.session.execute(
        select(Team.id, Team.name).join(Grouping, Grouping.id == Team.grouping_id)
        .where(Team.room_id == run.room_id, Grouping.active.is_(True))
        .order_by(Team.position)).all()
    members = dict(db.session.execute(
        select(TeamMember.participant_id, TeamMember.team_id)
        .where(TeamMember.team_id.in_([t.id for t in teams]))).all())
    by_team: dict[int, list[dict]] = {t.id: [] for t in teams}
    for answer in submitted:
        team_id = members.get(answer.participant_id)
        if team_id is not None:
            by_team[team_id].append(answer.answers)
    return [{"team_id": t.id, "name": t.name, "scores": dimension_scores(run, by_team[t.id])}
            for t in teams]


@aggregate("assessment", keys=_run_keys)
def assessment_results(room_id: int, key: str) -> tuple[str, dict] | None:
    """The group's scores per dimension, each team's, and the previous run's when there is
    one."""
    run = db.session.get(AssessmentRun, int(key))
    if run is None or run.room_id != room_id:
        return None
    previous = db.session.execute(select(AssessmentRun).where(
        AssessmentRun.room_id == room_id, AssessmentRun.key == run.key,
        AssessmentRun.number == run.number - 1)).scalar_one_or_none()
    submitted = _submitted(run.id)
    data = {"run_id": run.id,
            "group": dimension_scores(run, [a.answers for a in submitted]),
            "teams": team_scores(run, submitted),
            "previous": None if previous is None else dimension_scores(
                previous, [a.answers for a in _submitted(previous.id)])}
    return ("room" if run.status == "revealed" else "staff"), data


def _teams_changed(ctx) -> None:
    """Results per team follow the teams: push them again when a team changes."""
    for key in _run_keys(ctx.room_id):
        ctx.touch("assessment", key)


teams.TEAMS_CHANGED.append(_teams_changed)


@aggregate("assessment_progress", keys=_run_keys)
def assessment_progress(room_id: int, key: str) -> tuple[str, dict] | None:
    """Who has submitted, who has started: for the facilitator's completion table."""
    rows = db.session.execute(select(AssessmentAnswer.participant_id,
                                     AssessmentAnswer.submitted_at).where(
        AssessmentAnswer.run_id == int(key))).all()
    return "staff", {"run_id": int(key),
                     "submitted": sorted(p for p, at in rows if at is not None),
                     "started": sorted(p for p, at in rows if at is None)}


@snapshot_part
def assessments_part(room: Room, actor: Actor) -> dict[str, dict]:
    runs = db.session.execute(select(AssessmentRun).where(AssessmentRun.room_id == room.id))
    runs = runs.scalars().all()
    part = {"assessments": {str(r.id): run_view(r) for r in runs}}
    if actor.role == "participant":
        by_id = {r.id: r for r in runs}
        mine = db.session.execute(select(AssessmentAnswer).where(
            AssessmentAnswer.participant_id == actor.id, AssessmentAnswer.run_id.in_(by_id)))
        part["my_assessments"] = {str(a.run_id): my_assessment_view(by_id[a.run_id], a)
                                  for a in mine.scalars()}
    return part
