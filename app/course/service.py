"""Writes for courses and live navigation: import, open a room, start/end a session, move."""
import secrets

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from app.core.clock import now
from app.core.commands import Context
from app.core.errors import Conflict, Invalid, NotFound
from app.core.models import Room
from app.course import images, markdown
from app.course.files import CourseFileError, flatten
from app.course.models import AgendaItem, Course, CourseSession, ItemTiming, SessionRun
from app.course.schemas import CourseFileSchema
from app.course.state import export_item, live_run, live_view, run_view, timing_view
from app.extensions import db

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in calls


def import_course(data: dict) -> Course:
    """Create a course from validated course-file data (see files.parse)."""
    info = data["course"]
    if db.session.execute(select(Course.id).where(Course.slug == info["slug"])).first():
        raise CourseFileError(f"A course with slug {info['slug']!r} is already loaded.")
    course = Course(slug=info["slug"], title=info["title"], language=info["language"],
                    description=info["description"],
                    extras={key: data[key] for key in ("assessments", "features") if data.get(key)})
    for s_pos, s in enumerate(data["sessions"], start=1):
        session = CourseSession(position=s_pos, title=s["title"], minutes=s["minutes"])
        for i_pos, item in enumerate(s["items"], start=1):
            session.items.append(AgendaItem(position=i_pos, **item_fields(item)))
        course.sessions.append(session)
    db.session.add(course)
    db.session.commit()
    return course


def item_fields(entry: dict) -> dict:
    """An AgendaItem's columns from one loaded course-file item (import and the editor)."""
    image = entry.get("image")
    return {"key": entry.get("id"), "kind": entry["kind"], "title": entry["title"],
            "minutes": entry["minutes"], "body": entry["body"], "image": image,
            "body_html": markdown.render(entry["body"]) + images.figure(image, entry["title"]),
            "notes": entry["notes"],
            "notes_html": markdown.render(entry["notes"]),
            "settings": entry.get(entry["kind"], {})}


def export_course(course: Course) -> dict:
    """The course as course-file data; parse(dump(export_course(c))) imports the same course."""
    sessions = [{"title": session.title, "minutes": session.minutes,
                 "items": [export_item(item) for item in session.items]}
                for session in course.sessions]
    data = {"course": {"slug": course.slug, "title": course.title, "language": course.language,
                       "description": course.description},
            "sessions": sessions}
    data.update(course.extras or {})
    return data


def open_room(course: Course, title: str | None = None) -> Room:
    """A new live run of a course, with a fresh join code."""
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(6))
        if not db.session.execute(select(Room.id).where(Room.join_code == code)).first():
            break
    room = Room(join_code=code, title=title or course.title, course_id=course.id)
    db.session.add(room)
    db.session.commit()
    return room


def item_of_room(ctx: Context, item_id: int, kinds: tuple[str, ...],
                 wrong_kind: str) -> AgendaItem:
    """An agenda item of the room's course, of one of `kinds` (else `wrong_kind` is the
    refusal): for commands that act on an item other than by showing it."""
    item = db.session.get(AgendaItem, item_id)
    session = db.session.get(CourseSession, item.session_id) if item else None
    if item is None or session.course_id != ctx.room.course_id:
        raise NotFound(_("No such agenda item in this course."))
    if item.kind not in kinds:
        raise Invalid(wrong_kind)
    return item


def _session_of_room(ctx: Context, session_id: int) -> CourseSession:
    session = db.session.get(CourseSession, session_id)
    if session is None or session.course_id != ctx.room.course_id:
        raise NotFound(_("No such session in this course."))
    return session


def _timing(room_id: int, item_id: int) -> ItemTiming:
    timing = db.session.execute(select(ItemTiming).where(
        ItemTiming.room_id == room_id, ItemTiming.item_id == item_id)).scalar_one_or_none()
    if timing is None:
        timing = ItemTiming(room_id=room_id, item_id=item_id, first_shown_at=now(), seconds=0)
        db.session.add(timing)
    return timing


def _leave_item(run: SessionRun) -> ItemTiming | None:
    """Add the time the current item has been on screen to its timing."""
    if run.item_shown_at is None:
        return None
    timing = _timing(run.room_id, run.current_item_id)
    timing.seconds += max(0, int((now() - run.item_shown_at).total_seconds()))
    run.item_shown_at = None
    return timing


def _record_move(ctx: Context, run: SessionRun, timings: list[ItemTiming], type: str) -> None:
    db.session.flush()
    ctx.record(type, {"session_id": run.session_id, "item_id": run.current_item_id},
               changes=[("live", "current", live_view(ctx.room))])
    ctx.record("agenda.timed", scope="staff", changes=[
        ("runs", str(run.session_id), run_view(run)),
        *[("timings", str(t.item_id), timing_view(t)) for t in timings if t is not None]])


def start_session(ctx: Context, session_id: int) -> dict:
    session = _session_of_room(ctx, session_id)
    if ctx.room.current_session_id == session.id:
        raise Conflict(_("This session is already live."))
    timings = []
    current = live_run(ctx.room)
    if current is not None:
        timings.append(_leave_item(current))
        current.ended_at = now()
        ctx.record("session.ended", {"session_id": current.session_id}, scope="staff",
                   changes=[("runs", str(current.session_id), run_view(current))])
    run = db.session.execute(select(SessionRun).where(
        SessionRun.room_id == ctx.room_id, SessionRun.session_id == session.id)
    ).scalar_one_or_none()
    if run is None:
        run = SessionRun(room_id=ctx.room_id, session_id=session.id, started_at=now(),
                         current_item_id=session.items[0].id)
        db.session.add(run)
    run.ended_at = None
    run.item_shown_at = now()
    ctx.room.current_session_id = session.id
    timings.append(_timing(ctx.room_id, run.current_item_id))
    _record_move(ctx, run, timings, "session.started")
    return {"session_id": session.id, "item_id": run.current_item_id}


def end_session(ctx: Context) -> dict:
    run = live_run(ctx.room)
    if run is None:
        raise Conflict(_("No session is live."))
    timing = _leave_item(run)
    run.ended_at = now()
    # recorded before the room lets go of the session, so the event still names it
    ctx.record("session.ended", {"session_id": run.session_id},
               changes=[("live", "current", {"session_id": None})])
    ctx.room.current_session_id = None
    ctx.record("agenda.timed", scope="staff", changes=[
        ("runs", str(run.session_id), run_view(run)),
        ("timings", str(timing.item_id), timing_view(timing))])
    return {"session_id": run.session_id}


def go_to(ctx: Context, item_id: int) -> dict:
    run = live_run(ctx.room)
    if run is None:
        raise Conflict(_("Start a session first."))
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.session_id != run.session_id:
        raise NotFound(_("No such agenda item in the live session."))
    if item.id == run.current_item_id:
        raise Conflict(_("This item is already on screen."))
    left = _leave_item(run)
    run.current_item_id = item.id
    run.item_shown_at = now()
    _record_move(ctx, run, [left, _timing(ctx.room_id, item.id)], "agenda.moved")
    return {"item_id": item.id}


def step(ctx: Context, delta: int) -> dict:
    run = live_run(ctx.room)
    if run is None:
        raise Conflict(_("Start a session first."))
    current = db.session.get(AgendaItem, run.current_item_id)
    target = db.session.execute(select(AgendaItem).where(
        AgendaItem.session_id == run.session_id,
        AgendaItem.position == current.position + delta)).scalar_one_or_none()
    if target is None:
        raise Conflict(_("This is the last item.") if delta > 0 else _("This is the first item."))
    return go_to(ctx, target.id)




def _load_new(data: dict) -> dict:
    """Course-file data checked as an import checks it; Invalid names each field."""
    try:
        return CourseFileSchema().load(data)
    except ValidationError as err:
        raise Invalid(_("Some fields are not valid."), {
            ".".join(str(p) for p in path): message for path, message in flatten(err.messages)
        }) from err


def _free_slug(slug: str) -> None:
    if db.session.execute(select(Course.id).where(Course.slug == slug)).first():
        raise Conflict(_("A course with this short name exists already."),
                       {"course.slug": _("A course with this short name exists already.")})


def new_course(info: dict) -> Course:
    """A course begun in the editor: one session with one slide, the least a course file
    may hold."""
    title = info.get("title") or ""
    data = _load_new({"course": info, "sessions": [
        {"title": _("Session 1"), "items": [{"kind": "slide", "title": title or "-"}]}]})
    _free_slug(data["course"]["slug"])
    return import_course(data)


#: the kinds that belong to one cohort's teams and their work, left out of a new cohort
#: that starts without them
COHORT_KINDS = ("prework", "presentation")


def duplicate_course(course: Course, slug: str, title: str, with_prework: bool) -> Course:
    """The course again for a new cohort, under a new short name; its rooms, teams, answers
    and dates stay with the old one."""
    data = export_course(course)
    data["course"].update(slug=slug, title=title)
    if not with_prework:
        for session in data["sessions"]:
            kept = [i for i in session["items"] if i["kind"] not in COHORT_KINDS]
            session["items"] = kept or [{"kind": "slide", "title": session["title"]}]
    loaded = _load_new(data)
    _free_slug(loaded["course"]["slug"])
    return import_course(loaded)
