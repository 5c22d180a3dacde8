"""Breakout and help-request commands. Roles are checked here; which team's help a
co-facilitator may take, in the service."""
from app.breakouts import service
from app.breakouts.schemas import BreakoutStartSchema, BroadcastSchema, Empty, ExtendSchema, HelpRef
from app.core.commands import command

RUNS = ("facilitator",)
MODERATE = ("facilitator", "cofacilitator")


@command("breakout.start", BreakoutStartSchema, RUNS)
def breakout_start(ctx, data):
    return service.start(ctx, data)


@command("breakout.extend", ExtendSchema, RUNS)
def breakout_extend(ctx, data):
    return service.extend(ctx, data["minutes"])


@command("breakout.broadcast", BroadcastSchema, RUNS)
def breakout_broadcast(ctx, data):
    return service.broadcast(ctx, data["text"])


@command("breakout.close", Empty, RUNS)
def breakout_close(ctx, data):
    return service.close(ctx)


@command("help.ask", Empty, ("participant",))
def help_ask(ctx, data):
    return service.ask(ctx)


@command("help.take", HelpRef, MODERATE)
def help_take(ctx, data):
    return service.take(ctx, data["help_id"])


@command("help.resolve", HelpRef, MODERATE)
def help_resolve(ctx, data):
    return service.resolve(ctx, data["help_id"])
