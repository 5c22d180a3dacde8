"""Chat commands: everyone but the projector writes; the staff delete and mute (a
co-facilitator in the room's chat and their own teams', which the service checks)."""
from app.chat import service
from app.chat.schemas import MessageRef, MuteSchema, SendSchema
from app.core.commands import command

STAFF = ("facilitator", "cofacilitator")


@command("chat.send", SendSchema, ("facilitator", "cofacilitator", "participant"), burst=True)
def chat_send(ctx, data):
    return service.send(ctx, data["text"], data["team_id"])


@command("chat.delete", MessageRef, STAFF)
def chat_delete(ctx, data):
    return service.delete(ctx, data["message_id"])


@command("chat.mute", MuteSchema, STAFF)
def chat_mute(ctx, data):
    return service.mute(ctx, data["participant_id"], data["muted"])
