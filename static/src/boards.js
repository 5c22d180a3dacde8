// Whiteboards on the participant page and in the console: sticky notes in columns, comments,
// quick reactions, dot votes, and the moderator's tools (phases, reveal, share, hide,
// highlight, move, cluster, merge, delete).
//
// Every action goes through connection.send, so one made offline waits in the outbox and is
// sent once, with its id, on reconnect. Note cards are built once per note and updated in
// place, so a comment being typed or the keyboard focus survives the events that keep coming.
// Note text is text: it only ever goes into the page through dom.js h() / textContent.

import { h, keepingFocus, replace } from "./dom.js";
import { number, t, tn } from "./i18n.js";
import { uniqueId } from "./panels.js";
import { sendWithStatus, statusLine } from "./sending.js";

const COLORS = ["yellow", "pink", "blue", "green", "orange", "purple"];
// symbols every system font has, so no device shows an empty box
const REACTIONS = { like: "+1", love: "♥", idea: "!", question: "?" };
const PHASES = ["writing", "voting", "results", "locked"];

/** The board an agenda item shows: its own board, or for a breakout the actor's team board. */
export function boardOfItem(store, item) {
  if (!item) return null;
  const boards = store.all("boards").filter((b) => (b.item_ids || []).includes(item.id));
  if (item.kind === "board") return boards.find((b) => b.team_id === null) || null;
  // a participant has their own team's board, and those of other teams once shared
  const teams = boards.filter((b) => b.team_id !== null);
  if (item.kind === "breakout") return teams.find((b) => !b.shared) || teams[0] || null;
  return null;
}

/** The team boards of a breakout item, for the console. */
export function teamBoardsOf(store, item) {
  return store.all("boards").filter((b) => b.team_id !== null && (b.item_ids || []).includes(item.id))
    .sort((a, b) => a.team_id - b.team_id);
}

/** Whether the projector shows the dots: from voting on, and only once the room may see them
 * (hidden votes reach the room with the results). */
const roomSeesVotes = (board) => board.phase !== "writing"
  && (!board.hide_votes || ["results", "locked"].includes(board.phase));

/** How this device's own notes are signed on a board: a pseudonym on an anonymous one. */
function meKey(store, board) {
  if (!store.me) return "";
  return board.anonymous ? store.me.pseudonym : `${store.me.role}:${store.me.id}`;
}

/** The board's notes in display order: by column, then dots (in results) or position. */
function notesOf(store, board, votes) {
  const ranked = board.phase === "results" || board.phase === "locked";
  return store.all("notes").filter((n) => n.board_id === board.id).sort((a, b) => {
    if (ranked && votes) {
      const diff = (votes[b.id] || 0) - (votes[a.id] || 0);
      if (diff) return diff;
    }
    return a.position - b.position || a.id - b.id;
  });
}

class NoteCard {
  constructor(view, noteId) {
    this.view = view;
    this.noteId = noteId;
    this.drawn = "";
    this.editing = false;
    this.text = h("p", { class: "note-text" });
    this.meta = h("p", { class: "note-meta" });
    this.actions = h("div", { class: "note-actions" });
    this.comments = h("ul", { class: "note-comments" });
    this.commentInput = h("input", { type: "text", maxlength: 500, "aria-label": t("board.comment_label"),
      placeholder: t("board.comment_placeholder") });
    this.positive = h("input", { type: "checkbox", id: uniqueId("positive") });
    this.positiveLabel = h("label", { class: "positive", for: this.positive.id }, this.positive, " ",
      t("board.positive"));
    this.commentForm = h("form", { class: "comment-form", onsubmit: (event) => {
      event.preventDefault();
      this.sendComment();
    } }, this.commentInput, this.positiveLabel, h("button", { type: "submit" }, t("board.comment_send")));
    this.editor = h("textarea", { class: "note-editor", rows: 3, "aria-label": t("board.edit_label") });
    const parts = view.readOnly ? [this.text, this.meta, this.comments]
      : [this.text, this.editor, this.meta, this.actions, this.comments, this.commentForm];
    this.node = h("article", { class: "note", "data-note": noteId }, parts);
  }

  async sendComment() {
    const text = this.commentInput.value.trim();
    if (!text) return;
    const ack = await this.view.send("note.comment",
      { note_id: this.noteId, text, positive: this.positive.checked });
    if (ack.ok) {
      this.commentInput.value = "";
      this.positive.checked = false;
    }
  }

  update(note, context) {
    const { board, votes, mine, reactions, myReactions, comments, clusters, moderates, columns } = context;
    const key = JSON.stringify([note, board.phase, board.columns, votes, mine, reactions, myReactions,
      comments.map((c) => c.id), clusters, moderates, this.editing, columns.length]);
    if (key === this.drawn) return;
    this.drawn = key;
    const own = note.author === meKey(this.view.store, board);
    this.node.className = `note note-${note.color}`;
    this.node.classList.toggle("highlighted", note.highlighted);
    this.node.classList.toggle("hidden-note", note.hidden);
    this.node.classList.toggle("mine", own);
    this.text.textContent = note.hidden ? t("board.hidden_note") : note.text;
    this.text.hidden = this.editing;
    this.editor.hidden = !this.editing;
    const cluster = note.cluster_id ? clusters.find((c) => c.id === note.cluster_id) : null;
    const metaParts = [];
    if (note.author_name) metaParts.push(note.author_name);
    if (cluster) metaParts.push(t("board.in_cluster", { title: cluster.title }));
    if (votes !== null) metaParts.push(tn("board.dots", votes));
    this.meta.textContent = metaParts.join(" · ");
    keepingFocus(this.actions, () => replace(this.actions, this.view.readOnly ? [] : this.buttons(note, context, own)),
      this.view.prompt);
    replace(this.comments, comments.map((c) => h("li", { class: c.positive ? "positive" : "" },
      c.author_name ? h("strong", {}, `${c.author_name}: `) : null, c.text)));
    const commentable = !this.view.readOnly && !note.hidden && ["writing", "voting"].includes(board.phase);
    this.commentForm.hidden = !commentable;
    this.positiveLabel.hidden = own || !board.require_positive_comment;
  }

  buttons(note, context, own) {
    const { board, mine, reactions, myReactions, moderates, columns, clusters } = context;
    const send = (type, data) => this.view.send(type, { note_id: note.id, ...data });
    const parts = [];
    const changeable = ["writing", "voting"].includes(board.phase);
    if (board.phase === "voting" && this.view.role === "participant" && !note.hidden) {
      parts.push(h("span", { class: "dot-votes" },
        h("button", { type: "button", class: "vote", "data-control": "vote", "aria-label": t("board.vote_label"),
          onclick: () => send("note.vote") }, t("board.vote")),
        mine ? h("span", { class: "my-dots" }, tn("board.my_dots", mine)) : null,
        mine ? h("button", { type: "button", class: "unvote", "data-control": "unvote", "aria-label": t("board.unvote_label"),
          onclick: () => send("note.unvote") }, "−") : null));
    }
    if (this.view.role === "participant" && !note.hidden && !context.privateWriting && board.phase !== "locked") {
      parts.push(h("span", { class: "reactions" }, Object.entries(REACTIONS).map(([kind, symbol]) => {
        const on = myReactions.includes(kind);
        const count = reactions[kind] || 0;
        // the name said is the word shown beside the symbol (and the count), so what a screen
        // reader or voice control user hears matches what everyone sees
        return h("button", { type: "button", class: "reaction", "aria-pressed": on ? "true" : "false",
          "data-control": `react:${kind}`, onclick: () => send("note.react", { kind, on: !on }) },
        h("span", { class: "reaction-symbol", "aria-hidden": "true" }, symbol), " ",
        h("span", { class: "reaction-name" }, t(`board.reaction.${kind}`)), count ? ` ${number(count)}` : "");
      })));
    }
    if (own && changeable) {
      if (this.editing) {
        parts.push(h("button", { type: "button", class: "primary", onclick: async () => {
          const ack = await send("note.edit", { text: this.editor.value, version: note.version });
          if (ack.ok) {
            this.editing = false;
            this.view.render();
          }
        } }, t("board.save")), h("button", { type: "button", onclick: () => {
          this.editing = false;
          this.view.render();
        } }, t("board.cancel")));
      } else {
        parts.push(h("button", { type: "button", onclick: () => {
          this.editing = true;
          this.editor.value = note.text;
          this.view.render();
          this.editor.focus();
        } }, t("board.edit")));
      }
    }
    if ((own && changeable) || moderates) {
      if (columns.length > 1) {
        parts.push(h("select", { "aria-label": t("board.move_to"), onchange: (event) =>
          send("note.move", { column: Number(event.target.value), version: note.version }) },
        columns.map((title, i) => h("option", { value: i, selected: note.column === i }, title))));
      }
      parts.push(h("button", { type: "button", class: "icon", "data-control": "up", "aria-label": t("board.up"),
        onclick: () => this.view.nudge(note, -1) }, "↑"),
      h("button", { type: "button", class: "icon", "data-control": "down", "aria-label": t("board.down"),
        onclick: () => this.view.nudge(note, 1) }, "↓"),
      h("button", { type: "button", class: "danger", onclick: () => {
        if (confirm(t("board.delete_confirm"))) send("note.delete");
      } }, t("board.delete")));
    }
    if (moderates) {
      parts.push(
        h("button", { type: "button", onclick: () => send("note.moderate", { hidden: !note.hidden }) },
          t(note.hidden ? "board.unhide" : "board.hide")),
        h("button", { type: "button", "aria-pressed": note.highlighted ? "true" : "false",
          onclick: () => send("note.moderate", { highlighted: !note.highlighted }) }, t("board.highlight")));
      if (clusters.length) {
        parts.push(h("select", { "aria-label": t("board.cluster_label"), onchange: (event) =>
          send("note.cluster", { cluster_id: event.target.value ? Number(event.target.value) : null }) },
        h("option", { value: "" }, t("board.no_cluster")),
        clusters.map((c) => h("option", { value: c.id, selected: note.cluster_id === c.id }, c.title))));
      }
      const others = context.others.filter((n) => n.id !== note.id);
      if (others.length) {
        parts.push(h("select", { "aria-label": t("board.merge_label"), onchange: (event) => {
          const into = Number(event.target.value);
          if (into && confirm(t("board.merge_confirm"))) {
            this.view.send("note.merge", { note_id: into, duplicate_ids: [note.id] });
          }
          event.target.value = "";
        } }, h("option", { value: "" }, t("board.merge_into")),
        others.map((n) => h("option", { value: n.id }, (n.text || t("board.hidden_note")).slice(0, 40)))));
      }
    }
    return parts;
  }
}

/**
 * A board, mounted in `target`: `update()` redraws it from the store. `role` is the page's
 * (participant, facilitator, cofacilitator, projector); `moderates(board)` says whether the
 * staff member may moderate this board; `drives` whether they run it (phases, reveal, share).
 * `readOnly` shows it to the room on the projector: no forms or buttons, no hidden notes,
 * only how many notes there are before a reveal, and dots once the room may see them.
 */
export class BoardView {
  constructor({ connection, role, drives = false, moderates = () => false, room = null, readOnly = false,
    headingLevel = "h2" }) {
    this.connection = connection;
    this.store = connection.store;
    this.role = role;
    this.drives = drives;
    this.moderates = moderates;
    this.room = room;
    this.readOnly = readOnly;
    this.board = null;
    this.cards = new Map();
    this.drawn = {};
    this.prompt = h(headingLevel, { class: "board-prompt", id: uniqueId("board"), tabindex: "-1" });
    this.badge = h("p", { class: "board-phase" });
    this.status = h("p", { class: "board-status", role: "status", "aria-live": "polite" });
    this.controls = h("div", { class: "board-controls" });
    this.clusterList = h("div", { class: "board-clusters" });
    this.lanes = h("div", { class: "board-lanes" });
    this.compose = this.composer();
    this.node = h("section", { class: "board", "aria-labelledby": this.prompt.id }, this.badge, this.prompt,
      readOnly ? [] : [this.controls, this.clusterList, this.compose, this.status], this.lanes);
  }

  composer() {
    this.textInput = h("textarea", { id: uniqueId("note"), rows: 3 });
    this.counter = h("span", { class: "note-counter" });
    this.textInput.addEventListener("input", () => this.count());
    this.colorPick = h("select", { "aria-label": t("board.color") },
      COLORS.map((c) => h("option", { value: c }, t(`board.color.${c}`))));
    this.columnPick = h("select", { "aria-label": t("board.column") });
    return h("form", { class: "note-compose", onsubmit: (event) => {
      event.preventDefault();
      this.post();
    } }, h("label", { for: this.textInput.id }, t("board.your_note")), this.textInput, this.counter,
    h("div", { class: "compose-row" }, this.colorPick, this.columnPick,
      h("button", { type: "submit", class: "primary" }, t("board.post"))));
  }

  count() {
    const limit = this.board ? this.board.text_limit : 280;
    this.counter.textContent = t("board.chars", { count: this.textInput.value.length, max: limit });
  }

  async post() {
    const text = this.textInput.value.trim();
    if (!text) {
      this.say(t("board.need_text"), "error");
      return;
    }
    const data = { board_id: this.board.id, text, color: this.colorPick.value };
    if (this.board.columns.length) data.column = Number(this.columnPick.value);
    this.textInput.value = "";
    this.count();
    const ack = await this.send("note.post", data);
    if (!ack.ok && !this.textInput.value) this.textInput.value = text; // give it back to fix
  }

  say(text, kind = "") {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }

  /** Send a command, saying "sending" or "waiting for connection", then "sent" or why not. */
  send(type, data) {
    return sendWithStatus(this.connection, type, data, (text, kind) => this.say(text, kind));
  }

  /** Move a note one place up or down its lane: halfway between its new neighbours. */
  nudge(note, step) {
    const lane = notesOf(this.store, this.board, null).filter((n) => n.column === note.column);
    const at = lane.findIndex((n) => n.id === note.id);
    const target = at + step;
    if (target < 0 || target >= lane.length) return;
    const beyond = lane[target + step];
    const edge = lane[target].position + step;
    const position = beyond ? (lane[target].position + beyond.position) / 2 : edge;
    this.send("note.move", { note_id: note.id, position, version: note.version });
  }

  changed(part, ...what) {
    const key = JSON.stringify(what);
    if (this.drawn[part] === key) return false;
    this.drawn[part] = key;
    return true;
  }

  update(board) {
    this.board = board;
    this.render();
  }

  render() {
    const board = this.board;
    if (!board) return;
    const store = this.store;
    const tally = store.aggregates[`board:${board.id}`] || null;
    const votes = tally && (!this.readOnly || roomSeesVotes(board)) ? tally.votes : null;
    const myVotes = (store.get("my_votes", String(board.id))) || {};
    const used = Object.values(myVotes).reduce((a, b) => a + b, 0);
    const privateWriting = board.private && !board.revealed;
    const moderates = this.moderates(board);
    this.prompt.textContent = board.prompt;
    this.badge.textContent = [t(`board.phase.${board.phase}`),
      privateWriting ? t(this.readOnly ? "board.private_screen" : "board.private") : "",
      board.phase === "voting" && this.role === "participant"
        ? tn("board.dots_left", Math.max(0, board.dot_votes - used)) : ""].filter(Boolean).join(" · ");
    this.badge.dataset.phase = board.phase;
    this.node.dataset.phase = board.phase;
    keepingFocus(this.compose, () => {
      this.compose.hidden = this.readOnly || board.phase !== "writing"
        || (board.team_id !== null && board.shared && this.role === "participant");
    }, this.prompt);
    if (this.changed("compose", board.columns, board.text_limit)) {
      replace(this.columnPick, board.columns.map((title, i) => h("option", { value: i }, title)));
      this.columnPick.hidden = !board.columns.length;
      this.textInput.maxLength = board.text_limit;
      this.count();
    }
    if (this.changed("controls", board, moderates, this.drives)) {
      keepingFocus(this.controls, () => replace(this.controls, this.staffControls(board, moderates)), this.prompt);
    }
    const notes = notesOf(store, board, votes).filter((n) => !(this.readOnly && n.hidden));
    const clusters = store.all("clusters").filter((c) => c.board_id === board.id).sort((a, b) => a.position - b.position);
    if (this.changed("clusters", clusters, moderates)) replace(this.clusterList, this.clusterTools(clusters, moderates));
    const comments = store.all("comments").filter((c) => c.board_id === board.id).sort((a, b) => a.id - b.id);
    const reactionCounts = (store.aggregates[`board_reactions:${board.id}`] || { reactions: {} }).reactions;
    const myReactions = store.get("my_reactions", String(board.id)) || {};
    const columns = board.columns.length ? board.columns : [null];
    // on the projector the notes of a cluster sit together
    const clusterAt = new Map(clusters.map((c, i) => [c.id, i]));
    const shown = this.readOnly
      ? [...notes].sort((a, b) => (clusterAt.get(a.cluster_id) ?? -1) - (clusterAt.get(b.cluster_id) ?? -1))
      : notes;
    const lanes = columns.map((title, index) => {
      const inLane = shown.filter((n) => (board.columns.length ? n.column === index : true));
      const nodes = inLane.map((note) => {
        let card = this.cards.get(note.id);
        if (!card) {
          card = new NoteCard(this, note.id);
          this.cards.set(note.id, card);
        }
        card.update(note, { board, votes: votes ? votes[note.id] || 0 : null, mine: myVotes[note.id] || 0,
          reactions: reactionCounts[note.id] || {}, myReactions: myReactions[note.id] || [],
          comments: comments.filter((c) => c.note_id === note.id), clusters, moderates,
          columns: board.columns, privateWriting, others: notes });
        return card.node;
      });
      const waiting = this.readOnly ? [] : this.connection.pending("note.post")
        .filter((c) => c.board_id === board.id && (board.columns.length ? c.column === index : true))
        .map((c) => h("article", { class: `note note-${c.color} pending`, "data-note": `pending-${c.id}` },
          h("p", { class: "note-text" }, c.text), h("p", { class: "note-meta" }, t("board.pending"))));
      return { title, nodes: nodes.concat(waiting) };
    });
    for (const id of [...this.cards.keys()]) if (!notes.some((n) => n.id === id)) this.cards.delete(id);
    const written = this.readOnly && privateWriting ? (store.aggregates[`board_notes:${board.id}`] || { notes: 0 }).notes : null;
    if (this.changed("lanes", lanes.map((l) => [l.title, l.nodes.map((n) => n.dataset.note)]), written)) {
      replace(this.lanes, written !== null
        ? h("p", { class: "board-count" }, tn("board.notes_written", written))
        : lanes.map((lane) => h("section", { class: "board-lane" },
          lane.title === null ? null : h("h3", { class: "lane-title" }, lane.title),
          h("div", { class: "lane-notes" }, lane.nodes.length ? lane.nodes : h("p", { class: "muted" }, t("board.empty"))))));
    }
  }

  /** The board's clusters for its moderators, each with a button to delete it (its notes stay).
   * Drawn apart from the other controls, so a cluster made elsewhere keeps what is typed there. */
  clusterTools(clusters, moderates) {
    if (!moderates || this.readOnly || !clusters.length) return [];
    return [h("h3", { class: "clusters-title" }, t("board.clusters")),
      h("ul", { class: "cluster-list" }, clusters.map((cluster) => h("li", {},
        h("span", {}, cluster.title), " ",
        h("button", { type: "button", "aria-label": t("board.delete_cluster", { title: cluster.title }),
          onclick: () => {
            if (confirm(t("board.delete_cluster_confirm", { title: cluster.title }))) {
              this.send("cluster.delete", { cluster_id: cluster.id });
            }
          } }, t("board.delete")))))];
  }

  staffControls(board, moderates) {
    if (!moderates || this.readOnly) return [];
    const run = (type, data = {}) => this.send(type, { board_id: board.id, ...data });
    const parts = [h("div", { class: "phase-buttons", role: "group", "aria-label": t("board.phases") },
      PHASES.map((phase) => h("button", { type: "button", "aria-pressed": board.phase === phase ? "true" : "false",
        "data-control": `phase:${phase}`, onclick: () => {
          if (this.board.phase !== phase) run("board.phase", { phase });
        } }, t(`board.phase.${phase}`))))];
    if (this.drives && board.private && !board.revealed) {
      parts.push(h("button", { type: "button", class: "primary", onclick: () => {
        if (confirm(t("board.reveal_confirm"))) run("board.reveal");
      } }, t("board.reveal")));
    }
    if (this.drives && board.team_id !== null && !board.shared) {
      parts.push(h("button", { type: "button", onclick: () => run("board.share") }, t("board.share")));
    }
    const column = h("input", { type: "text", maxlength: 120, "aria-label": t("board.new_column"),
      placeholder: t("board.new_column") });
    const cluster = h("input", { type: "text", maxlength: 120, "aria-label": t("board.new_cluster"),
      placeholder: t("board.new_cluster") });
    parts.push(
      h("form", { class: "inline-form", onsubmit: (event) => {
        event.preventDefault();
        if (column.value.trim()) run("board.add_column", { title: column.value.trim() });
        column.value = "";
      } }, column, h("button", { type: "submit" }, t("board.add_column"))),
      h("form", { class: "inline-form", onsubmit: (event) => {
        event.preventDefault();
        if (cluster.value.trim()) run("cluster.create", { title: cluster.value.trim() });
        cluster.value = "";
      } }, cluster, h("button", { type: "submit" }, t("board.add_cluster"))));
    if (this.room && this.drives) {
      const base = `/facilitate/${this.room}/boards/${board.id}`;
      parts.push(h("p", { class: "board-exports" }, t("board.exports"), " ",
        h("a", { href: `${base}.md` }, "Markdown"), " · ", h("a", { href: `${base}.csv` }, "CSV"), " · ",
        h("a", { href: `${base}.json` }, "JSON"), " · ",
        h("a", { href: `${base}/summary`, target: "_blank", rel: "noopener" }, t("board.summary"))));
    }
    return parts;
  }
}

/** Mount a board view in `target` (once) and keep it; returns the view to update. */
export function mountBoard(target, options) {
  const view = new BoardView(options);
  replace(target, view.node);
  return view;
}

/** Boards made up live in the session now running (not team boards), newest first. */
export function liveBoards(store) {
  const live = store.get("live");
  const sessionId = live && live.session_id ? live.session_id : null;
  return store.all("boards").filter((b) => b.item_id === null && b.team_id === null
    && b.session_id === sessionId).sort((a, b) => b.id - a.id);
}

/** The facilitator's form for a board made up live: prompt, lanes, dots and how private. */
export function liveBoardForm(connection) {
  const prompt = h("input", { id: uniqueId("lb"), maxlength: 500, required: true, autocomplete: "off" });
  const columns = h("input", { id: uniqueId("lb"), maxlength: 600, autocomplete: "off" });
  const dots = h("input", { id: uniqueId("lb"), type: "number", min: 1, max: 20, value: 3, inputmode: "numeric" });
  const check = (label) => {
    const input = h("input", { type: "checkbox" });
    return { input, node: h("label", { class: "check" }, input, h("span", {}, label)) };
  };
  const secret = check(t("board.form.private"));
  const hidden = check(t("board.form.hide_votes"));
  const anonymous = check(t("board.form.anonymous"));
  const status = h("p", { class: "board-status", role: "status", "aria-live": "polite" });
  const form = h("form", { class: "quick-form board-form", novalidate: true },
    h("label", { for: prompt.id }, t("board.form.prompt")), prompt,
    h("label", { for: columns.id }, t("board.form.columns")), columns,
    h("label", { for: dots.id }, t("board.form.dots")), dots,
    h("div", { class: "checks" }, secret.node, hidden.node, anonymous.node),
    h("div", { class: "poll-actions" }, h("button", { type: "submit", class: "primary" }, t("board.form.create"))),
    status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const spec = { prompt: prompt.value.trim(), dot_votes: Number(dots.value) || 3,
      columns: columns.value.split(",").map((c) => c.trim()).filter(Boolean),
      private_until_reveal: secret.input.checked, hide_votes: hidden.input.checked,
      anonymous: anonymous.input.checked };
    if (!spec.prompt) {
      statusLine(status)(t("board.form.need_prompt"), "error");
      return;
    }
    const ack = await sendWithStatus(connection, "board.create", spec, statusLine(status));
    if (ack.ok) form.reset();
  });
  return form;
}
