"""The writer of course content in the editor: sessions and agenda items added, changed,
reordered and removed, each checked as a whole course file would be at import.

Every edit builds the course as course-file data with the change in it and loads that
through `CourseFileSchema`, the import's own schema: a form refuses exactly what an import
refuses, with the same messages, and what the editor makes always exports and imports back.
"""
import copy
from datetime import UTC

from flask_babel import gettext as _
from marshmallow import ValidationError

from app.core.errors import Conflict, Invalid, NotFound
from app.core.models import Room
from app.course import images
from app.course.dispatch import CourseContext
from app.course.files import flatten
from app.course.models import AgendaItem, CourseSession
from app.course.schemas import CourseFileSchema
from app.course.service import export_course, item_fields
from app.course.state import agenda_view, export_item, in_use, live_view, session_view
from app.extensions import db


def _image_kept(entry: dict) -> None:
    """An item may name only an image the store holds (uploaded, or from a deck)."""
    if isinstance(entry, dict) and isinstance(entry.get("image"), str) and \
            images.path_of(entry["image"]) is None:
        raise Invalid(_("Some fields are not valid."),
                      {"image": "Not the name of an uploaded slide image."})


def _checked(data: dict, where: tuple) -> dict:
    """Load the changed course through the import's schema. Problems under `where` (the
    path of what the form edits) are named by field, as the form shows them."""
    try:
        return CourseFileSchema().load(data)
    except ValidationError as err:
        fields = {}
        for path, message in flatten(err.messages):
            inside = path[:len(where)] == where
            key = ".".join(str(p) for p in (path[len(where):] if inside else path))
            fields[key or "_"] = message
        raise Invalid(_("Some fields are not valid."), fields) from err


def _session(ctx: CourseContext, session_id: int) -> CourseSession:
    session = db.session.get(CourseSession, session_id)
    if session is None or session.course_id != ctx.course.id:
        raise NotFound(_("No such session in this course."))
    return session


def _item(ctx: CourseContext, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or db.session.get(CourseSession, item.session_id).course_id != ctx.course.id:
        raise NotFound(_("No such agenda item in this course."))
    return item


def _index(ctx: CourseContext, session: CourseSession) -> int:
    return ctx.course.sessions.index(session)


def _renumber(rows: list, ordered: list) -> None:
    """Give rows their new 1-based positions without clashing on the unique position."""
    for row in rows:
        row.position = -row.position - 1000
    db.session.flush()
    for position, row in enumerate(ordered, start=1):
        row.position = position
    db.session.flush()


def _record_items(ctx: CourseContext, items: list[AgendaItem], gone: list[int] = (),
                  sessions: list[CourseSession] = (), gone_sessions: list[int] = ()) -> None:
    """The agenda (staff) and the sessions list (everyone) as they are now, in every room."""
    db.session.flush()
    changes = [("agenda", str(i.id), agenda_view(i)) for i in items]
    changes += [("agenda", str(i), None) for i in gone]
    if changes:
        ctx.record("agenda.edited", scope="staff", changes=changes)
    session_changes = [("sessions", str(s.id), session_view(s)) for s in sessions]
    session_changes += [("sessions", str(s), None) for s in gone_sessions]
    if session_changes:
        ctx.record("sessions.edited", changes=session_changes)
    shown = {i.id for i in items}
    for room in ctx.rooms:
        if room.current_session_id is None:
            continue
        live = live_view(db.session.get(Room, room.id))
        if live["item"]["id"] in shown:
            ctx.record("agenda.edited", room_id=room.id, changes=[("live", "current", live)])


# ------------------------------------------------------------------------ the course

def edit_course(ctx: CourseContext, info: dict) -> dict:
    data = export_course(ctx.course)
    data["course"].update(info)
    loaded = _checked(data, ("course",))["course"]
    for name in ("title", "language", "description"):
        setattr(ctx.course, name, loaded[name])
    db.session.flush()
    for room in ctx.rooms:
        ctx.record("course.edited", room_id=room.id, changes=[(
            "room", "current", {"id": room.id, "title": db.session.get(Room, room.id).title,
                                "course": ctx.course.title, "language": ctx.course.language})])
    return {}


# ------------------------------------------------------------------------ sessions

def add_session(ctx: CourseContext, title: str, minutes: int) -> dict:
    """A new session at the end, with a first slide bearing its title (a session has at
    least one item, as in a course file)."""
    data = export_course(ctx.course)
    data["sessions"].append({"title": title, "minutes": minutes,
                             "items": [{"kind": "slide", "title": title}]})
    loaded = _checked(data, ("sessions", len(data["sessions"]) - 1))["sessions"][-1]
    session = CourseSession(position=len(ctx.course.sessions) + 1, title=loaded["title"],
                            minutes=loaded["minutes"])
    session.items.append(AgendaItem(position=1, **item_fields(loaded["items"][0])))
    ctx.course.sessions.append(session)
    db.session.flush()
    _record_items(ctx, session.items, sessions=[session])
    return {"session_id": session.id}


def edit_session(ctx: CourseContext, session_id: int, changes: dict) -> dict:
    session = _session(ctx, session_id)
    data = export_course(ctx.course)
    index = _index(ctx, session)
    data["sessions"][index].update({k: v for k, v in changes.items() if k != "starts_at"})
    loaded = _checked(data, ("sessions", index))["sessions"][index]
    session.title, session.minutes = loaded["title"], loaded["minutes"]
    if "starts_at" in changes:
        starts = changes["starts_at"]
        session.starts_at = starts and starts.astimezone(UTC).replace(tzinfo=None)
    _record_items(ctx, [], sessions=[session])
    return {}


def move_session(ctx: CourseContext, session_id: int, position: int) -> dict:
    session = _session(ctx, session_id)
    sessions = list(ctx.course.sessions)
    if position > len(sessions):
        raise Invalid(_("There is no such place."), {"position": _("There is no such place.")})
    sessions.remove(session)
    sessions.insert(position - 1, session)
    _renumber(ctx.course.sessions, sessions)
    db.session.expire(ctx.course, ["sessions"])
    _record_items(ctx, [], sessions=sessions)
    return {}


def delete_session(ctx: CourseContext, session_id: int) -> dict:
    """Remove a session no room has started: a session that ran keeps its history."""
    session = _session(ctx, session_id)
    if in_use("course_session", [session.id]) or in_use("agenda_item",
                                                       [i.id for i in session.items]):
        raise Conflict(_("This session has already run in a room; it stays for its history."))
    data = export_course(ctx.course)
    del data["sessions"][_index(ctx, session)]
    _checked(data, ())
    gone_items = [i.id for i in session.items]
    ctx.course.sessions.remove(session)
    db.session.flush()
    rest = list(ctx.course.sessions)
    _renumber(rest, rest)
    _record_items(ctx, [], gone=gone_items, sessions=rest, gone_sessions=[session_id])
    return {}


# ------------------------------------------------------------------------ agenda items

def _place_items(ctx: CourseContext, session: CourseSession, entries: list[dict],
                 position: int | None) -> list[AgendaItem]:
    """Check and insert course-file items from `position` on (default: the end)."""
    index = _index(ctx, session)
    items = list(session.items)
    at = len(items) if position is None else min(max(position, 1), len(items) + 1) - 1
    data = export_course(ctx.course)
    data["sessions"][index]["items"][at:at] = entries
    loaded = _checked(data, ("sessions", index, "items", at))
    for entry in entries:
        _image_kept(entry)
    made = [AgendaItem(session_id=session.id, position=len(items) + 1 + n,
                       **item_fields(loaded["sessions"][index]["items"][at + n]))
            for n in range(len(entries))]
    db.session.add_all(made)
    db.session.flush()
    items[at:at] = made
    _renumber(items, items)
    db.session.expire(session, ["items"])
    _record_items(ctx, items, sessions=[session])
    return made


def _place_item(ctx: CourseContext, session: CourseSession, entry: dict,
                position: int | None) -> AgendaItem:
    return _place_items(ctx, session, [entry], position)[0]


def add_deck(ctx: CourseContext, session_id: int, title: str, pages: list[str],
             position: int | None) -> dict:
    """A slide deck's pages as slides, one per page with the page as its image."""
    count = len(pages)
    entries = [{"kind": "slide", "title": _("%(title)s (%(page)s of %(count)s)", title=title,
                                            page=n, count=count), "image": page}
               for n, page in enumerate(pages, start=1)]
    made = _place_items(ctx, _session(ctx, session_id), entries, position)
    return {"item_ids": [item.id for item in made]}


def add_item(ctx: CourseContext, session_id: int, entry: dict, position: int | None) -> dict:
    item = _place_item(ctx, _session(ctx, session_id), entry, position)
    return {"item_id": item.id}


def duplicate_item(ctx: CourseContext, item_id: int) -> dict:
    """A copy right after the original; the copy has no id (ids are unique in a course)."""
    item = _item(ctx, item_id)
    session = _session(ctx, item.session_id)
    entry = copy.deepcopy(export_item(item))
    entry.pop("id", None)
    copy_ = _place_item(ctx, session, entry, item.position + 1)
    return {"item_id": copy_.id}


def edit_item(ctx: CourseContext, item_id: int, entry: dict, confirm: bool) -> dict:
    """Change an item. One that a room has already shown or used keeps what was made with
    it (answers, notes, timings): the change applies from now on, once confirmed."""
    item = _item(ctx, item_id)
    if not confirm and in_use("agenda_item", [item.id]):
        raise Conflict(_("This item has already been used in a room. What was answered or "
                         "written there stays as it was; save the change for what comes "
                         "next?"), {"confirm": "needed"})
    session = _session(ctx, item.session_id)
    index, at = _index(ctx, session), item.position - 1
    data = export_course(ctx.course)
    data["sessions"][index]["items"][at] = entry
    loaded = _checked(data, ("sessions", index, "items", at))
    _image_kept(entry)
    for name, value in item_fields(loaded["sessions"][index]["items"][at]).items():
        setattr(item, name, value)
    _record_items(ctx, [item])
    return {}


def move_item(ctx: CourseContext, item_id: int, position: int,
              session_id: int | None = None) -> dict:
    """Put an item at `position` in its session, or in another session of the course."""
    item = _item(ctx, item_id)
    source = _session(ctx, item.session_id)
    target = source if session_id is None else _session(ctx, session_id)
    if target is not source and in_use("agenda_item", [item.id]):
        raise Conflict(_("This item has already been used in a room; it stays in its session."))
    leaving = [i for i in source.items if i is not item]
    arriving = leaving if target is source else list(target.items)
    if not 1 <= position <= len(arriving) + 1:
        raise Invalid(_("There is no such place."), {"position": _("There is no such place.")})
    data = export_course(ctx.course)
    entry = data["sessions"][_index(ctx, source)]["items"].pop(item.position - 1)
    data["sessions"][_index(ctx, target)]["items"].insert(position - 1, entry)
    _checked(data, ())
    arriving = [*arriving]
    arriving.insert(position - 1, item)
    if target is not source:
        item.session_id, item.position = target.id, -1
        db.session.flush()
        _renumber(leaving, leaving)
    _renumber(arriving, arriving)
    db.session.expire(source, ["items"])
    db.session.expire(target, ["items"])
    changed = arriving if target is source else leaving + arriving
    _record_items(ctx, changed, sessions=[source] if target is source else [source, target])
    return {}


def delete_item(ctx: CourseContext, item_id: int) -> dict:
    """Remove an item no room has used: one that was shown or answered keeps its history."""
    item = _item(ctx, item_id)
    if in_use("agenda_item", [item.id]):
        raise Conflict(_("This item has already been used in a room; it stays for its history."))
    session = _session(ctx, item.session_id)
    index = _index(ctx, session)
    data = export_course(ctx.course)
    del data["sessions"][index]["items"][item.position - 1]
    _checked(data, ("sessions", index))
    rest = [i for i in session.items if i is not item]
    db.session.delete(item)
    db.session.flush()
    _renumber(rest, rest)
    db.session.expire(session, ["items"])
    _record_items(ctx, rest, gone=[item_id], sessions=[session])
    return {}
