"""Live navigation commands; the facilitator drives."""
from app.core.commands import command
from app.course import service
from app.course.schemas import AgendaGotoSchema, EmptySchema, SessionStartSchema

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
