"""Writes for chat: send (rate- and length-limited, refused when muted or turned off),
delete (the staff; the text is then taken out of the log) and mute."""
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.chat.models import ChatMessage, ChatMute
from app.chat.state import chat_scope, message_view
from app.core.clock import now
from app.core.commands import Context
from app.core.errors import Conflict, Forbidden, Invalid, NotFound, RateLimited
from app.core.models import RoomEvent
from app.core.scopes import teams_of
from app.extensions import db
from app.people.models import Participant
from app.settings.service import require

#: what one person may send within SEND_WINDOW
SEND_LIMIT = 5
SEND_WINDOW = timedelta(seconds=10)


def _muted(room_id: int, participant_id: int) -> ChatMute | None:
    return db.session.execute(select(ChatMute).where(
        ChatMute.room_id == room_id,
        ChatMute.participant_id == participant_id)).scalar_one_or_none()


def send(ctx: Context, text: str, team_id: int | None) -> dict:
    actor = ctx.actor
    require(ctx.room_id, "chat" if team_id is None else "team_chat")
    if team_id is not None and actor.role != "facilitator" and team_id not in teams_of(actor):
        raise Forbidden(_("You can write only in your own team's chat."))
    if actor.role == "participant" and _muted(ctx.room_id, actor.id):
        raise Forbidden(_("The facilitator has muted you in the chat."))
    moment = now()
    recent = db.session.execute(select(func.count()).select_from(ChatMessage).where(
        ChatMessage.author == actor.key, ChatMessage.sent_at > moment - SEND_WINDOW)).scalar_one()
    if recent >= SEND_LIMIT:
        raise RateLimited(_("You are writing fast; wait a moment."))
    text = text.strip()
    if not text:
        raise Invalid(_("Write a message."), {"text": [_("Write a message.")]})
    message = ChatMessage(room_id=ctx.room_id, session_id=ctx.session_id, team_id=team_id,
                          author=actor.key, author_name=actor.name, text=text, sent_at=moment)
    db.session.add(message)
    db.session.flush()
    ctx.record("chat.sent", {"message_id": message.id}, scope=chat_scope(message),
               changes=[("chat", str(message.id), message_view(message))])
    return {"message_id": message.id}


def delete(ctx: Context, message_id: int) -> dict:
    message = ctx.find(ChatMessage, message_id, _("No such message."))
    if message.deleted_at is not None:
        raise NotFound(_("No such message."))
    if ctx.actor.role == "cofacilitator" and message.team_id is not None \
            and message.team_id not in teams_of(ctx.actor):
        raise Forbidden(_("This message is in a team you do not moderate."))
    message.deleted_at = now()
    redact(ctx.room_id, message.id)
    ctx.record("chat.deleted", {"message_id": message.id}, scope=chat_scope(message),
               changes=[("chat", str(message.id), None)])
    return {"message_id": message.id}


def redact(room_id: int, message_id: int) -> None:
    """The message's text out of the log: its "chat.sent" event now deletes it, which the
    "chat.deleted" event after it does anyway, so folding the log ends the same."""
    event = next((e for e in db.session.execute(select(RoomEvent).where(
        RoomEvent.room_id == room_id, RoomEvent.type == "chat.sent")).scalars()
        if e.payload["data"].get("message_id") == message_id), None)
    if event is not None:
        event.payload = {**event.payload, "changes": [["chat", str(message_id), None]]}


def mute(ctx: Context, participant_id: int, muted: bool) -> dict:
    """Mute or unmute a participant in every chat of the room."""
    ctx.find(Participant, participant_id, _("No such participant."))
    row = _muted(ctx.room_id, participant_id)
    if muted == (row is not None):
        raise Conflict(_("Already so."))
    if muted:
        db.session.add(ChatMute(room_id=ctx.room_id, participant_id=participant_id,
                                muted_by=ctx.actor.key, muted_at=now()))
    else:
        db.session.delete(row)
    ctx.record("chat.muted", {"participant_id": participant_id, "muted": muted}, scope="staff",
               changes=[("chat_mutes", str(participant_id), True if muted else None)])
    ctx.record("chat.muted", {"participant_id": participant_id, "muted": muted},
               scope=f"participant:{participant_id}",
               changes=[("my_chat", "muted", True if muted else None)])
    return {"participant_id": participant_id, "muted": muted}
