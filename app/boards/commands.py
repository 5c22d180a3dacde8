"""Board commands: the facilitator opens and runs boards; everyone in the room writes,
comments and reacts; participants vote. Scope rules (own note, own team, moderated team)
are checked in the service."""
from app.boards.schemas import (
    AddColumnSchema,
    BoardRef,
    BoardSpecSchema,
    ClusterCreateSchema,
    ClusterNoteSchema,
    ClusterRef,
    ClusterRenameSchema,
    CommentSchema,
    EditSchema,
    MergeSchema,
    ModerateSchema,
    MoveSchema,
    NoteRef,
    OpenItemSchema,
    OpenTeamSchema,
    PhaseSchema,
    PostSchema,
    ReactSchema,
)
from app.boards.service import clusters, notes, opening, responses, running
from app.core.commands import command

RUNS = ("facilitator",)
MODERATE = ("facilitator", "cofacilitator")
WRITE = ("facilitator", "cofacilitator", "participant")
VOTE = ("participant",)


@command("board.create", BoardSpecSchema, RUNS)
def board_create(ctx, data):
    return opening.create(ctx, data)


@command("board.open", OpenItemSchema, RUNS)
def board_open(ctx, data):
    return opening.open_item(ctx, data["item_id"])


@command("board.open_team", OpenTeamSchema, RUNS)
def board_open_team(ctx, data):
    return opening.open_team(ctx, data["item_id"], data["team_id"])


@command("board.add_column", AddColumnSchema, MODERATE)
def board_add_column(ctx, data):
    return running.add_column(ctx, data["board_id"], data["title"])


@command("board.phase", PhaseSchema, MODERATE)
def board_phase(ctx, data):
    return running.set_phase(ctx, data["board_id"], data["phase"])


@command("board.reveal", BoardRef, RUNS)
def board_reveal(ctx, data):
    return running.reveal(ctx, data["board_id"])


@command("board.share", BoardRef, RUNS)
def board_share(ctx, data):
    return running.share(ctx, data["board_id"])


@command("note.post", PostSchema, WRITE, burst=True)
def note_post(ctx, data):
    return notes.post(ctx, data)


@command("note.edit", EditSchema, WRITE, burst=True)
def note_edit(ctx, data):
    return notes.edit(ctx, data)


@command("note.move", MoveSchema, WRITE, burst=True)
def note_move(ctx, data):
    return notes.move(ctx, data)


@command("note.delete", NoteRef, WRITE, burst=True)
def note_delete(ctx, data):
    return notes.remove(ctx, data["note_id"])


@command("note.moderate", ModerateSchema, MODERATE)
def note_moderate(ctx, data):
    return notes.moderate(ctx, data)


@command("note.cluster", ClusterNoteSchema, MODERATE)
def note_cluster(ctx, data):
    return clusters.cluster_note(ctx, data["note_id"], data["cluster_id"])


@command("note.merge", MergeSchema, MODERATE)
def note_merge(ctx, data):
    return clusters.merge(ctx, data["note_id"], data["duplicate_ids"])


@command("cluster.create", ClusterCreateSchema, MODERATE)
def cluster_create(ctx, data):
    return clusters.create_cluster(ctx, data["board_id"], data["title"])


@command("cluster.rename", ClusterRenameSchema, MODERATE)
def cluster_rename(ctx, data):
    return clusters.rename_cluster(ctx, data["cluster_id"], data["title"])


@command("cluster.delete", ClusterRef, MODERATE)
def cluster_delete(ctx, data):
    return clusters.delete_cluster(ctx, data["cluster_id"])


@command("note.comment", CommentSchema, WRITE, burst=True)
def note_comment(ctx, data):
    return responses.comment(ctx, data)


@command("note.react", ReactSchema, VOTE, burst=True)
def note_react(ctx, data):
    return responses.react(ctx, data)


@command("note.vote", NoteRef, VOTE, burst=True)
def note_vote(ctx, data):
    return responses.vote(ctx, data["note_id"])


@command("note.unvote", NoteRef, VOTE, burst=True)
def note_unvote(ctx, data):
    return responses.unvote(ctx, data["note_id"])
