"""Presentation commands: the facilitator runs the queue, a team's presenter turns the pages."""
from app.core.commands import command
from app.presentations import service
from app.presentations.schemas import (
    PageSchema,
    PresentationOpenSchema,
    PresentationRef,
    ReorderSchema,
)

RUNS = ("facilitator",)


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
