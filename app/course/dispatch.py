"""Course edits through the command registry.

A course edit (`target="course"` commands) changes content that every room running the
course shows, so its events are recorded in each of those rooms' logs, in the edit's own
transaction: a console open on any of them applies them with the one generic reducer, and
a console that reconnects later catches up from its log as for any other change (see
docs/architecture.md, "Course edits"). Applying an edit:

envelope -> prepare (size, registry, digest) -> lock the course, then its rooms -> role and
schema -> service (app/course/editing.py) -> events numbered per room -> CourseEdit(ack)
-> COMMIT -> publish to each room -> ack.
"""
from dataclasses import dataclass, field

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.core.clock import now
from app.core.commands import Prepared, event_message, prepare
from app.core.errors import CommandError, Conflict, Forbidden, Invalid
from app.core.fanout import publish
from app.core.models import Room, RoomEvent
from app.core.scopes import Actor
from app.course.models import Course, CourseEdit
from app.extensions import db

_LOCK_COURSE = (update(Course).where(Course.id == bindparam("course"))
                .values(title=Course.title).returning(Course.id))
_LOCK_ROOMS = (update(Room).where(Room.course_id == bindparam("course"))
               .values(last_seq=Room.last_seq)
               .returning(Room.id, Room.last_seq, Room.current_session_id))
_ADVANCE = update(Room).where(Room.id == bindparam("room")).values(last_seq=bindparam("seq"))


@dataclass
class CourseContext:
    """What a course edit's handler may touch: the locked course, who edits, and the
    events it records (each once per room of the course)."""

    course: Course
    actor: Actor
    #: (id, last_seq, current_session_id) of every room running the course, locked
    rooms: list
    events: list[dict] = field(default_factory=list)

    def record(self, type: str, data: dict | None = None, scope: str = "room",
               changes: list | tuple = (), room_id: int | None = None) -> None:
        """An event in every room of the course (or only in `room_id`'s)."""
        for room in self.rooms:
            if room_id is None or room.id == room_id:
                self.events.append({
                    "room_id": room.id, "session_id": room.current_session_id, "type": type,
                    "scope": scope, "actor": self.actor.key,
                    "payload": {"data": data or {}, "changes": [list(c) for c in changes]}})


def editor(account) -> Actor:
    """The facilitator as the author of course edits (a course edit belongs to no room)."""
    return Actor("facilitator", account.id, 0, account.name)


def apply_edit(course_id: int, actor: Actor, envelope) -> dict:
    """Apply one course edit; publish its events after commit and return its ack."""
    command = prepare(actor, envelope, target="course")
    if not isinstance(command, Prepared):
        return command
    try:
        ack, events = _apply(course_id, command)
    except (CommandError, IntegrityError) as err:
        db.session.rollback()
        previous = _previous(course_id, command)
        if previous is not None:
            return previous
        if isinstance(err, IntegrityError):
            raise
        return err.as_ack()
    for room_id in {event["room_id"] for event in events}:
        publish(room_id, [event_message(e) for e in events if e["room_id"] == room_id])
    return ack


def _apply(course_id: int, command: Prepared) -> tuple[dict, list[dict]]:
    db.session.rollback()
    connection = db.session.connection()
    if connection.execute(_LOCK_COURSE, {"course": course_id}).first() is None:
        raise Invalid(_("This course does not exist."))
    rooms = sorted(connection.execute(_LOCK_ROOMS, {"course": course_id}).all())
    spec = command.spec
    if command.actor.role not in spec.roles:
        raise Forbidden(_("Your role may not do this."))
    try:
        data = spec.schema.load(command.raw)
    except ValidationError as err:
        raise Invalid(_("Some fields are not valid."), err.messages) from err
    ctx = CourseContext(db.session.get(Course, course_id), command.actor, rooms)
    result = spec.handler(ctx, data) or {}
    moment = now()
    seqs = {room.id: room.last_seq for room in rooms}
    for event in ctx.events:
        seqs[event["room_id"]] += 1
        event.update(seq=seqs[event["room_id"]], created_at=moment)
    ack = {"ok": True, "result": result}
    db.session.flush()
    if ctx.events:
        connection.execute(_ADVANCE, [{"room": room.id, "seq": seqs[room.id]} for room in rooms
                                      if seqs[room.id] != room.last_seq])
        connection.execute(insert(RoomEvent), ctx.events)
    db.session.add(CourseEdit(course_id=course_id, actor=command.actor.key,
                              command_id=command.id, type=spec.type, digest=command.digest,
                              ack=ack, created_at=moment))
    db.session.commit()
    return ack, ctx.events


def _previous(course_id: int, command: Prepared) -> dict | None:
    """The first answer to this command id, or a conflict if it came with other content."""
    row = db.session.execute(select(CourseEdit.ack, CourseEdit.digest).where(
        CourseEdit.course_id == course_id, CourseEdit.actor == command.actor.key,
        CourseEdit.command_id == command.id)).one_or_none()
    if row is None:
        return None
    if row.digest != command.digest:
        return Conflict(_("This command id was already used for another command.")).as_ack()
    return row.ack
