"""Plenary commands: participants raise hands and react; the staff run the queue; the
facilitator runs the timer and the message to everyone."""
from app.core.commands import command
from app.plenary import service
from app.plenary.schemas import (
    AnnouncementSchema,
    Empty,
    HandRef,
    ReactionSchema,
    TimerExtendSchema,
    TimerStartSchema,
)

RUNS = ("facilitator",)
STAFF = ("facilitator", "cofacilitator")
PARTICIPANT = ("participant",)


@command("hand.raise", Empty, PARTICIPANT)
def hand_raise(ctx, data):
    return service.raise_hand(ctx)


@command("hand.lower", Empty, PARTICIPANT)
def hand_lower(ctx, data):
    return service.lower_own(ctx)


@command("hands.lower", HandRef, STAFF)
def hands_lower(ctx, data):
    return service.lower(ctx, data["hand_id"])


@command("hands.lower_all", Empty, STAFF)
def hands_lower_all(ctx, data):
    return service.lower_all(ctx)


@command("reaction.send", ReactionSchema, PARTICIPANT, burst=True)
def reaction_send(ctx, data):
    return service.react(ctx, data["kind"])


@command("timer.start", TimerStartSchema, RUNS)
def timer_start(ctx, data):
    return service.start_timer(ctx, data)


@command("timer.extend", TimerExtendSchema, RUNS)
def timer_extend(ctx, data):
    return service.extend_timer(ctx, data["seconds"])


@command("timer.stop", Empty, RUNS)
def timer_stop(ctx, data):
    return service.stop_timer(ctx)


@command("announcement.send", AnnouncementSchema, RUNS)
def announcement_send(ctx, data):
    return service.announce(ctx, data["text"])


@command("announcement.clear", Empty, RUNS)
def announcement_clear(ctx, data):
    return service.clear_announcement(ctx)
