// The capability self-assessment (DTCA) on every page: the participant's questionnaire (one
// dimension per screen, answers saved as they go) and their "To do" list, the facilitator's
// panel (open with a due date, completion per participant, close, reveal, exports), and the
// results chart per dimension that the participant, the console and the projector share.
//
// As with polls, parts are built once and updated in place: results and progress arrive
// several times a second while people answer, and a rebuilt form would lose the focus.
// Everything a person or the course wrote goes in as text (dom.js h()).

import { h, replace } from "./dom.js";
import { lang, number, t, tn } from "./i18n.js";
import { StaffPanel, setShare, uniqueId } from "./panels.js";
import { refusal } from "./sending.js";

/** Answers wait this long for more before they are sent, so a burst of clicks is one save. */
const SAVE_DELAY_MS = 600;

// ------------------------------------------------------------------------------ runs

export function runsOf(store, key = null) {
  return store.all("assessments").filter((run) => key === null || run.key === key)
    .sort((a, b) => a.id - b.id);
}

export function latestRun(store, key = null) {
  const runs = runsOf(store, key);
  return runs.length ? runs[runs.length - 1] : null;
}

export function resultsOf(store, run) {
  return run ? store.aggregates[`assessment:${run.id}`] || null : null;
}

export function progressOf(store, run) {
  return run ? store.aggregates[`assessment_progress:${run.id}`] || null : null;
}

/** An assessment item's course settings ({ref, due} or {ref, debrief}); staff only for now. */
function settingsOf(store, item) {
  const full = store.get("agenda", String(item.id));
  return (full && full.settings) || item.settings || item.assessment || null;
}

export function isDebrief(store, item) {
  const settings = item && settingsOf(store, item);
  return Boolean(settings && settings.debrief);
}

/**
 * The run an assessment item shows: the latest run of the questionnaire it names. Participants
 * and the projector do not get an item's settings, so for them it is the latest run the item
 * opened, else (a debrief item) the latest run of the room.
 */
export function runOfItem(store, item) {
  if (!item || item.kind !== "assessment") return null;
  const settings = settingsOf(store, item);
  if (settings && settings.ref) return latestRun(store, settings.ref);
  const own = runsOf(store).filter((run) => run.item_id === item.id);
  return own.length ? own[own.length - 1] : latestRun(store);
}

function statementKeys(run) {
  return run.dimensions.flatMap((dimension, d) => dimension.items.map((_, i) => `${d}.${i}`));
}

function answeredIn(answers, run, d) {
  return run.dimensions[d].items.filter((_, i) => `${d}.${i}` in answers).length;
}

function countAnswered(answers, run) {
  return statementKeys(run).filter((key) => key in answers).length;
}

let dateFormat = null;
function formatDate(iso) {
  dateFormat = dateFormat || new Intl.DateTimeFormat(lang(), { dateStyle: "medium", timeStyle: "short" });
  return dateFormat.format(new Date(iso));
}

/** "Due 3 Dec 2026, 09:00 — at least 1 day before Session 2", or "" without either. */
export function dueLine(run) {
  const parts = [run.due_at ? formatDate(run.due_at) : null, run.due_text || null].filter(Boolean);
  return parts.length ? t("assess.due", { when: parts.join(" — ") }) : "";
}

let meanFormat = null;
function mean(value) {
  if (value === null || value === undefined) return "–";
  meanFormat = meanFormat || new Intl.NumberFormat(lang(), { minimumFractionDigits: 1,
    maximumFractionDigits: 1 });
  return meanFormat.format(value);
}

// --------------------------------------------------------------------------- results

function scoreOf(scores, dimension, d) {
  if (!scores) return null;
  const named = scores.find((s) => s.name === dimension.name);
  const score = named || scores[d];
  return score ? score.mean : null;
}

/**
 * Per dimension, the group's mean (1–5) as a CSS bar with its number, beside the participant's
 * own mean (`mine`, private) and the previous run's group mean when there is one. The bars are
 * hidden from screen readers; a table carries the same numbers.
 */
export function resultsChart(run, result, { mine = null } = {}) {
  const max = run.scale.length;
  const series = [["group", t("assess.group"), result.group]];
  if (mine) series.push(["you", t("assess.you"), mine.scores]);
  if (result.previous) series.push(["previous", t("assess.previous_run"), result.previous]);
  const legend = h("ul", { class: "assess-legend", "aria-hidden": "true" }, series.map(([kind, label]) =>
    h("li", { "data-series": kind }, h("span", { class: "assess-swatch" }), label)));
  const chart = h("ol", { class: "assess-chart", "aria-hidden": "true" }, run.dimensions.map((dimension, d) =>
    h("li", { class: "assess-dim", "data-dimension": d },
      h("span", { class: "assess-dim-name", dir: "auto" }, dimension.name),
      series.map(([kind, label, scores]) => {
        const value = scoreOf(scores, dimension, d);
        const fill = h("span", { class: "assess-fill" });
        setShare(fill, value === null ? 0 : value / max);
        return h("div", { class: "assess-row", "data-series": kind },
          h("span", { class: "assess-row-label" }, label),
          h("span", { class: "assess-track" }, fill),
          h("span", { class: "assess-value" }, mean(value)));
      }))));
  const table = h("table", { class: "assess-table" },
    h("caption", {}, t("assess.table_caption", { max: number(max) })),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("assess.dimension")),
      series.map(([, label]) => h("th", { scope: "col" }, label)))),
    h("tbody", {}, run.dimensions.map((dimension, d) => h("tr", {},
      h("th", { scope: "row" }, dimension.name),
      series.map(([, , scores]) => h("td", {}, mean(scoreOf(scores, dimension, d))))))));
  const n = result.group.length ? result.group[0].n : 0;
  const teams = result.teams && result.teams.length ? teamTable(run, result.teams) : null;
  // with the group alone, its name on every bar says nothing: the numbers stand alone
  return h("div", { class: `assess-results${series.length === 1 ? " assess-single" : ""}` },
    h("p", { class: "poll-n assess-n" }, tn("assess.responses", n)),
    legend, chart, h("div", { class: "sr-only" }, table), teams,
    h("p", { class: "assess-note" }, t("assess.scale_note", { max: number(max),
      high: run.scale[0], low: run.scale[max - 1] })));
}

/** Each team's mean per dimension, with how many of its members submitted. */
function teamTable(run, teams) {
  const count = (team) => (team.scores.length ? team.scores[0].n : 0);
  return h("div", { class: "assess-teams" },
    h("h4", {}, t("assess.by_team")),
    h("table", { class: "assess-table" },
      h("caption", {}, t("assess.by_team_caption", { max: number(run.scale.length) })),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("assess.dimension")),
        teams.map((team) => h("th", { scope: "col", dir: "auto" },
          `${team.name} (${number(count(team))})`)))),
      h("tbody", {}, run.dimensions.map((dimension, d) => h("tr", {},
        h("th", { scope: "row", dir: "auto" }, dimension.name),
        teams.map((team) => h("td", {}, mean(scoreOf(team.scores, dimension, d)))))))));
}

// ----------------------------------------------------------------------- participant

/** Answers of this run still in the outbox (sent before a reload, not yet acknowledged). */
function unsentAnswers(connection, runId) {
  const answers = {};
  for (const command of connection.outbox.items) {
    if (command.type === "assessment.save" && command.data.run_id === runId) {
      Object.assign(answers, command.data.answers);
    }
  }
  return answers;
}

/**
 * A participant's questionnaire: one dimension per screen, each statement a fieldset of large
 * radio buttons; every answer is saved shortly after it is given, and Submit is possible once
 * every statement has one. When the run closes it says so; once revealed it shows the results.
 */
export class ParticipantAssessment {
  constructor(run, { connection, storageKey, onBack = null }) {
    this.connection = connection;
    this.run = run;
    this.storageKey = storageKey;
    this.onBack = onBack;
    this.mine = null;
    this.result = null;
    // answers given on this device that the server may not have confirmed yet: they win
    this.local = unsentAnswers(connection, run.id);
    this.pending = {};
    this.timer = null;
    this.answers = { ...this.local };
    this.problem = "";
    this.submitting = false;
    this.submittedAck = false;
    this.mode = null;
    this.dimension = null;
    this.pageDimension = null;
    this.resultsKey = null;
    const headingId = uniqueId("assess");
    this.backSlot = h("div", { class: "assess-back-slot" });
    this.title = h("h1", { class: "item-title assess-title", id: headingId, tabindex: "-1" }, run.title);
    this.due = h("p", { class: "assess-due" });
    this.banner = h("p", { class: "assess-banner", role: "status" });
    this.body = h("div", { class: "assess-body" });
    this.node = h("section", { class: "assess-card", "data-run": run.id, "aria-labelledby": headingId },
      this.backSlot, h("p", { class: "kind kind-assessment" }, t("kind.assessment")), this.title,
      this.due, this.banner, this.body);
    this.buildForm();
    connection.onStatus(() => this.showSaveState());
    // a reload or a closed tab must not lose the last answers: into the outbox with them
    window.addEventListener("pagehide", () => this.flush());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") this.flush();
    });
  }

  /** With a way back to the session when it was reached from "To do", not from the agenda. */
  setDetached(detached) {
    if (detached === Boolean(this.backSlot.firstChild)) return;
    replace(this.backSlot, detached ? h("button", { type: "button", class: "assess-back",
      onclick: () => this.onBack && this.onBack() }, t("assess.back")) : null);
  }

  focus() {
    this.title.focus({ preventScroll: true });
  }

  get total() {
    return statementKeys(this.run).length;
  }

  get submitted() {
    return Boolean((this.mine && this.mine.submitted_at) || this.submittedAck);
  }

  update(run, mine, result) {
    this.run = run;
    this.mine = mine || null;
    this.result = result || null;
    this.title.textContent = run.title;
    this.due.textContent = run.status === "open" ? dueLine(run) : "";
    this.due.hidden = !this.due.textContent;
    this.answers = { ...(this.mine ? this.mine.answers : {}), ...this.local };
    const mode = run.status === "open" ? "form" : run.status === "revealed" ? "results" : "closed";
    if (mode !== this.mode) {
      const hadFocus = this.node.contains(document.activeElement);
      this.mode = mode;
      this.resultsKey = null;
      if (mode === "form") replace(this.body, this.form);
      else if (mode === "closed") replace(this.body, h("p", { class: "assess-closed" }, t("assess.closed")));
      else replace(this.body, this.resultsSlot = h("div", { class: "assess-results-wrap" }));
      if (hadFocus && !this.node.contains(document.activeElement)) this.focus();
    }
    if (mode === "form") this.syncForm();
    if (mode === "results") this.showResults();
    let banner = "";
    if (mode === "form" && this.submitted) banner = t("assess.submitted");
    if (mode === "closed") banner = t(this.submitted ? "assess.submitted_closed" : "assess.not_submitted");
    this.banner.textContent = banner;
    this.banner.dataset.kind = mode === "closed" && !this.submitted ? "warn" : "ok";
  }

  refresh() {
    this.update(this.run, this.mine, this.result);
  }

  showResults() {
    const key = JSON.stringify([this.result, this.mine && this.mine.scores]);
    if (key === this.resultsKey) return;
    this.resultsKey = key;
    if (!this.result) {
      replace(this.resultsSlot, h("p", { class: "muted" }, t("assess.results_soon")));
      return;
    }
    replace(this.resultsSlot, h("h2", {}, t("assess.results")),
      this.mine ? null : h("p", { class: "muted" }, t("assess.you_none")),
      resultsChart(this.run, this.result, { mine: this.mine }));
  }

  // -- the form: built once; the page of statements is rebuilt when the dimension changes

  buildForm() {
    this.steps = h("ol", {});
    this.page = h("div", { class: "assess-page" });
    this.error = h("p", { class: "error assess-error", role: "alert" });
    this.progressText = h("span", { class: "assess-progress" });
    this.saveState = h("span", { class: "assess-save", role: "status", "aria-live": "polite" });
    this.meterFill = h("span", {});
    this.prev = h("button", { type: "button", class: "assess-prev",
      onclick: () => this.go(this.dimension - 1) }, t("assess.prev"));
    this.next = h("button", { type: "button", class: "assess-next primary",
      onclick: () => this.go(this.dimension + 1) }, t("assess.next"));
    this.submitButton = h("button", { type: "submit", class: "assess-submit primary" }, t("assess.submit"));
    this.hint = h("p", { class: "assess-hint" });
    this.form = h("form", { class: "assess-form", novalidate: true, onsubmit: (event) => {
      event.preventDefault();
      this.submit();
    } },
    h("nav", { class: "assess-steps", "aria-label": t("assess.steps") }, this.steps),
    this.page, this.error,
    h("div", { class: "assess-bar" },
      h("div", { class: "assess-bar-top" }, this.progressText, this.saveState),
      h("span", { class: "assess-meter", "aria-hidden": "true" }, this.meterFill),
      h("div", { class: "assess-nav" }, this.prev, this.next, this.submitButton),
      this.hint));
  }

  /** Where to start: where this device left off, else the first dimension with a gap. */
  startDimension() {
    const count = this.run.dimensions.length;
    const stored = Number(localStorage.getItem(this.storageKey));
    if (localStorage.getItem(this.storageKey) !== null && stored >= 0 && stored < count) return stored;
    for (let d = 0; d < count; d += 1) {
      if (answeredIn(this.answers, this.run, d) < this.run.dimensions[d].items.length) return d;
    }
    return 0;
  }

  go(d) {
    if (d < 0 || d >= this.run.dimensions.length) return;
    this.dimension = d;
    try {
      localStorage.setItem(this.storageKey, String(d));
    } catch {
      // private mode: the page still works, it just starts at the first gap next time
    }
    this.syncForm();
    this.pageHeading.focus({ preventScroll: true });
    this.node.scrollIntoView({ block: "start" });
  }

  buildPage() {
    const run = this.run;
    const d = this.dimension;
    const dimension = run.dimensions[d];
    this.pageDimension = d;
    this.inputs = [];
    const headingId = uniqueId("dim");
    this.pageHeading = h("h2", { id: headingId, tabindex: "-1" }, dimension.name);
    const statements = dimension.items.map((statement, i) => {
      const key = `${d}.${i}`;
      const name = uniqueId("st");
      return h("fieldset", { class: "assess-statement", "data-key": key },
        h("legend", {}, h("span", { class: "assess-num" }, `${number(i + 1)}.`), " ",
          h("span", { dir: "auto" }, statement)),
        h("ul", { class: "choices assess-scale" }, run.scale.map((label, value) => {
          const input = h("input", { type: "radio", name, value, onchange: () => this.choose(key, value) });
          this.inputs.push([input, key, value]);
          return h("li", {}, h("label", { class: "choice" }, input, h("span", {}, label)));
        })));
    });
    replace(this.page, h("section", { class: "assess-dimension", "aria-labelledby": headingId },
      h("p", { class: "assess-step" }, t("assess.dimension_of",
        { number: number(d + 1), count: number(run.dimensions.length) })),
      this.pageHeading,
      dimension.description ? h("p", { class: "assess-description", dir: "auto" }, dimension.description) : null,
      statements));
  }

  syncForm() {
    const run = this.run;
    const last = run.dimensions.length - 1;
    if (this.dimension === null) this.dimension = this.startDimension();
    if (this.pageDimension !== this.dimension || !this.inputs) this.buildPage();
    for (const [input, key, value] of this.inputs) input.checked = this.answers[key] === value;
    const stepsKey = JSON.stringify([this.dimension, run.dimensions.map((_, d) => answeredIn(this.answers, run, d))]);
    if (stepsKey !== this.stepsKey) {
      this.stepsKey = stepsKey;
      const hadFocus = this.steps.contains(document.activeElement);
      replace(this.steps, run.dimensions.map((dimension, d) => {
        const done = answeredIn(this.answers, run, d);
        const size = dimension.items.length;
        return h("li", {}, h("button", { type: "button", class: done === size ? "complete" : "",
          "aria-current": d === this.dimension ? "step" : null,
          "aria-label": t("assess.step_label", { number: number(d + 1), name: dimension.name,
            count: number(done), total: number(size) }),
          title: dimension.name, onclick: () => this.go(d) }, number(d + 1)));
      }));
      if (hadFocus) this.steps.querySelector("[aria-current]").focus();
    }
    const total = this.total;
    const count = countAnswered(this.answers, run);
    this.progressText.textContent = t("assess.answered", { count: number(count), total: number(total) });
    setShare(this.meterFill, total ? count / total : 0);
    this.prev.disabled = this.dimension === 0;
    this.next.hidden = this.dimension === last;
    const complete = count === total;
    this.submitButton.hidden = this.submitted || !(this.dimension === last || complete);
    this.submitButton.disabled = !complete || this.submitting;
    // why Submit is not possible yet, where Submit is
    this.hint.textContent = this.submitButton.hidden ? "" : complete ? t("assess.ready") : tn("assess.left", total - count);
    this.showSaveState();
  }

  choose(key, value) {
    this.local[key] = value;
    this.pending[key] = value;
    this.answers[key] = value;
    this.error.textContent = "";
    this.syncForm();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), SAVE_DELAY_MS);
  }

  /** Send what is waiting (and submit, if asked); the ack, or null when nothing was sent. */
  flush(submit = false) {
    clearTimeout(this.timer);
    this.timer = null;
    const answers = this.pending;
    if (!submit && !Object.keys(answers).length) return null;
    if (this.mode !== "form") return null;
    this.pending = {};
    const acked = this.connection.send("assessment.save", { run_id: this.run.id, answers, submit });
    this.showSaveState();
    return acked.then((ack) => {
      this.problem = ack.ok ? "" : refusal(ack);
      this.showSaveState();
      return ack;
    });
  }

  showSaveState() {
    if (!this.saveState) return;
    const queued = Object.keys(this.pending).length > 0 || this.connection.outbox.items.some(
      (c) => c.type === "assessment.save" && c.data.run_id === this.run.id);
    let text = "";
    let kind = "";
    if (this.problem) [text, kind] = [this.problem, "error"];
    else if (queued && this.submitting) [text, kind] = [t(this.connection.status === "online" ? "assess.submitting" : "assess.waiting"), "pending"];
    else if (queued) [text, kind] = [t(this.connection.status === "online" ? "assess.saving" : "assess.waiting"), "pending"];
    else if (countAnswered(this.answers, this.run)) [text, kind] = [t("assess.saved"), "ok"];
    if (this.saveState.textContent !== text) this.saveState.textContent = text;
    this.saveState.dataset.kind = kind;
  }

  async submit() {
    if (this.submitting || this.submitted) return;
    const missing = statementKeys(this.run).find((key) => !(key in this.answers));
    if (missing) {
      this.goToStatement(missing);
      return;
    }
    this.submitting = true;
    this.error.textContent = "";
    this.syncForm();
    const ack = await this.flush(true);
    this.submitting = false;
    if (!ack) return;
    if (ack.ok) {
      this.submittedAck = ack.result.submitted;
    } else {
      this.error.textContent = refusal(ack);
      const gaps = Object.keys((ack.error.fields || {}).answers || {});
      if (gaps.length) gaps.forEach((key) => delete this.local[key]);
    }
    this.refresh();
    if (ack.ok) this.node.scrollIntoView({ block: "start" });
  }

  goToStatement(key) {
    const d = Number(key.split(".")[0]);
    if (d !== this.dimension) this.go(d);
    const input = this.page.querySelector(`[data-key="${key}"] input`);
    if (input) {
      input.focus();
      input.closest("fieldset").scrollIntoView({ block: "center" });
    }
  }
}

// ----------------------------------------------------------------------------- to do

/** What a participant can reach any time: open runs, and the latest results of each questionnaire. */
function todoEntries(store) {
  const runs = runsOf(store);
  const openKeys = new Set(runs.filter((r) => r.status === "open").map((r) => r.key));
  const latestRevealed = new Map();
  for (const run of runs) if (run.status === "revealed") latestRevealed.set(run.key, run);
  return runs.filter((run) => run.status === "open"
    || (run.status === "revealed" && !openKeys.has(run.key) && latestRevealed.get(run.key) === run))
    .map((run) => {
      const mine = store.get("my_assessments", String(run.id));
      const answers = mine ? mine.answers : {};
      const count = countAnswered(answers, run);
      const total = statementKeys(run).length;
      let state = "new";
      if (run.status === "revealed") state = "results";
      else if (mine && mine.submitted_at) state = "submitted";
      else if (count) state = "progress";
      return { run, state, count, total };
    });
}

export function todoCount(store) {
  return todoEntries(store).filter((e) => e.run.status === "open" && e.state !== "submitted").length;
}

/** The list of those runs, each a button that opens it. */
export class TodoList {
  constructor({ onPick }) {
    this.onPick = onPick;
    this.key = null;
    this.entries = [];
    this.node = h("ul", { class: "todo-list" });
  }

  update(store) {
    const entries = todoEntries(store);
    this.entries = entries;
    const key = JSON.stringify(entries.map((e) => [e.run.id, e.run.title, e.run.due_at, e.run.due_text,
      e.state, e.count]));
    if (key === this.key) return entries;
    this.key = key;
    const focused = document.activeElement && this.node.contains(document.activeElement)
      ? document.activeElement.dataset.run : null;
    replace(this.node, entries.map(({ run, state, count, total }) => {
      const status = state === "progress"
        ? t("todo.status.progress", { count: number(count), total: number(total) })
        : t(`todo.status.${state}`);
      const due = run.status === "open" ? dueLine(run) : "";
      return h("li", {}, h("button", { type: "button", class: "todo-entry", "data-run": run.id,
        onclick: () => this.onPick(run.id) },
      h("span", { class: "todo-name", dir: "auto" }, run.title),
      due ? h("span", { class: "todo-due" }, due) : null,
      h("span", { class: "todo-state", "data-state": state }, status)));
    }));
    if (focused) {
      const again = this.node.querySelector(`[data-run="${focused}"]`);
      if (again) again.focus();
    }
    return entries;
  }
}

/** "To do" in the participant's header: a count badge and a panel listing the open runs. */
export class TodoMenu {
  constructor({ button, panel, onPick }) {
    this.button = button;
    this.panel = panel;
    this.badge = h("span", { class: "todo-badge", "aria-hidden": "true" });
    this.srCount = h("span", { class: "sr-only" });
    button.append(h("span", {}, t("todo.button")), this.badge, this.srCount);
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", () => this.toggle(this.panel.hidden));
    this.list = new TodoList({ onPick: (id) => {
      this.toggle(false);
      onPick(id);
    } });
    const titleId = uniqueId("todo");
    this.heading = h("h2", { id: titleId, tabindex: "-1" }, t("todo.title"));
    panel.setAttribute("aria-labelledby", titleId);
    panel.append(h("div", { class: "todo-head" }, this.heading,
      h("button", { type: "button", class: "todo-close", onclick: () => this.toggle(false, true) },
        t("todo.close"))), this.list.node);
    panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.toggle(false, true);
    });
  }

  toggle(open, returnFocus = false) {
    this.panel.hidden = !open;
    this.button.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) (this.list.node.querySelector("button") || this.heading).focus();
    else if (returnFocus) this.button.focus();
  }

  update(store) {
    const entries = this.list.update(store);
    const count = todoCount(store);
    this.button.hidden = !entries.length;
    this.badge.textContent = count ? number(count) : "";
    this.srCount.textContent = count ? ` (${tn("todo.count", count)})` : "";
    if (!entries.length && !this.panel.hidden) this.toggle(false);
  }
}

// ----------------------------------------------------------------------------- staff

function isoWithZone(local) {
  // datetime-local gives wall-clock time without a zone; the browser's offset for that moment
  const date = new Date(local);
  if (Number.isNaN(date.getTime())) return null;
  const pad = (n) => String(n).padStart(2, "0");
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:`
    + `${pad(date.getMinutes())}:00${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

function zoneName() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  const offset = -new Date().getTimezoneOffset();
  const pad = (n) => String(n).padStart(2, "0");
  const utc = `UTC${offset >= 0 ? "+" : "−"}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return zone && !["UTC", "Etc/UTC"].includes(zone) ? `${zone}, ${utc}` : utc;
}

function localNow() {
  const date = new Date(Date.now() + 60000);
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The console's panel for an assessment item: open it (with an optional due date), who has
 * submitted, Close / Reveal, the exports and the group's chart. For a debrief item, the latest
 * run of the same questionnaire. Co-facilitators see it without the controls.
 */
export class StaffAssessment extends StaffPanel {
  constructor({ connection, drives, room }) {
    super({ connection, drives, idPrefix: "assess" });
    this.room = room;
    this.keys = {};
    this.due = h("p", { class: "assess-due" });
    this.openSlot = h("div", { class: "assess-open-slot" });
    this.counts = h("p", { class: "poll-n assess-counts", role: "status", "aria-live": "polite" });
    this.completion = h("div", { class: "assess-completion-wrap" });
    this.exports = h("p", { class: "assess-exports" });
    this.results = h("div", { class: "assess-results-wrap", "aria-live": "off" });
    this.againSlot = h("div", { class: "assess-open-slot" });
    this.node = this.frame("poll-panel assess-panel", null, this.due,
      this.openSlot, this.controls, this.error, this.counts, this.completion, this.exports, this.results,
      this.againSlot);
    if (drives) this.buildOpenForm();
  }

  buildOpenForm() {
    const inputId = uniqueId("due");
    const hintId = uniqueId("due-hint");
    this.dueInput = h("input", { id: inputId, type: "datetime-local", name: "due_at",
      "aria-describedby": hintId });
    this.dueHint = h("p", { class: "muted assess-due-hint", id: hintId });
    this.dueError = h("p", { class: "error field-error", role: "alert" });
    this.openButton = h("button", { type: "submit", class: "primary" });
    this.openForm = h("form", { class: "assess-open", novalidate: true, onsubmit: (event) => {
      event.preventDefault();
      this.open();
    } }, h("label", { for: inputId }, t("assess.due_label")), this.dueInput, this.dueHint, this.dueError,
    h("div", { class: "poll-actions" }, this.openButton));
    this.dueInput.addEventListener("focus", () => this.dueInput.setAttribute("min", localNow()));
  }

  changed(part, ...what) {
    const key = JSON.stringify(what);
    if (this.keys[part] === key) return false;
    this.keys[part] = key;
    return true;
  }

  show({ item, run, debrief, result, progress, participants }) {
    this.item = item;
    this.run = run;
    this.args = { item, run, debrief, result, progress, participants };
    const status = run ? run.status : "none";
    this.node.dataset.run = run ? run.id : "";
    this.showStatus(status, t(`assess.status.${status}`), [
      run ? t("assess.run", { number: number(run.number) }) : null, debrief ? t("assess.debrief") : null]);
    this.heading.textContent = run ? run.title : item.title;
    this.heading.hidden = !run && !debrief;
    this.due.textContent = run && run.status === "open" ? dueLine(run) : "";
    this.due.hidden = !this.due.textContent;
    this.showOpenForm(run, debrief);
    this.showControls(run);
    this.showProgress(run, progress, participants);
    if (this.changed("exports", run && run.id, this.drives)) {
      replace(this.exports, run && this.drives ? [t("assess.exports"), " ",
        h("a", { href: `/facilitate/${this.room}/assessments/${run.id}.csv`, download: "" }, t("assess.csv")), " · ",
        h("a", { href: `/facilitate/${this.room}/assessments/${run.id}.json`, target: "_blank", rel: "noopener" },
          t("assess.json"))] : []);
    }
    if (this.changed("results", run && run.id, run && run.status, result, debrief)) {
      const parts = [];
      if (!run && debrief) parts.push(h("p", { class: "muted" }, t("assess.no_run")));
      if (run && result) {
        parts.push(h("h4", {}, t("assess.results")));
        if (run.status !== "revealed") parts.push(h("p", { class: "muted" }, t("assess.results_private")));
        parts.push(resultsChart(run, result));
      }
      replace(this.results, parts);
    }
  }

  showOpenForm(run, debrief) {
    if (!this.drives) return;
    const mode = debrief || (run && run.status === "open") ? "none" : run ? "again" : "first";
    const settings = (this.item && this.item.settings) || {};
    if (!this.changed("open", mode, run && run.number, settings.due, this.pending)) return;
    this.openButton.textContent = mode === "again"
      ? t("assess.open_again", { number: number(run.number + 1) }) : t("assess.open");
    this.openButton.disabled = this.pending;
    this.dueHint.textContent = [t("assess.zone", { zone: zoneName() }),
      settings.due ? t("assess.course_due", { text: settings.due }) : null].filter(Boolean).join(" ");
    // the first run is the item's main action; another run is an aside, below the results
    const hadFocus = this.openForm.contains(document.activeElement);
    const open = this.againSlot.querySelector("details[open]") !== null;
    replace(this.openSlot, mode === "first" ? this.openForm : null);
    replace(this.againSlot, mode === "again" ? h("details", { class: "assess-again", open },
      h("summary", {}, t("assess.run_again")), this.openForm) : null);
    if (hadFocus && !this.openForm.contains(document.activeElement)) {
      const next = this.controls.querySelector("button") || this.openForm.querySelector("button");
      if (next) next.focus();
    }
  }

  showControls(run) {
    if (!this.drives || !this.changed("controls", run && run.id, run && run.status, this.pending)) return;
    const button = (label, type, confirmKey, className = "") => this.commandButton(label, type,
      { run_id: run.id }, { className, confirmKey });
    const buttons = [];
    if (run && run.status === "open") {
      buttons.push(button("assess.close", "assessment.close", "assess.close_confirm"),
        button("assess.reveal", "assessment.reveal", "assess.reveal_confirm", "primary"));
    } else if (run && run.status === "closed") {
      buttons.push(button("assess.reveal", "assessment.reveal", null, "primary"));
    } else if (run) {
      buttons.push(h("p", { class: "muted" }, t("assess.revealed_note")));
    }
    this.replaceControls(buttons,
      () => this.node.querySelector(".assess-open-slot button, .assess-open-slot summary"));
  }

  showProgress(run, progress, participants) {
    const people = [...participants].sort((a, b) => a.name.localeCompare(b.name));
    const submitted = new Set(progress ? progress.submitted : []);
    const started = new Set(progress ? progress.started : []);
    if (!this.changed("progress", run && run.id, people.map((p) => [p.id, p.name]),
      [...submitted], [...started])) return;
    if (!run) {
      this.counts.textContent = "";
      replace(this.completion);
      return;
    }
    const done = people.filter((p) => submitted.has(p.id)).length;
    const going = people.filter((p) => started.has(p.id)).length;
    this.counts.textContent = t("assess.counts", { submitted: number(done), started: number(going),
      missing: number(Math.max(0, people.length - done - going)) });
    if (!people.length) {
      replace(this.completion, h("p", { class: "muted" }, t("roster.empty")));
      return;
    }
    const state = (p) => (submitted.has(p.id) ? "submitted" : started.has(p.id) ? "started" : "none");
    replace(this.completion, h("table", { class: "assess-completion" },
      h("caption", {}, t("assess.completion")),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("assess.person")),
        h("th", { scope: "col" }, t("assess.state")))),
      h("tbody", {}, people.map((p) => h("tr", { "data-participant": p.id, "data-state": state(p) },
        h("th", { scope: "row", dir: "auto" }, p.name),
        h("td", {}, t(`assess.row.${state(p)}`)))))));
  }

  async open() {
    this.dueError.textContent = "";
    const data = { item_id: this.item.id };
    if (this.dueInput.value) {
      const due = isoWithZone(this.dueInput.value);
      if (!due || Date.parse(due) <= Date.now()) {
        this.dueError.textContent = t("assess.due_past");
        this.dueInput.focus();
        return;
      }
      data.due_at = due;
    }
    const ack = await this.runCommand("assessment.open", data);
    if (ack.ok) this.dueInput.value = "";
    else if (ack.error.fields && ack.error.fields.due_at) {
      this.dueError.textContent = [].concat(ack.error.fields.due_at).join(" ");
    }
  }

  refresh() {
    this.keys.controls = null;
    this.keys.open = null;
    if (this.args) this.show(this.args);
  }
}

// -------------------------------------------------------------------------- projector

/** An assessment item on the shared screen: the group's chart once revealed. */
export function projectorAssessmentView(item, run, result) {
  const parts = [h("p", { class: "kind kind-assessment" }, t("kind.assessment")),
    h("h1", { class: "item-title" }, item.title)];
  if (run && run.status === "revealed" && result) {
    parts[1].classList.add("with-results");
    parts.push(resultsChart(run, result));
  } else if (run && run.status === "open") {
    parts.push(h("p", { class: "activity" }, t("assess.on_device")));
    const due = dueLine(run);
    if (due) parts.push(h("p", { class: "assess-due" }, due));
  } else {
    parts.push(h("p", { class: "activity" }, t(run ? "assess.results_soon" : "activity.soon")));
  }
  return h("section", { class: "item assess-projected", "data-run": run ? run.id : null }, parts);
}
