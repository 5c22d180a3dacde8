"""What clients see of the self-assessment: each run (an entity in the log), a participant's
own answers (private), and the scores of the group and of each team (coalesced aggregates)."""
from sqlalchemy import select

from app.assessment.models import AssessmentAnswer, AssessmentRun
from app.core.clock import iso
from app.core.models import Room
from app.core.scopes import Actor
from app.core.state import aggregate, snapshot_part
from app.extensions import db
from app.teams.models import Grouping, Team, TeamMember


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


def teams_changed(ctx) -> None:
    """Results per team follow the teams: push them again when a team changes."""
    for key in _run_keys(ctx.room_id):
        ctx.touch("assessment", key)



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
