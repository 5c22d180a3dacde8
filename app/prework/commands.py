"""Pre-work and presentation commands: the facilitator opens and closes tasks and runs the
presentations; participants hand in and keep private notes."""
from app.core.commands import command
from app.prework import service
from app.prework.schemas import (
    NoteSchema,
    PageSchema,
    PresentationOpenSchema,
    PresentationRef,
    PreworkCreateSchema,
    PreworkOpenSchema,
    ReorderSchema,
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


@command("presentation.open", PresentationOpenSchema, RUNS)
def presentation_open(ctx, data):
    return service.open_presentation(ctx, data["item_id"])


@command("presentation.reorder", ReorderSchema, RUNS)
def presentation_reorder(ctx, data):
    return service.reorder(ctx, data["presentation_id"], data["queue"])


@command("presentation.next", PresentationRef, RUNS)
def presentation_next(ctx, data):
    return service.next_team(ctx, data["presentation_id"])


@command("presentation.page", PageSchema, ("facilitator", "participant"))
def presentation_page(ctx, data):
    return service.turn_page(ctx, data["presentation_id"], data["page"])
