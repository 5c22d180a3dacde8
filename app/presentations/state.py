"""What clients see of team presentations: the queue, whose turn it is, and a team's slides
once its turn has come."""
from sqlalchemy import select

from app.core.clock import iso
from app.core.models import Room
from app.core.scopes import Actor
from app.core.state import snapshot_part
from app.extensions import db
from app.presentations.models import Presentation
from app.prework.models import Submission, Upload
from app.prework.state import slides_key, upload_view
from app.teams.models import Team, TeamMember


def slides_of(presentation: Presentation) -> dict[int, Upload]:
    """Each team's uploaded file for the presentation's pre-work task."""
    if presentation.task_id is None:
        return {}
    found = db.session.execute(
        select(Submission.team_id, Upload).join(Upload, Upload.id == Submission.upload_id)
        .where(Submission.task_id == presentation.task_id,
               Submission.team_id.is_not(None))).all()
    return {team_id: upload for team_id, upload in found}


def presentation_view(presentation: Presentation) -> dict:
    teams = {t.id: t for t in db.session.execute(
        select(Team).where(Team.id.in_(presentation.queue))).scalars()}
    slides = slides_of(presentation)
    presenters: dict[int, list[int]] = {}
    for team_id, participant_id in db.session.execute(
            select(TeamMember.team_id, TeamMember.participant_id).where(
                TeamMember.team_id.in_(presentation.queue), TeamMember.role == "presenter")):
        presenters.setdefault(team_id, []).append(participant_id)
    # a team's slides reach the room when its turn comes, not before: until then they are
    # the team's own submission (the room only learns that there are some)
    reached = -1 if presentation.current is None else presentation.current
    queue = []
    for position, team_id in enumerate(presentation.queue):
        upload = slides.get(team_id)
        shown = upload_view(upload) if position <= reached else None
        if shown is not None:
            shown["key"] = slides_key(presentation.room_id, upload.id)
        queue.append({"team_id": team_id, "name": teams[team_id].name if team_id in teams else "",
                      "presenters": sorted(presenters.get(team_id, [])), "slides": shown,
                      "has_slides": upload is not None})
    return {"id": presentation.id, "item_id": presentation.item_id,
            "task_id": presentation.task_id,
            "seconds_per_team": presentation.seconds_per_team, "queue": queue,
            "current": presentation.current, "turn_started_at": iso(presentation.turn_started_at),
            "page": presentation.page, "status": presentation.status}


@snapshot_part
def presentations_part(room: Room, actor: Actor) -> dict[str, dict]:
    found = db.session.execute(select(Presentation).where(Presentation.room_id == room.id))
    return {"presentations": {str(p.id): presentation_view(p) for p in found.scalars()}}
