"""Poll commands: the facilitator runs the lifecycle, participants answer."""
from app.core.commands import command
from app.polls import service
from app.polls.schemas import (
    AnswerSchema,
    HideAnswerSchema,
    PollOpenSchema,
    PollRef,
    PollSpecSchema,
)

RUNS = ("facilitator",)


@command("poll.create", PollSpecSchema, RUNS)
def poll_create(ctx, data):
    return service.create(ctx, data)


@command("poll.open", PollOpenSchema, RUNS)
def poll_open(ctx, data):
    return service.open_poll(ctx, data.get("poll_id"), data.get("item_id"))


@command("poll.close", PollRef, RUNS)
def poll_close(ctx, data):
    return service.close_poll(ctx, data["poll_id"])


@command("poll.reveal", PollRef, RUNS)
def poll_reveal(ctx, data):
    return service.reveal(ctx, data["poll_id"])


@command("poll.answer", AnswerSchema, ("participant",), private=True, burst=True)
def poll_answer(ctx, data):
    return service.answer(ctx, data)


@command("poll.hide_answer", HideAnswerSchema, RUNS)
def poll_hide_answer(ctx, data):
    return service.hide_answer(ctx, data)
