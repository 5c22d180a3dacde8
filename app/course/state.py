"""What clients see of the course and the room's progress through it.

The same functions build the snapshot and the changes carried by events, so applying
an event to an old snapshot gives exactly the new one.
"""
import copy

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
    return {str(s.id): _session_view(s, n) for s, n in rows}


def _session_view(session: CourseSession, item_count: int) -> dict:
    return {"id": session.id, "position": session.position, "title": session.title,
            "minutes": session.minutes, "item_count": item_count}


def session_view(session: CourseSession) -> dict:
    """One session as in session_views, for the events of an edit."""
    count = db.session.execute(select(func.count(AgendaItem.id)).where(
        AgendaItem.session_id == session.id)).scalar_one()
    return _session_view(session, count)


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


def used_ids(table: str, ids: list[int]) -> set[int]:
    """Which of these rows of `table` (agenda_item or course_session) something a room made
    points at: a timing, a poll, a board, a run, an event … Found through the foreign
    keys, so a new kind of activity is covered without a change here."""
    used: set[int] = set()
    if not ids:
        return used
    for referrer in db.metadata.sorted_tables:
        if (referrer.name, table) == ("agenda_item", "course_session"):
            continue  # the session's own items
        for column in referrer.columns:
            if any(key.column.table.name == table for key in column.foreign_keys):
                used.update(db.session.execute(
                    select(column).where(column.in_(ids)).distinct()).scalars())
    return used


def in_use(table: str, ids: list[int]) -> bool:
    return bool(used_ids(table, ids))


def export_item(item: AgendaItem) -> dict:
    """One agenda item in course-file form."""
    entry = {"kind": item.kind}
    if item.key:
        entry["id"] = item.key
    entry.update(title=item.title, minutes=item.minutes)
    if item.body:
        entry["body"] = item.body
    if item.image:
        entry["image"] = item.image
    if item.notes:
        entry["notes"] = item.notes
    if item.kind != "slide":
        entry[item.kind] = copy.deepcopy(item.settings)
    return entry


def editor_view(course: Course) -> dict:
    """The course as the editor shows it: each item in course-file form (what its form
    edits), and whether a room has used it (its history is kept)."""
    items = [i for s in course.sessions for i in s.items]
    used = used_ids("agenda_item", [i.id for i in items])
    ran = used_ids("course_session", [s.id for s in course.sessions])
    return {
        "course": {"id": course.id, "slug": course.slug, "title": course.title,
                   "language": course.language, "description": course.description},
        "assessments": [a.get("id") for a in (course.extras or {}).get("assessments", [])],
        "sessions": [{
            "id": s.id, "title": s.title, "minutes": s.minutes, "starts_at": iso(s.starts_at),
            "ran": s.id in ran,
            "items": [{"id": i.id, "used": i.id in used, "entry": export_item(i)}
                      for i in s.items],
        } for s in course.sessions],
    }
