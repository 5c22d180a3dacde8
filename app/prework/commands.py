"""Pre-work commands: the facilitator opens and closes tasks; participants hand in and keep
private notes."""
from app.core.commands import command
from app.prework import service
from app.prework.schemas import (
    NoteSchema,
    PreworkCreateSchema,
    PreworkOpenSchema,
    SubmitSchema,
    TaskRef,
)

RUNS = ("facilitator",)


@command("prework.open", PreworkOpenSchema, RUNS)
def prework_open(ctx, data):
    return service.open_task(ctx, data["item_id"], data.get("due_at"))


@command("prework.create", PreworkCreateSchema, RUNS)
def prework_create(ctx, data):
    return service.create_task(ctx, data)


@command("prework.close", TaskRef, RUNS)
def prework_close(ctx, data):
    return service.close_task(ctx, data["task_id"])


@command("prework.submit", SubmitSchema, ("participant",))
def prework_submit(ctx, data):
    return service.submit(ctx, data)


# private: the stored digest of the command covers its type only, not the notes
@command("prework.note", NoteSchema, ("participant",), private=True)
def prework_note(ctx, data):
    return service.save_note(ctx, data)
