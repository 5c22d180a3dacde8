"""Chat messages and who the staff have muted."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import now
from app.extensions import db


class ChatMessage(db.Model):
    """One line in the room's chat or a team's chat."""

    __tablename__ = "chat_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("course_session.id"))
    #: None for the room's chat, else the team's
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    #: actor key of the writer, e.g. "participant:42", for rate limits and mutes
    author: Mapped[str] = mapped_column(String(64))
    #: the writer's name as it was when sent
    author_name: Mapped[str] = mapped_column(String(80))
    #: plain text, shown as text
    text: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(default=now)
    #: set when the staff deleted it; its text is then taken out of the log
    deleted_at: Mapped[datetime | None]


Index("ix_chat_message_room", ChatMessage.room_id, ChatMessage.deleted_at)
Index("ix_chat_message_author_time", ChatMessage.author, ChatMessage.sent_at)


class ChatMute(db.Model):
    """A participant the staff have muted in this room's chats."""

    __tablename__ = "chat_mute"
    __table_args__ = (UniqueConstraint("room_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    #: actor key of the staff member who muted them
    muted_by: Mapped[str] = mapped_column(String(64))
    muted_at: Mapped[datetime] = mapped_column(default=now)
