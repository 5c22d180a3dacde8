"""Live navigation commands (the facilitator drives) and course edits (the editor)."""
from app.core.commands import command
from app.course import editing, service
from app.course.schemas import (
    AgendaGotoSchema,
    CourseInfoEditSchema,
    DeckAddSchema,
    EmptySchema,
    ItemAddSchema,
    ItemEditSchema,
    ItemMoveSchema,
    ItemRefSchema,
    SessionAddSchema,
    SessionEditSchema,
    SessionMoveSchema,
    SessionRefSchema,
    SessionStartSchema,
)

DRIVERS = ("facilitator",)


@command("session.start", SessionStartSchema, DRIVERS)
def session_start(ctx, data):
    return service.start_session(ctx, data["session_id"])


@command("session.end", EmptySchema, DRIVERS)
def session_end(ctx, data):
    return service.end_session(ctx)


@command("agenda.goto", AgendaGotoSchema, DRIVERS)
def agenda_goto(ctx, data):
    return service.go_to(ctx, data["item_id"])


@command("agenda.next", EmptySchema, DRIVERS)
def agenda_next(ctx, data):
    return service.step(ctx, +1)


@command("agenda.back", EmptySchema, DRIVERS)
def agenda_back(ctx, data):
    return service.step(ctx, -1)


# Course edits, sent from the course editor (app/course/dispatch.py applies them).

EDITORS = ("facilitator",)


def _edit(type: str, schema):
    return command(type, schema, EDITORS, target="course")


@_edit("course.edit", CourseInfoEditSchema)
def course_edit(ctx, data):
    return editing.edit_course(ctx, data)


@_edit("session.add", SessionAddSchema)
def session_add(ctx, data):
    return editing.add_session(ctx, data["title"], data["minutes"])


@_edit("session.edit", SessionEditSchema)
def session_edit(ctx, data):
    return editing.edit_session(ctx, data.pop("session_id"), data)


@_edit("session.move", SessionMoveSchema)
def session_move(ctx, data):
    return editing.move_session(ctx, data["session_id"], data["position"])


@_edit("session.delete", SessionRefSchema)
def session_delete(ctx, data):
    return editing.delete_session(ctx, data["session_id"])


@_edit("item.add", ItemAddSchema)
def item_add(ctx, data):
    return editing.add_item(ctx, data["session_id"], data["item"], data.get("position"))


@_edit("item.edit", ItemEditSchema)
def item_edit(ctx, data):
    return editing.edit_item(ctx, data["item_id"], data["item"], data["confirm"])


@_edit("item.duplicate", ItemRefSchema)
def item_duplicate(ctx, data):
    return editing.duplicate_item(ctx, data["item_id"])


@_edit("item.move", ItemMoveSchema)
def item_move(ctx, data):
    return editing.move_item(ctx, data["item_id"], data["position"], data.get("session_id"))


@_edit("item.delete", ItemRefSchema)
def item_delete(ctx, data):
    return editing.delete_item(ctx, data["item_id"])


@_edit("deck.add", DeckAddSchema)
def deck_add(ctx, data):
    return editing.add_deck(ctx, data["session_id"], data["title"], data["pages"],
                            data.get("position"))
