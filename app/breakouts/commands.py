"""Team, breakout and help-request commands. Roles are checked here; who may act on which
team (a co-facilitator's own teams, a participant's own team) in the service."""
from app.breakouts import service
from app.breakouts.schemas import (
    BreakoutStartSchema,
    BroadcastSchema,
    Empty,
    ExtendSchema,
    GroupingRef,
    HelpRef,
    ModeratorsSchema,
    MoveSchema,
    RenameSchema,
    RoleSchema,
    TeamRef,
    TeamsSpecSchema,
)
from app.core.commands import command

RUNS = ("facilitator",)
MODERATE = ("facilitator", "cofacilitator")


@command("teams.make", TeamsSpecSchema, RUNS)
def teams_make(ctx, data):
    return service.make(ctx, data)


@command("teams.activate", GroupingRef, RUNS)
def teams_activate(ctx, data):
    return service.activate(ctx, data["grouping_id"])


@command("team.move", MoveSchema, MODERATE)
def team_move(ctx, data):
    return service.move(ctx, data["participant_id"], data["team_id"])


@command("team.join", TeamRef, ("participant",))
def team_join(ctx, data):
    return service.join(ctx, data["team_id"])


@command("team.rename", RenameSchema, RUNS)
def team_rename(ctx, data):
    return service.rename(ctx, data["team_id"], data["name"])


@command("team.role", RoleSchema, ("facilitator", "participant"))
def team_role(ctx, data):
    return service.set_role(ctx, data["team_id"], data["participant_id"], data["role"])


@command("team.moderators", ModeratorsSchema, RUNS)
def team_moderators(ctx, data):
    return service.set_moderators(ctx, data["team_id"], data["cofacilitator_ids"])


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
