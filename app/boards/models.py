"""Boards and what people put on them. A board belongs to an agenda item (or was made up
live) or to a breakout team; its notes carry a version so concurrent edits converge."""
from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import now
from app.extensions import db

PHASES = ("writing", "voting", "results", "locked")
COLORS = ("yellow", "pink", "blue", "green", "orange", "purple")
REACTIONS = ("like", "love", "idea", "question")


class Board(db.Model):
    __tablename__ = "board"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"), index=True)
    #: the agenda item that made it; None for a board made up live
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"))
    #: every agenda item that shows it: its own, and later items that refer back to it
    item_ids: Mapped[list] = mapped_column(JSON, default=list)
    #: a breakout team's own board; None for a board of the whole room
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    #: the course session it was opened in, for per-session exports
    session_id: Mapped[int | None] = mapped_column(ForeignKey("course_session.id"))
    prompt: Mapped[str] = mapped_column(String(500))
    #: lane titles; a note's column is an index into this list, so lanes are only appended
    columns: Mapped[list] = mapped_column(JSON, default=list)
    #: one of PHASES, moved by the facilitator (or a team's moderator)
    phase: Mapped[str] = mapped_column(String(10), default="writing")
    #: while not revealed, each participant sees only their own notes
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    #: a team board the facilitator has shown to the whole room
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    #: notes show no author
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    #: most notes one participant may post; None for no limit
    note_limit: Mapped[int | None]
    #: longest note text
    text_limit: Mapped[int] = mapped_column(default=280)
    #: dot votes per participant
    dot_votes: Mapped[int] = mapped_column(default=3)
    #: most dots one participant may put on one note; None for the whole budget
    vote_cap: Mapped[int | None]
    #: vote counts reach participants only from the results phase on
    hide_votes: Mapped[bool] = mapped_column(Boolean, default=False)
    #: each participant is asked for one positive comment on someone else's note
    require_positive_comment: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=now)


class Cluster(db.Model):
    """A titled group of notes, made by a moderator while converging."""

    __tablename__ = "board_cluster"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("board.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)


class Note(db.Model):
    """A sticky note. Text is text: it is never rendered as HTML anywhere."""

    __tablename__ = "board_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("board.id", ondelete="CASCADE"), index=True)
    #: actor key of the author, e.g. "participant:42"
    author: Mapped[str] = mapped_column(String(64))
    #: the author's participant id, for per-person limits and the private phase
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"))
    author_name: Mapped[str] = mapped_column(String(80), default="")
    text: Mapped[str] = mapped_column(String(2000))
    #: one of COLORS
    color: Mapped[str] = mapped_column(String(10), default="yellow")
    #: index into the board's columns, None on a board without columns
    column: Mapped[int | None]
    #: order within the column, ascending
    position: Mapped[float] = mapped_column(Float, default=0)
    cluster_id: Mapped[int | None] = mapped_column(
        ForeignKey("board_cluster.id", ondelete="SET NULL"))
    #: taken off the shared view by a moderator; its text is not shown live
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    highlighted: Mapped[bool] = mapped_column(Boolean, default=False)
    #: merged as a duplicate into this note: it leaves the board, its votes and comments move
    merged_into: Mapped[int | None] = mapped_column(
        ForeignKey("board_note.id", ondelete="CASCADE"))
    #: bumped by every change; the ack of a change returns the note as stored
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=now)
    updated_at: Mapped[datetime] = mapped_column(default=now)


class Comment(db.Model):
    __tablename__ = "board_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("board_note.id", ondelete="CASCADE"),
                                         index=True)
    author: Mapped[str] = mapped_column(String(64))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"))
    author_name: Mapped[str] = mapped_column(String(80), default="")
    text: Mapped[str] = mapped_column(String(500))
    #: offered as the positive comment the board asks for
    positive: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=now)


class Reaction(db.Model):
    """A quick reaction (one of REACTIONS) to a note, at most one of each kind per person."""

    __tablename__ = "board_reaction"
    __table_args__ = (UniqueConstraint("note_id", "actor", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("board.id", ondelete="CASCADE"), index=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("board_note.id", ondelete="CASCADE"))
    actor: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(10))


class Vote(db.Model):
    """One dot. A participant may put several on a note, up to the board's cap."""

    __tablename__ = "board_vote"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("board.id", ondelete="CASCADE"))
    note_id: Mapped[int] = mapped_column(ForeignKey("board_note.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=now)


Index("ix_board_vote_board_participant", Vote.board_id, Vote.participant_id)
