"""What clients see of the course and the room's progress through it.

The same functions build the snapshot and the changes carried by events, so applying
an event to an old snapshot gives exactly the new one.
"""
from sqlalchemy import func, select

from app.core.clock import iso
from app.core.models import Room
from app.core.scopes import Actor
from app.core.state import snapshot_part
from app.course.models import AgendaItem, Course, CourseSession, ItemTiming, SessionRun
from app.extensions import db


def item_view(item: AgendaItem) -> dict:
    """An agenda item as participants see it: no facilitator notes. An assessment item
    also says which questionnaire it names and whether it is the debrief."""
    view = {"id": item.id, "kind": item.kind, "title": item.title, "minutes": item.minutes,
            "position": item.position, "session_id": item.session_id,
            "body_html": item.body_html}
    if item.kind == "assessment":
        settings = item.settings or {}
        view["assessment"] = {"ref": settings.get("ref"), "debrief": bool(settings.get("debrief"))}
    return view


def agenda_view(item: AgendaItem) -> dict:
    return {**item_view(item), "key": item.key, "notes_html": item.notes_html,
            "settings": item.settings}


def session_views(course_id: int) -> dict[str, dict]:
    """Every session of a course with its number of items (counted, not loaded: a
    participant's snapshot needs no agenda)."""
    rows = db.session.execute(
        select(CourseSession, func.count(AgendaItem.id))
        .outerjoin(AgendaItem, AgendaItem.session_id == CourseSession.id)
        .where(CourseSession.course_id == course_id)
        .group_by(CourseSession.id).order_by(CourseSession.position))
    return {str(s.id): {"id": s.id, "position": s.position, "title": s.title,
                        "minutes": s.minutes, "item_count": n} for s, n in rows}


def run_view(run: SessionRun) -> dict:
    return {"session_id": run.session_id, "started_at": iso(run.started_at),
            "ended_at": iso(run.ended_at), "current_item_id": run.current_item_id,
            "item_shown_at": iso(run.item_shown_at)}


def timing_view(timing: ItemTiming) -> dict:
    return {"item_id": timing.item_id, "first_shown_at": iso(timing.first_shown_at),
            "seconds": timing.seconds}


def live_run(room: Room) -> SessionRun | None:
    if room.current_session_id is None:
        return None
    return db.session.execute(select(SessionRun).where(
        SessionRun.room_id == room.id, SessionRun.session_id == room.current_session_id)
    ).scalar_one_or_none()


def live_view(room: Room) -> dict:
    """What is on screen now; everyone in the room sees this."""
    run = live_run(room)
    if run is None:
        return {"session_id": None}
    item = db.session.get(AgendaItem, run.current_item_id)
    return {"session_id": run.session_id, "started_at": iso(run.started_at),
            "item": item_view(item), "item_shown_at": iso(run.item_shown_at)}


@snapshot_part
def course_part(room: Room, actor: Actor) -> dict[str, dict]:
    course = db.session.get(Course, room.course_id)
    part = {
        "room": {"current": {"id": room.id, "title": room.title, "course": course.title,
                             "language": course.language}},
        "sessions": session_views(course.id),
        "live": {"current": live_view(room)},
    }
    if actor.is_staff:
        part["agenda"] = {str(i.id): agenda_view(i) for s in course.sessions for i in s.items}
        runs = db.session.execute(select(SessionRun).where(SessionRun.room_id == room.id))
        part["runs"] = {str(r.session_id): run_view(r) for r in runs.scalars()}
        timings = db.session.execute(select(ItemTiming).where(ItemTiming.room_id == room.id))
        part["timings"] = {str(t.item_id): timing_view(t) for t in timings.scalars()}
    return part
