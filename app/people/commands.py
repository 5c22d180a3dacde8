"""Commands about people. Joining runs as a "guest" actor from the join endpoint, accepting a
co-facilitator invitation as an "invitee" from its endpoint; neither role ever has a socket."""
from app.core.commands import command
from app.people import service
from app.people.schemas import (
    CoFacilitatorRef,
    EraseSchema,
    JoinSchema,
    LinkSchema,
    NameSchema,
    ParticipantRef,
    RemoveSchema,
)


@command("participant.join", JoinSchema, ("guest",))
def participant_join(ctx, data):
    return service.join(ctx, data["name"], data.get("device"))


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


@command("participant.remove", RemoveSchema, ("facilitator", "cofacilitator"))
def participant_remove(ctx, data):
    return service.remove(ctx, data["participant_id"], data["hide_notes"])


@command("participant.readmit", ParticipantRef, ("facilitator",))
def participant_readmit(ctx, data):
    return service.readmit(ctx, data["participant_id"])


@command("cofacilitator.revoke", CoFacilitatorRef, ("facilitator",))
def cofacilitator_revoke(ctx, data):
    return service.revoke_cofacilitator(ctx, data["cofacilitator_id"])


@command("link.renew", LinkSchema, ("facilitator",))
def link_renew(ctx, data):
    return service.renew_link(ctx, data["kind"])
