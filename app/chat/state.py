"""What clients see of chat: the messages of the room and of their teams, who is muted
(the staff), and whether they are muted themselves."""
from sqlalchemy import or_, select

from app.chat.models import ChatMessage, ChatMute
from app.core.clock import iso
from app.core.models import Room
from app.core.scopes import Actor, teams_of
from app.core.state import snapshot_part
from app.extensions import db


def message_view(message: ChatMessage) -> dict:
    return {"id": message.id, "team_id": message.team_id, "author": message.author_name,
            "by": message.author, "staff": not message.author.startswith("participant:"),
            "text": message.text,
            "sent_at": iso(message.sent_at)}


def chat_scope(message: ChatMessage) -> str:
    return "room" if message.team_id is None else f"team:{message.team_id}"


@snapshot_part
def chat_part(room: Room, actor: Actor) -> dict[str, dict]:
    query = select(ChatMessage).where(ChatMessage.room_id == room.id,
                                      ChatMessage.deleted_at.is_(None))
    if actor.role != "facilitator":
        query = query.where(or_(ChatMessage.team_id.is_(None),
                                ChatMessage.team_id.in_(teams_of(actor))))
    part = {"chat": {str(m.id): message_view(m)
                     for m in db.session.execute(query.order_by(ChatMessage.id)).scalars()}}
    muted = db.session.execute(select(ChatMute.participant_id).where(
        ChatMute.room_id == room.id)).scalars().all()
    if actor.is_staff:
        part["chat_mutes"] = {str(p): True for p in muted}
    elif actor.role == "participant":
        part["my_chat"] = {"muted": True} if actor.id in muted else {}
    return part
