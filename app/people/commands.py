"""Commands about people. Joining runs as a "guest" actor from the join endpoint, accepting a
co-facilitator invitation as an "invitee" from its endpoint; neither role ever has a socket."""
from app.core.commands import command
from app.people import service
from app.people.schemas import EraseSchema, NameSchema


@command("participant.join", NameSchema, ("guest",))
def participant_join(ctx, data):
    return service.join(ctx, data["name"])


@command("participant.rename", NameSchema, ("participant",))
def participant_rename(ctx, data):
    return service.rename(ctx, data["name"])


@command("cofacilitator.accept", NameSchema, ("invitee",))
def cofacilitator_accept(ctx, data):
    return service.accept_cofacilitation(ctx, data["name"])


@command("participant.erase", EraseSchema, ("operator",))
def participant_erase(ctx, data):
    """Only `flask workshop erase-participant` acts as the operator: no socket can."""
    return service.erase(ctx, data["participant_id"])
