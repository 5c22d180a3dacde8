"""Team commands. Roles are checked here; who may act on which team (a co-facilitator's
own teams, a participant's own team) in the service."""
from app.core.commands import command
from app.teams import service
from app.teams.schemas import (
    GroupingRef,
    ModeratorsSchema,
    MoveSchema,
    RenameSchema,
    RoleSchema,
    TeamRef,
    TeamsSpecSchema,
)

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
