// Pre-work and team presentations on every page: the participant's tasks (answers, a file,
// private notes, or "done"), the facilitator's panel (open with a due date, make one up,
// completion table, close, download all as one zip), and the presentations: a queue of
// teams with a per-team clock derived from when the turn started, and the presenting team's
// slides page by page (a PDF as images rendered by the server; a PowerPoint as a download).
//
// Cards and panels are built once and updated in place, so typing survives updates. Every
// text a person or the course wrote goes in as text (dom.js h()).

import { clock, h, replace } from "./dom.js";
import { lang, t, tn } from "./i18n.js";
import { StaffPanel, uniqueId } from "./panels.js";
import { refusal, sendWithStatus, statusLine } from "./sending.js";

let dateFormat = null;
function formatDate(iso) {
  dateFormat = dateFormat || new Intl.DateTimeFormat(lang(), { dateStyle: "medium", timeStyle: "short" });
  return dateFormat.format(new Date(iso));
}

/** "Due 3 Dec 2026, 09:00 — before Session 4", or "" without either. */
function dueLine(task) {
  const parts = [task.due_at ? formatDate(task.due_at) : null, task.due_text || null].filter(Boolean);
  return parts.length ? t("prework.due", { when: parts.join(" — ") }) : "";
}

export function tasksOf(store) {
  return store.all("prework").sort((a, b) => a.id - b.id);
}

export function taskOfItem(store, item) {
  return item ? tasksOf(store).find((task) => task.item_id === item.id) || null : null;
}

/** The participant's own hand-in for a task, or their team's. */
function handedIn(store, task) {
  if (task.for === "individual") return store.get("my_submissions", String(task.id)) || null;
  const mine = store.all("team_submissions").filter((s) => s.task_id === task.id);
  return mine.length ? mine[mine.length - 1] : null;
}

function submittedLine(submission) {
  if (!submission) return "";
  const when = formatDate(submission.submitted_at);
  const parts = [submission.by_name ? t("prework.by", { name: submission.by_name, when }) : when];
  if (submission.upload) parts.push(submission.upload.name);
  if (submission.late) parts.push(t("prework.late"));
  return t("prework.handed_in", { what: parts.join(" · ") });
}

// ------------------------------------------------------------------- participant cards

class TaskCard {
  constructor(task, { connection, token }) {
    this.task = task;
    this.connection = connection;
    this.token = token;
    this.busy = false;
    const title = h("h2", { class: "prework-title", id: uniqueId("prework") }, task.title);
    this.due = h("p", { class: "prework-due" });
    this.state = h("p", { class: "prework-state", role: "status" });
    this.error = h("p", { class: "error", role: "alert" });
    const hints = [];
    if (task.for === "team") hints.push(t("prework.team_hint"));
    if (task.slides_min || task.slides_max) {
      hints.push(t("prework.slides", { min: task.slides_min || 1, max: task.slides_max || task.slides_min }));
    }
    if (task.roles && task.roles.length) hints.push(t("prework.roles"));
    if (task.deliverable === "private_notes") hints.push(t("prework.private"));
    this.fields = this.answerFields(task);
    this.file = task.deliverable === "file"
      ? h("input", { type: "file", id: uniqueId("prework-file"), accept: ".pdf,.pptx,.png,.jpg,.jpeg" })
      : null;
    this.button = h("button", { type: "submit", class: "primary" }, t(this.buttonLabel(task)));
    const form = h("form", { class: "prework-form", onsubmit: (event) => {
      event.preventDefault();
      this.send();
    } },
    this.file ? h("label", { for: this.file.id }, t("prework.file")) : null, this.file,
    this.file ? h("p", { class: "prework-note" }, t("prework.file_hint")) : null,
    this.fields.flat(),
    h("div", { class: "prework-actions" }, this.button), this.error);
    this.node = h("section", { class: "card prework-card", "aria-labelledby": title.id,
      "data-task": task.id },
    h("p", { class: "kind kind-prework" }, t("kind.prework")), title, this.due,
    task.instructions ? h("p", { class: "prework-instructions", dir: "auto" }, task.instructions) : null,
    hints.map((hint) => h("p", { class: "prework-note" }, hint)), form, this.state);
    this.filled = false;
  }

  buttonLabel(task) {
    if (task.deliverable === "private_notes") return "prework.save_notes";
    if (task.deliverable === "none") return "prework.done";
    return task.for === "team" ? "prework.submit_team" : "prework.submit";
  }

  answerFields(task) {
    if (task.deliverable === "none") return [];
    const questions = task.questions.length ? task.questions
      : [task.deliverable === "file" ? t("prework.comment") : t("prework.answer")];
    return questions.map((question) => {
      const id = uniqueId("prework-q");
      return [h("label", { for: id, dir: "auto" }, question),
        h("textarea", { id, rows: 3, maxlength: 5000, dir: "auto" })];
    });
  }

  answers() {
    return this.fields.map(([, field]) => field.value);
  }

  update(task, submission, notes) {
    this.task = task;
    this.due.textContent = dueLine(task);
    const closed = task.status !== "open" && task.deliverable !== "private_notes";
    this.node.dataset.status = closed ? "closed" : "open";
    this.button.disabled = this.busy || closed;
    const kept = task.deliverable === "private_notes" ? notes : submission;
    if (!this.filled && kept) {
      kept.answers.forEach((text, i) => { if (this.fields[i]) this.fields[i][1].value = text; });
      this.filled = true;
    }
    let state = closed ? t("prework.closed") : "";
    if (task.deliverable === "private_notes") {
      state = notes ? t("prework.notes_saved", { when: formatDate(notes.updated_at) }) : "";
    } else if (submission) {
      state = [submittedLine(submission), closed ? t("prework.closed") : ""].filter(Boolean).join(" ");
    }
    this.state.textContent = state;
    this.state.dataset.state = submission || notes ? "done" : "todo";
  }

  async upload() {
    const chosen = this.file.files[0];
    if (!chosen) return { ok: true, result: null };
    const form = new FormData();
    form.append("task_id", String(this.task.id));
    form.append("file", chosen);
    try {
      const response = await fetch("/api/uploads", { method: "POST", body: form,
        headers: { Authorization: `Bearer ${this.token}` } });
      return await response.json();
    } catch {
      return { ok: false, error: { message: t("prework.upload_failed") } };
    }
  }

  async send() {
    this.busy = true;
    this.error.textContent = "";
    this.button.disabled = true;
    const data = { task_id: this.task.id };
    if (this.fields.length) data.answers = this.answers();
    let ack = { ok: true };
    if (this.file) {
      this.state.textContent = t("prework.uploading");
      ack = await this.upload();
      if (ack.ok && ack.result) data.upload_id = ack.result.upload_id;
    }
    if (ack.ok) {
      const type = this.task.deliverable === "private_notes" ? "prework.note" : "prework.submit";
      ack = await this.connection.send(type, data);
    }
    this.busy = false;
    this.button.disabled = false;
    if (!ack.ok) {
      this.error.textContent = refusal(ack);
      this.state.textContent = "";
    } else if (this.file) {
      this.file.value = "";
    }
  }
}

/** The participant's pre-work: one card per task, kept so typing survives updates. */
export class ParticipantPrework {
  constructor({ connection, token, button, panel }) {
    this.connection = connection;
    this.token = token;
    this.cards = new Map();
    this.button = button;
    this.panel = panel;
    button.addEventListener("click", () => this.toggle());
    this.list = h("div", { class: "prework-list" });
    replace(panel, h("h2", { class: "prework-panel-title", tabindex: "-1" }, t("prework.title")), this.list);
  }

  toggle(open = this.panel.hidden) {
    this.panel.hidden = !open;
    this.button.setAttribute("aria-expanded", String(open));
    if (open) this.panel.querySelector("h2").focus();
  }

  card(store, task) {
    let card = this.cards.get(task.id);
    if (!card) {
      card = new TaskCard(task, { connection: this.connection, token: this.token });
      this.cards.set(task.id, card);
    }
    card.update(task, handedIn(store, task), store.get("my_notes", String(task.id)) || null);
    return card.node;
  }

  /** Keep the header's count and the panel's cards current; returns the open tasks. */
  update(store, shownTaskId = null) {
    const open = tasksOf(store).filter((task) => task.status === "open");
    const todo = open.filter((task) => task.deliverable !== "private_notes"
      && !handedIn(store, task)).length;
    this.button.hidden = !open.length;
    this.button.textContent = todo ? tn("prework.button_count", todo) : t("prework.button");
    if (!open.length) this.toggle(false);
    const nodes = open.filter((task) => task.id !== shownTaskId).map((task) => this.card(store, task));
    const current = [...this.list.children];
    if (current.length !== nodes.length || current.some((node, i) => node !== nodes[i])) {
      replace(this.list, nodes.length ? nodes : h("p", {}, t("prework.none")));
    }
    return open;
  }
}

// ------------------------------------------------------------------------- console

function completionRows(store, task, table) {
  const rows = (table && table.rows) || [];
  if (task.for === "team") {
    const teams = (table && table.teams) || [];
    return teams.map((team) => [team.name, rows.find((r) => r.team_id === team.id) || null]);
  }
  const people = store.all("participants").sort((a, b) => a.name.localeCompare(b.name));
  return people.map((person) => [person.name,
    rows.find((r) => r.owner === `participant:${person.id}`) || null]);
}

/** The facilitator's panel of one task: its state, close, the completion table, the zip. */
class StaffTask extends StaffPanel {
  constructor({ connection, drives, room }) {
    super({ connection, drives, idPrefix: "prework-task" });
    this.room = room;
    this.table = h("tbody");
    this.counts = h("p", { class: "prework-counts", role: "status" });
    this.links = h("p", { class: "prework-links" });
    this.tableNode = h("table", { class: "prework-table" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("prework.who")),
          h("th", { scope: "col" }, t("prework.state")), h("th", { scope: "col" }, t("prework.file_col")))),
      this.table);
    this.node = this.frame("prework-panel", null, this.counts, this.tableNode, this.links,
      this.controls, this.error);
  }

  show(store, task, table) {
    this.args = [store, task, table];
    this.refresh();
  }

  refresh() {
    const [store, task, table] = this.args;
    this.heading.textContent = task.title;
    const forLabel = t(task.for === "team" ? "prework.for_team" : "prework.for_each");
    this.showStatus(task.status, t(`prework.status.${task.status}`), [forLabel, dueLine(task)]);
    const rows = completionRows(store, task, table);
    this.tableNode.hidden = !this.drives || task.deliverable === "private_notes";
    if (!this.drives) {
      this.counts.textContent = t("prework.facilitator_only");
      replace(this.table);
    } else if (task.deliverable === "private_notes") {
      this.counts.textContent = t("prework.private_staff");
      replace(this.table);
    } else {
      const done = rows.filter(([, row]) => row).length;
      this.counts.textContent = t("prework.counts", { done, total: rows.length });
      replace(this.table, rows.map(([name, row]) => h("tr", { "data-state": row ? (row.late ? "late" : "done") : "missing" },
        h("td", { dir: "auto" }, name),
        h("td", {}, row ? `${t(row.late ? "prework.row.late" : "prework.row.done")} ${formatDate(row.submitted_at)}`
          : t("prework.row.missing")),
        h("td", {}, row && row.upload_id
          ? h("a", { href: `/facilitate/${this.room}/uploads/${row.upload_id}` }, t("prework.download"))
          : ""))));
    }
    replace(this.links, task.deliverable === "private_notes" || !this.drives ? null
      : h("a", { href: `/facilitate/${this.room}/prework/${task.id}.zip` }, t("prework.zip")));
    const buttons = [];
    if (this.drives && task.status === "open") {
      buttons.push(this.commandButton("prework.close", "prework.close", { task_id: task.id },
        { confirmKey: "prework.close_confirm" }));
    }
    this.replaceControls(buttons, () => null);
  }
}

/** Open a prework agenda item's task, with an optional due date in the browser's time zone. */
function openForm(connection, item, onError) {
  const id = uniqueId("prework-due");
  const due = h("input", { type: "datetime-local", id });
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const settings = item.settings || {};
  return h("form", { class: "prework-open", onsubmit: async (event) => {
    event.preventDefault();
    const data = { item_id: item.id };
    if (due.value) data.due_at = new Date(due.value).toISOString();
    await sendWithStatus(connection, "prework.open", data, onError, { quiet: true });
  } },
  h("label", { for: id }, t("prework.due_label")), due,
  h("p", { class: "prework-note" }, t("assess.zone", { zone }),
    settings.due ? ` ${t("assess.course_due", { text: settings.due })}` : ""),
  h("button", { type: "submit", class: "primary" }, t("prework.open")));
}

/** "New pre-work task": made up live, open at once. */
export function newTaskForm(connection) {
  const ids = { title: uniqueId("pw"), for: uniqueId("pw"), what: uniqueId("pw"),
    questions: uniqueId("pw"), due: uniqueId("pw") };
  const title = h("input", { id: ids.title, maxlength: 200, required: true });
  const audience = h("select", { id: ids.for },
    h("option", { value: "individual" }, t("prework.for_each")),
    h("option", { value: "team" }, t("prework.for_team")));
  const deliverable = h("select", { id: ids.what },
    ["text", "file", "private_notes", "none"].map((d) => h("option", { value: d }, t(`prework.deliverable.${d}`))));
  const questions = h("textarea", { id: ids.questions, rows: 3 });
  const due = h("input", { type: "datetime-local", id: ids.due });
  const error = h("p", { class: "error", role: "alert" });
  const form = h("form", { class: "prework-new", onsubmit: async (event) => {
    event.preventDefault();
    const data = { title: title.value, for: audience.value, deliverable: deliverable.value,
      questions: questions.value.split("\n").map((q) => q.trim()).filter(Boolean) };
    if (due.value) data.due_at = new Date(due.value).toISOString();
    const ack = await sendWithStatus(connection, "prework.create", data, statusLine(error), { quiet: true });
    if (ack.ok) form.reset();
  } },
  h("label", { for: ids.title }, t("prework.new_title")), title,
  h("label", { for: ids.for }, t("prework.new_for")), audience,
  h("label", { for: ids.what }, t("prework.new_deliverable")), deliverable,
  h("label", { for: ids.questions }, t("prework.new_questions")), questions,
  h("label", { for: ids.due }, t("prework.due_label")), due,
  h("button", { type: "submit", class: "primary" }, t("prework.create")), error);
  return form;
}

/** The console's pre-work: the current item's task (or its Open form) and every task's table. */
export class StaffPrework {
  constructor({ connection, drives, room }) {
    this.connection = connection;
    this.drives = drives;
    this.room = room;
    this.panels = new Map();
    this.problem = h("p", { class: "error", role: "alert" });
    this.opener = null;
  }

  panel(task) {
    if (!this.panels.has(task.id)) {
      this.panels.set(task.id, new StaffTask({ connection: this.connection, drives: this.drives, room: this.room }));
    }
    return this.panels.get(task.id);
  }

  shown(store, task) {
    const panel = this.panel(task);
    panel.show(store, task, store.aggregates[`prework:${task.id}`] || null);
    return panel.node;
  }

  /** The current prework item's panel, or its Open form while it is not open yet. */
  itemNode(store, item) {
    const task = taskOfItem(store, item);
    if (task) return this.shown(store, task);
    if (!this.drives) return h("p", {}, t("prework.not_open"));
    if (!this.opener || this.opener.item !== item.id) {
      this.opener = { item: item.id, node: h("section", { class: "prework-panel" },
        openForm(this.connection, item, (message) => { this.problem.textContent = message; }), this.problem) };
    }
    return this.opener.node;
  }

  /** Every task of the room, newest first (the one on screen left out). */
  listNodes(store, exceptId = null) {
    return tasksOf(store).reverse().filter((task) => task.id !== exceptId)
      .map((task) => this.shown(store, task));
  }
}

// ------------------------------------------------------------------- presentations

export function presentationOfItem(store, item) {
  if (!item || item.kind !== "presentation") return null;
  return store.all("presentations").find((p) => p.item_id === item.id) || null;
}

function remainingMs(store, presentation) {
  if (presentation.status !== "running" || !presentation.turn_started_at) return null;
  return Date.parse(presentation.turn_started_at) + presentation.seconds_per_team * 1000 - store.now();
}

function currentEntry(presentation) {
  return presentation.status === "running" ? presentation.queue[presentation.current] : null;
}

/**
 * The stage of a presentation, on the participant page, the projector and the console: who
 * presents, the clock, and the slide page (or the PowerPoint download). The presenter (and the
 * facilitator) get buttons to turn the pages.
 */
export class PresentationStage {
  constructor(store, { connection = null, role = "participant" } = {}) {
    this.store = store;
    this.connection = connection;
    this.role = role;
    this.heading = h("h2", { class: "present-team", id: uniqueId("present") });
    this.timer = h("p", { class: "present-timer", role: "timer", "aria-live": "off" });
    this.slides = h("div", { class: "present-slides" });
    this.pager = h("div", { class: "present-pager" });
    this.error = h("p", { class: "error", role: "alert" });
    this.node = h("section", { class: "present-stage", "aria-labelledby": this.heading.id },
      this.heading, this.timer, this.slides, this.pager, this.error);
    this.key = null;
    setInterval(() => this.tick(), 1000);
  }

  tick() {
    if (!this.presentation) return;
    const left = remainingMs(this.store, this.presentation);
    this.timer.textContent = left === null ? ""
      : left >= 0 ? t("present.left", { time: clock(left) }) : t("present.over", { time: clock(-left) });
    this.timer.dataset.over = String(left !== null && left < 0);
  }

  canTurn(entry) {
    if (this.role === "facilitator") return true;
    const me = this.store.me;
    return this.role === "participant" && me && entry.presenters.includes(me.id);
  }

  turn(page) {
    return sendWithStatus(this.connection, "presentation.page", { presentation_id: this.presentation.id, page },
      statusLine(this.error), { quiet: true });
  }

  update(presentation) {
    this.presentation = presentation;
    const entry = currentEntry(presentation);
    this.node.dataset.status = presentation.status;
    if (!entry) {
      this.heading.textContent = t(presentation.status === "done" ? "present.done" : "present.ready");
      replace(this.slides);
      replace(this.pager);
      this.key = null;
      this.tick();
      return;
    }
    this.heading.textContent = t("present.now", { team: entry.name });
    const slides = entry.slides;
    const key = JSON.stringify([entry.team_id, slides && slides.id, presentation.page]);
    if (key !== this.key) {
      this.key = key;
      const room = this.store.me.room;
      if (!slides) {
        replace(this.slides, h("p", { class: "present-none" }, t("present.no_slides")));
      } else if (slides.kind === "pdf") {
        const src = `/rooms/${room}/slides/${slides.id}/${presentation.page}.png?key=${encodeURIComponent(slides.key)}`;
        const href = `/rooms/${room}/slides/${slides.id}/file?key=${encodeURIComponent(slides.key)}`;
        // a page too heavy to draw on the server answers with an error, not an image
        const cannotDisplay = () => replace(this.slides, h("p", { class: "present-none", role: "status" },
          t("present.cannot_display"), " ", h("a", { href }, t("present.download", { name: slides.name }))));
        replace(this.slides, h("img", { class: "present-page", src, onerror: cannotDisplay,
          alt: t("present.page_alt", { team: entry.name, page: presentation.page, pages: slides.pages }) }));
      } else {
        const href = `/rooms/${room}/slides/${slides.id}/file?key=${encodeURIComponent(slides.key)}`;
        replace(this.slides, slides.kind === "pptx"
          ? h("p", { class: "present-none" }, t("present.pptx"), " ",
            h("a", { href }, t("present.download", { name: slides.name })))
          : h("img", { class: "present-page", src: href, alt: t("present.image_alt", { team: entry.name }) }));
      }
      const pages = slides && slides.kind === "pdf" ? slides.pages : 0;
      const buttons = [];
      if (pages) buttons.push(h("span", { class: "present-count" }, t("present.page", { page: presentation.page, pages })));
      if (pages > 1 && this.connection && this.canTurn(entry)) {
        buttons.unshift(h("button", { type: "button", disabled: presentation.page <= 1,
          onclick: () => this.turn(presentation.page - 1) }, t("present.previous")));
        buttons.push(h("button", { type: "button", disabled: presentation.page >= pages,
          onclick: () => this.turn(presentation.page + 1) }, t("present.next_page")));
      }
      replace(this.pager, buttons);
    }
    this.tick();
  }
}

/** The facilitator's presentation controls: set up the queue, reorder it, next team. */
export class StaffPresentation extends StaffPanel {
  constructor({ connection, drives, store }) {
    super({ connection, drives, idPrefix: "presentation" });
    this.store = store;
    this.queue = h("ol", { class: "present-queue" });
    this.stage = new PresentationStage(store, { connection, role: drives ? "facilitator" : "cofacilitator" });
    this.node = this.frame("present-panel", null, this.controls, this.error, this.queue, this.stage.node);
  }

  /** The queue of a presentation item (the item's own title and text are shown above). */
  show(item, presentation) {
    this.item = item;
    this.presentation = presentation;
    this.refresh();
  }

  move(index, delta) {
    const order = this.presentation.queue.map((entry) => entry.team_id);
    const [team] = order.splice(index, 1);
    order.splice(index + delta, 0, team);
    this.runCommand("presentation.reorder", { presentation_id: this.presentation.id, queue: order });
  }

  refresh() {
    const { item, presentation } = this;
    this.heading.textContent = t("kind.presentation");
    const buttons = [];
    if (!presentation) {
      this.showStatus("draft", t("present.status.none"), []);
      if (this.drives) buttons.push(this.commandButton("present.setup", "presentation.open", { item_id: item.id }, { className: "primary" }));
      replace(this.queue);
      this.stage.node.hidden = true;
      this.replaceControls(buttons, () => null);
      return;
    }
    this.stage.node.hidden = false;
    const minutes = Math.round(presentation.seconds_per_team / 60);
    this.showStatus(presentation.status, t(`present.status.${presentation.status}`),
      [t("present.minutes", { minutes })]);
    const fixed = presentation.current === null ? 0 : presentation.current + 1;
    replace(this.queue, presentation.queue.map((entry, i) => {
      const movable = this.drives && presentation.status !== "done" && i >= fixed;
      return h("li", { class: i === presentation.current && presentation.status === "running" ? "current" : "",
        "data-team": entry.team_id },
      h("span", { class: "present-name", dir: "auto" }, entry.name),
      h("span", { class: "present-slides-state" }, entry.slides ? entry.slides.name
        : t(entry.has_slides ? "present.slides_ready" : "present.no_slides_short")),
      movable && i > fixed ? h("button", { type: "button", disabled: this.pending,
        "aria-label": t("present.up", { team: entry.name }), onclick: () => this.move(i, -1) }, "↑") : null,
      movable && i < presentation.queue.length - 1 ? h("button", { type: "button", disabled: this.pending,
        "aria-label": t("present.down", { team: entry.name }), onclick: () => this.move(i, 1) }, "↓") : null);
    }));
    if (this.drives && presentation.status !== "done") {
      const last = presentation.current === presentation.queue.length - 1;
      const label = presentation.status === "ready" ? "present.start" : last ? "present.finish" : "present.next_team";
      buttons.push(this.commandButton(label, "presentation.next", { presentation_id: presentation.id }, { className: "primary" }));
    }
    this.replaceControls(buttons, () => null);
    this.stage.update(presentation);
  }
}
