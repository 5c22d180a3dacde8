// Polls on every page: the participant's answer form, the facilitator's controls and quick
// poll form, and the results (bars, word cloud, heat map) that the projector shows too.
//
// Cards are built once and updated in place: tallies arrive several times a second while
// people answer, and rebuilding a form would lose what someone is typing and where the focus is.
// Everything a person wrote goes in as text (dom.js h()), never as HTML.

import { h, replace } from "./dom.js";
import { number, percent, t, tn } from "./i18n.js";
import { StaffPanel, setShare, uniqueId } from "./panels.js";
import { refusal, sendWithStatus, statusLine, waitingWords } from "./sending.js";

/** Longest text per answer field; the same limits as app/polls/schemas.py TEXT_LIMITS. */
const LIMITS = { other: 280, short: 280, long: 2000, wordcloud: 40 };
export const POLL_ITEM_KINDS = ["poll", "evaluation"];
export const QUICK_KINDS = ["single", "multiple", "likert", "open", "wordcloud"];

export function tallyOf(store, poll) {
  return poll && poll.id ? store.aggregates[`poll:${poll.id}`] || null : null;
}

/** The poll of an agenda item of kind poll or evaluation (none until it is first opened). */
export function pollOfItem(store, item) {
  if (!item || !POLL_ITEM_KINDS.includes(item.kind)) return null;
  return store.all("polls").find((p) => p.item_id === item.id) || null;
}

/** What an agenda item's poll will ask, from its course settings, before it exists. */
export function previewOfItem(item) {
  const settings = item.settings || {};
  const base = { id: null, item_id: item.id, status: "none", results: "reveal", changeable: true };
  if (item.kind === "evaluation") {
    return { ...base, kind: "evaluation", question: item.title, questions: settings.questions || [],
      anonymous: settings.anonymous ?? true, changeable: false };
  }
  const { type, ...rest } = settings;
  const kind = type || "single";
  return { anonymous: false, ...base, ...rest, kind, question: settings.question || item.title,
    scale: rest.scale || (kind === "likert" ? likertScale() : undefined) };
}

export function likertScale() {
  return [0, 1, 2, 3, 4].map((i) => t(`poll.likert.${i}`));
}

export function choiceLabels(poll) {
  if (poll.kind === "likert") return poll.scale || [];
  const labels = [...(poll.options || [])];
  if (poll.other_option) labels.push(poll.other_option);
  return labels;
}

/**
 * Which quick polls (made up live, item_id null) a participant or the projector sees on top
 * of the current item: open ones, and one that closed or was revealed while this page
 * watched, until the agenda moves on (or the participant goes back to the session).
 */
export class QuickPolls {
  constructor() {
    this.seen = new Map();
    this.recent = new Set();
    this.dismissed = new Set();
    this.itemId = undefined;
  }

  visible(store, itemId) {
    const polls = store.all("polls").filter((p) => p.item_id === null && p.status !== "draft");
    if (itemId !== this.itemId) {
      this.itemId = itemId;
      for (const poll of polls) if (poll.status !== "open") this.recent.delete(poll.id);
    }
    const shown = [];
    for (const poll of polls) {
      const before = this.seen.get(poll.id);
      if (before !== poll.status) {
        if (poll.status === "open" || (before !== undefined && poll.status === "revealed")) {
          this.recent.add(poll.id);
          this.dismissed.delete(poll.id);
        }
        this.seen.set(poll.id, poll.status);
      }
      if (poll.status === "open" || (this.recent.has(poll.id) && !this.dismissed.has(poll.id))) {
        shown.push(poll);
      }
    }
    return shown.sort((a, b) => a.id - b.id);
  }

  dismiss(pollId) {
    this.dismissed.add(pollId);
  }
}

// ---------------------------------------------------------------------------- results

function bars(labels, counts, n) {
  return h("ol", { class: "poll-bars" }, labels.map((label, i) => {
    const count = counts[i] || 0;
    const share = n ? count / n : 0;
    const fill = h("span", { class: "poll-bar-fill" });
    setShare(fill, share);
    return h("li", { class: "poll-bar", "data-index": i, "data-count": count },
      h("span", { class: "poll-bar-label", dir: "auto" }, label),
      h("span", { class: "poll-bar-value" },
        t("poll.count_share", { count: number(count), share: percent(share) })),
      h("span", { class: "poll-bar-track", "aria-hidden": "true" }, fill));
  }));
}

function textList(title, texts, headingTag, className = "poll-texts") {
  const list = texts.length
    ? h("ul", {}, [...texts].reverse().map((text) => h("li", { dir: "auto" }, text)))
    : h("p", { class: "muted" }, t("poll.no_texts"));
  return h("section", { class: className }, h(headingTag, {}, title), list);
}

function cloud(words) {
  const most = Math.max(1, ...words.map(([, count]) => count));
  return h("ul", { class: "poll-cloud", "aria-label": t("poll.cloud") }, words.map(([word, count]) => {
    const node = h("li", { dir: "auto" }, word, h("span", { class: "sr-only" }, ` (${number(count)})`));
    node.style.setProperty("--weight", (count / most).toFixed(2));
    return node;
  }));
}

function heatTable(poll, counts) {
  const most = Math.max(1, ...counts.flat());
  const head = h("tr", {}, h("td", {}), poll.levels.map((level) => h("th", { scope: "col" }, level)));
  const rows = poll.rows.map((row, r) => h("tr", {}, h("th", { scope: "row" }, row),
    poll.levels.map((_, l) => {
      const count = (counts[r] || [])[l] || 0;
      const heat = count / most;
      const cell = h("td", { class: heat > 0.55 ? "hot" : "" }, number(count));
      cell.style.setProperty("--heat", heat.toFixed(2));
      return cell;
    })));
  return h("div", { class: "poll-heat-wrap", tabindex: "0", role: "region", "aria-label": t("poll.heatmap") },
    h("table", { class: "poll-heat" }, h("thead", {}, head), h("tbody", {}, rows)));
}

/** The results of one poll as bars, lists, a word cloud or a heat map (no chart library). */
export function resultsView(poll, tally, { headingTag = "h3" } = {}) {
  const parts = [];
  const n = tally.n || 0;
  if (["single", "multiple", "likert"].includes(poll.kind)) {
    parts.push(bars(choiceLabels(poll), tally.counts || [], n));
  }
  if (poll.kind === "likert" && tally.mean !== null && tally.mean !== undefined) {
    const scale = poll.scale || [];
    parts.push(h("p", { class: "poll-mean" }, t("poll.mean", {
      mean: number(tally.mean, 1), first: scale[0], last: scale[scale.length - 1],
      max: number(scale.length) })));
  }
  if (poll.other_option && tally.others && tally.others.length) {
    parts.push(textList(t("poll.others", { option: poll.other_option }), tally.others, headingTag));
  }
  if (poll.kind === "grid") parts.push(heatTable(poll, tally.counts || []));
  if (poll.kind === "wordcloud") {
    parts.push(tally.words && tally.words.length ? cloud(tally.words) : null);
    parts.push(textList(t("poll.texts"), tally.texts || [], headingTag));
  }
  if (poll.kind === "open") parts.push(textList(t("poll.texts"), tally.texts || [], headingTag));
  if (poll.kind === "evaluation") {
    (poll.questions || []).forEach((question, q) => {
      parts.push(textList(question, (tally.texts || [])[q] || [], headingTag));
    });
  }
  return h("div", { class: "poll-results" }, parts);
}

/** What a poll asks, before there are results: the options, scale, grid or questions. */
export function previewView(poll) {
  if (["single", "multiple", "likert"].includes(poll.kind)) {
    return h("ol", { class: "poll-options" }, choiceLabels(poll).map((label) => h("li", {}, label)));
  }
  if (poll.kind === "grid") {
    return h("div", { class: "poll-preview" },
      h("p", {}, t("poll.levels", { levels: (poll.levels || []).join(" · ") })),
      h("ol", { class: "poll-options" }, (poll.rows || []).map((row) => h("li", {}, row))));
  }
  if (poll.kind === "evaluation") {
    return h("ol", { class: "poll-options" }, (poll.questions || []).map((q) => h("li", {}, q)));
  }
  return h("p", { class: "muted" }, t(`poll.kindname.${poll.kind}`));
}

function answerSummary(poll, answer) {
  if (answer.choices) {
    const labels = choiceLabels(poll);
    const otherIndex = poll.other_option ? poll.options.length : -1;
    return h("ul", { class: "poll-answer" }, answer.choices.map((c) => h("li", {}, labels[c],
      c === otherIndex && answer.other ? [": ", h("q", { dir: "auto" }, answer.other)] : null)));
  }
  if ("value" in answer) return h("p", { class: "poll-answer" }, (poll.scale || [])[answer.value]);
  if (answer.grid) {
    return h("dl", { class: "poll-answer" }, Object.entries(answer.grid)
      .sort(([a], [b]) => Number(a) - Number(b))
      .flatMap(([row, level]) => [h("dt", {}, poll.rows[Number(row)]), h("dd", {}, poll.levels[level])]));
  }
  if (answer.texts) {
    return h("dl", { class: "poll-answer" }, (poll.questions || []).flatMap((q, i) =>
      [h("dt", {}, q), h("dd", {}, answer.texts[i] || "—")]));
  }
  return h("p", { class: "poll-answer poll-answer-text", dir: "auto" }, answer.text);
}

function flatten(messages) {
  if (Array.isArray(messages)) return messages.flatMap(flatten);
  if (messages && typeof messages === "object") return Object.values(messages).flatMap(flatten);
  return messages ? [String(messages)] : [];
}

// ----------------------------------------------------------------------- participant

function emptyDraft(poll) {
  return { choices: new Set(), other: "", value: null, text: "", grid: {},
    texts: (poll.questions || []).map(() => "") };
}

function draftFrom(poll, answer) {
  const draft = emptyDraft(poll);
  if (!answer) return draft;
  if (answer.choices) draft.choices = new Set(answer.choices);
  draft.other = answer.other || "";
  if ("value" in answer) draft.value = answer.value;
  draft.text = answer.text || "";
  draft.grid = { ...(answer.grid || {}) };
  if (answer.texts) draft.texts = draft.texts.map((_, i) => answer.texts[i] || "");
  return draft;
}

/** A participant's poll: the form, then "your answer", and the results once they are shown. */
export class ParticipantPoll {
  constructor(poll, { connection, quick = false, onDismiss = null }) {
    this.connection = connection;
    this.quick = quick;
    this.onDismiss = onDismiss;
    this.sub = quick ? "h3" : "h2";
    this.poll = poll;
    this.mine = null;
    this.tally = null;
    this.acked = null;
    this.editing = false;
    this.pending = false;
    this.bodyKey = null;
    this.tallyKey = null;
    this.draft = emptyDraft(poll);
    this.errors = {};
    const headingId = uniqueId("poll-q");
    const kind = quick ? t("poll.quick") : t(`kind.${poll.kind === "evaluation" ? "evaluation" : "poll"}`);
    this.question = h(quick ? "h2" : "h1", { class: "item-title poll-question", id: headingId,
      tabindex: "-1" }, poll.question);
    this.body = h("div", { class: "poll-body" });
    this.status = h("p", { class: "poll-status", role: "status", "aria-live": "polite" });
    this.results = h("div", { class: "poll-results-wrap", "aria-live": "off" });
    this.footer = h("div", { class: "poll-footer" });
    this.node = h("section", { class: `poll-card${quick ? " poll-quick" : ""}`, "data-poll": poll.id,
      "aria-labelledby": headingId },
    h("p", { class: "kind kind-poll" }, kind), this.question, this.body, this.status, this.results,
    this.footer);
    connection.onStatus((status) => {
      if (this.pending) this.setStatus(waitingWords(status), "pending");
    });
  }

  update(poll, mine, tally) {
    this.poll = poll;
    this.mine = mine || null;
    this.tally = tally || null;
    this.question.textContent = poll.question;
    const answer = this.mine || this.acked;
    const open = poll.status === "open";
    if (!open) this.editing = false;
    const mode = !open ? "closed" : answer && !this.editing ? "answered" : "form";
    const key = mode === "form" ? "form" : `${mode}:${poll.changeable}:${JSON.stringify(answer)}`;
    if (key !== this.bodyKey) {
      const hadFocus = this.node.contains(document.activeElement);
      this.bodyKey = key;
      if (mode === "closed" && !this.pending && this.status.dataset.kind !== "error") this.setStatus("");
      if (mode === "form") this.renderForm();
      else this.renderAnswer(answer, mode === "closed");
      if (hadFocus && !this.node.contains(document.activeElement)) {
        (this.body.querySelector("button, input, textarea") || this.question).focus();
      }
    }
    const tallyKey = JSON.stringify(this.tally);
    if (tallyKey !== this.tallyKey) {
      this.tallyKey = tallyKey;
      replace(this.results, this.tally ? [
        h(this.sub, {}, t("poll.results")),
        h("p", { class: "poll-n" }, tn("poll.answers", this.tally.n)),
        resultsView(poll, this.tally, { headingTag: this.quick ? "h4" : "h3" }),
      ] : []);
    }
    const dismissible = this.quick && !open && this.onDismiss;
    if (dismissible !== Boolean(this.footer.firstChild)) {
      replace(this.footer, dismissible ? h("button", { type: "button", class: "poll-dismiss",
        onclick: () => this.onDismiss(poll.id) }, t("poll.dismiss")) : null);
    }
  }

  refresh() {
    this.update(this.poll, this.mine, this.tally);
  }

  setStatus(text, kind = "") {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }

  renderAnswer(answer, closed) {
    const parts = [];
    if (closed) parts.push(h("p", { class: "poll-closed" }, t("poll.closed")));
    if (answer && answer.answer === null) {
      parts.push(h("p", { class: "poll-yours" }, t("poll.recorded_anonymous")));
    } else if (answer) {
      parts.push(h("section", { class: "poll-yours" }, h(this.sub, {}, t("poll.yours")),
        answerSummary(this.poll, answer.answer)));
      if (!closed && this.poll.changeable) {
        parts.push(h("button", { type: "button", class: "poll-change", onclick: () => {
          this.editing = true;
          this.draft = draftFrom(this.poll, answer.answer);
          this.setStatus("");
          this.refresh();
          const first = this.body.querySelector("input:checked, input, textarea");
          if (first) first.focus();
        } }, t("poll.change")));
      }
    }
    replace(this.body, parts);
  }

  errorSlot(field) {
    const node = h("p", { class: "error field-error", id: uniqueId("err"), "data-field": field,
      role: "alert" });
    this.errors[field] = node;
    return node;
  }

  textField({ label, limit, multiline = false, rows = 3, value, onInput, field = null }) {
    const inputId = uniqueId("text");
    const counterId = uniqueId("count");
    const counter = h("span", { class: "poll-counter", id: counterId });
    const show = (length) => {
      counter.textContent = t("poll.chars", { count: number(length), max: number(limit) });
      counter.classList.toggle("near", length > limit * 0.9);
    };
    const attrs = { id: inputId, maxlength: limit, "aria-describedby": counterId, dir: "auto",
      oninput: (event) => {
        onInput(event.target.value);
        show(event.target.value.length);
      } };
    const input = multiline ? h("textarea", { ...attrs, rows })
      : h("input", { ...attrs, type: "text", autocomplete: "off" });
    input.value = value || "";
    show(input.value.length);
    const node = h("div", { class: "poll-text" }, h("label", { for: inputId }, label), input, counter,
      field ? this.errorSlot(field) : null);
    return { node, input };
  }

  choiceFields() {
    const poll = this.poll;
    const multiple = poll.kind === "multiple";
    const labels = choiceLabels(poll);
    const otherIndex = poll.other_option ? poll.options.length : -1;
    const max = multiple ? Math.min(poll.max_choices || labels.length, labels.length) : 1;
    const name = uniqueId("choice");
    const countId = uniqueId("count");
    const count = multiple ? h("p", { class: "poll-count", id: countId, "aria-live": "polite" }) : null;
    const other = otherIndex >= 0 ? this.textField({ label: t("poll.other_text"), limit: LIMITS.other,
      value: this.draft.other, onInput: (v) => { this.draft.other = v; }, field: "other" }) : null;
    const inputs = [];
    const sync = () => {
      const chosen = this.draft.choices.size;
      if (count) count.textContent = t("poll.chosen", { count: number(chosen), max: number(max) });
      if (multiple) {
        for (const input of inputs) input.disabled = !input.checked && chosen >= max;
      }
      if (other) other.node.hidden = !this.draft.choices.has(otherIndex);
    };
    const items = labels.map((label, i) => {
      const input = h("input", { type: multiple ? "checkbox" : "radio", name, value: i,
        checked: this.draft.choices.has(i), onchange: () => {
          if (!multiple) this.draft.choices = new Set([i]);
          else if (input.checked) this.draft.choices.add(i);
          else this.draft.choices.delete(i);
          sync();
          if (i === otherIndex && input.checked) other.input.focus();
        } });
      inputs.push(input);
      return h("li", {}, h("label", { class: "choice" }, input, h("span", { dir: "auto" }, label)),
        i === otherIndex ? other.node : null);
    });
    sync();
    this.countNode = count;
    return [h("fieldset", { class: "poll-choices", "aria-describedby": count ? countId : null },
      h("legend", {}, multiple ? t("poll.choose_up_to", { max: number(max) }) : t("poll.choose_one")),
      h("ul", { class: "choices" }, items)), this.errorSlot("choices")];
  }

  scaleFields() {
    const name = uniqueId("scale");
    const items = (this.poll.scale || []).map((label, i) => h("li", {}, h("label", { class: "choice" },
      h("input", { type: "radio", name, value: i, checked: this.draft.value === i,
        onchange: () => { this.draft.value = i; } }),
      h("span", {}, label))));
    return [h("fieldset", { class: "poll-choices poll-scale" }, h("legend", {}, t("poll.pick_scale")),
      h("ul", { class: "choices" }, items)), this.errorSlot("value")];
  }

  gridFields() {
    const poll = this.poll;
    const rows = poll.rows.map((row, r) => {
      const name = uniqueId("row");
      return h("fieldset", { class: "poll-choices poll-grid-row" }, h("legend", {}, row),
        h("ul", { class: "choices" }, poll.levels.map((level, l) => h("li", {},
          h("label", { class: "choice" }, h("input", { type: "radio", name, value: l,
            checked: this.draft.grid[String(r)] === l,
            onchange: () => { this.draft.grid[String(r)] = l; } }), h("span", {}, level))))));
    });
    return [h("p", { class: "poll-hint" }, t("poll.grid_hint")), rows, this.errorSlot("grid")];
  }

  renderForm() {
    const poll = this.poll;
    this.errors = {};
    this.countNode = null;
    let fields;
    if (poll.kind === "single" || poll.kind === "multiple") fields = this.choiceFields();
    else if (poll.kind === "likert") fields = this.scaleFields();
    else if (poll.kind === "grid") fields = this.gridFields();
    else if (poll.kind === "evaluation") {
      fields = [h("p", { class: "poll-hint" }, t("poll.evaluation_hint")),
        poll.questions.map((question, q) => this.textField({ label: question, limit: LIMITS.long,
          multiline: true, rows: 3, value: this.draft.texts[q],
          onInput: (v) => { this.draft.texts[q] = v; } }).node),
        this.errorSlot("texts")];
    } else if (poll.kind === "wordcloud") {
      fields = this.textField({ label: t("poll.your_words"), limit: LIMITS.wordcloud,
        value: this.draft.text, onInput: (v) => { this.draft.text = v; }, field: "text" }).node;
    } else {
      const limit = poll.long ? LIMITS.long : LIMITS.short;
      fields = this.textField({ label: t("poll.your_text"), limit, multiline: true,
        rows: poll.long ? 8 : 3, value: this.draft.text,
        onInput: (v) => { this.draft.text = v; }, field: "text" }).node;
    }
    this.submitButton = h("button", { type: "submit", class: "primary poll-submit",
      disabled: this.pending }, t(this.editing ? "poll.send_change" : "poll.send"));
    const actions = [this.submitButton];
    if (this.editing) {
      actions.push(h("button", { type: "button", class: "poll-keep", onclick: () => {
        this.editing = false;
        this.refresh();
      } }, t("poll.keep")));
    }
    replace(this.body, h("form", { class: "poll-form", novalidate: true, onsubmit: (event) => {
      event.preventDefault();
      this.submit();
    } }, [fields].flat(Infinity), this.errorSlot("_"), h("div", { class: "poll-actions" }, this.countNode, actions)));
  }

  /** The answer in its wire shape, or [field, message] when something is missing. */
  collect() {
    const poll = this.poll;
    const draft = this.draft;
    const data = { poll_id: poll.id };
    if (poll.kind === "single" || poll.kind === "multiple") {
      if (!draft.choices.size) return [null, ["choices", t("poll.need_choice")]];
      data.choices = [...draft.choices].sort((a, b) => a - b);
      if (poll.other_option && draft.choices.has(poll.options.length)) {
        data.other = draft.other.trim();
        if (!data.other) return [null, ["other", t("poll.need_other")]];
      }
    } else if (poll.kind === "likert") {
      if (draft.value === null) return [null, ["value", t("poll.need_choice")]];
      data.value = draft.value;
    } else if (poll.kind === "grid") {
      if (!Object.keys(draft.grid).length) return [null, ["grid", t("poll.need_grid")]];
      data.grid = { ...draft.grid };
    } else if (poll.kind === "evaluation") {
      data.texts = draft.texts.map((text) => text.trim());
      if (!data.texts.some(Boolean)) return [null, ["texts", t("poll.need_one_text")]];
    } else {
      data.text = draft.text.trim();
      if (!data.text) return [null, ["text", t("poll.need_text")]];
    }
    return [data, null];
  }

  showErrors(fields) {
    for (const node of Object.values(this.errors)) node.textContent = "";
    for (const [field, messages] of Object.entries(fields || {})) {
      const node = this.errors[field] || this.errors._;
      if (node) node.textContent = [node.textContent, ...flatten(messages)].filter(Boolean).join(" ");
    }
  }

  async submit() {
    if (this.pending) return;
    const [data, problem] = this.collect();
    if (problem) {
      this.setStatus("");
      this.showErrors({ [problem[0]]: [problem[1]] });
      const slot = this.errors[problem[0]];
      const field = slot && slot.parentElement.querySelector("input:not(:disabled), textarea");
      if (field) field.focus();
      return;
    }
    this.showErrors({});
    this.pending = true;
    this.submitButton.disabled = true;
    const ack = await sendWithStatus(this.connection, "poll.answer", data, (text, kind) => this.setStatus(text, kind));
    this.pending = false;
    if (ack.ok) {
      this.acked = { answered: true, answer: ack.result.answer };
      this.editing = false;
      this.refresh();
      return;
    }
    if (this.submitButton) this.submitButton.disabled = false;
    this.showErrors(ack.error.fields);
  }
}

// ----------------------------------------------------------------------------- staff

/** The texts of a poll's answers that the shared view shows (open, word cloud, evaluation, "other"). */
function moderatedText(poll, row) {
  if (poll.kind === "evaluation") {
    return (poll.questions || []).map((_, i) => row[`q${i + 1}`]).filter(Boolean).join(" · ");
  }
  if (poll.kind === "single" || poll.kind === "multiple") return row.other || "";
  return row.answer || "";
}

export function hasTexts(poll) {
  return ["open", "wordcloud", "evaluation"].includes(poll.kind) || Boolean(poll.other_option);
}

/**
 * Taking a text off the shared view (participants, projector) and putting it back; the
 * author keeps it. Answers and their ids come from the facilitator-only answers endpoint.
 */
class Moderation {
  constructor({ connection, room }) {
    this.connection = connection;
    this.room = room;
    this.poll = null;
    this.summary = h("summary", {});
    this.list = h("ul", { class: "poll-moderate-list" });
    this.status = h("p", { class: "poll-status", role: "status", "aria-live": "polite" });
    this.node = h("details", { class: "poll-moderate" }, this.summary,
      h("p", { class: "muted" }, t("poll.moderate_hint")), this.list, this.status,
      h("button", { type: "button", onclick: () => this.load() }, t("poll.moderate_refresh")));
    this.node.addEventListener("toggle", () => {
      if (this.node.open) this.load();
    });
  }

  update(poll, tally) {
    this.poll = poll;
    const hidden = tally ? tally.hidden : 0;
    this.summary.textContent = hidden
      ? `${t("poll.moderate")} · ${tn("poll.hidden", hidden)}` : t("poll.moderate");
  }

  async load() {
    const poll = this.poll;
    this.status.textContent = t("poll.moderate_loading");
    let rows;
    try {
      const response = await fetch(`/facilitate/${this.room}/polls/${poll.id}/answers`,
        { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(String(response.status));
      rows = await response.json();
    } catch {
      this.status.textContent = t("poll.moderate_failed");
      return;
    }
    const texts = rows.map((row) => ({ ...row, text: moderatedText(poll, row) })).filter((r) => r.text);
    this.status.textContent = texts.length ? "" : t("poll.no_texts");
    replace(this.list, texts.map((row) => this.row(row)));
  }

  row(row) {
    const text = h("span", { class: "poll-moderate-text", dir: "auto" }, row.text);
    const button = h("button", { type: "button" });
    const item = h("li", {}, text, button);
    const show = () => {
      item.classList.toggle("hidden-answer", row.hidden);
      button.textContent = t(row.hidden ? "poll.unhide" : "poll.hide");
      button.setAttribute("aria-pressed", row.hidden ? "true" : "false");
    };
    button.addEventListener("click", async () => {
      button.disabled = true;
      const ack = await this.connection.send("poll.hide_answer",
        { poll_id: this.poll.id, response_id: row.response_id, hidden: !row.hidden });
      button.disabled = false;
      if (ack.ok) {
        row.hidden = ack.result.hidden;
        this.status.textContent = t(row.hidden ? "poll.hidden_done" : "poll.unhidden_done");
        show();
      } else {
        this.status.textContent = refusal(ack);
      }
    });
    show();
    return item;
  }
}

/**
 * The facilitator's poll panel: status, Open / Close / Reveal, answers against participants
 * online, and the live results. Co-facilitators get the same panel without the buttons.
 */
export class StaffPoll extends StaffPanel {
  constructor({ connection, drives, quick = false, room = null }) {
    super({ connection, drives, idPrefix: "poll-q" });
    this.moderation = drives && room ? new Moderation({ connection, room }) : null;
    this.moderationSlot = h("div", { class: "poll-moderate-slot" });
    this.controlsKey = null;
    this.resultsKey = null;
    this.view = null;
    this.count = h("p", { class: "poll-n", role: "status", "aria-live": "polite" });
    this.results = h("div", { class: "poll-results-wrap", "aria-live": "off" });
    this.node = this.frame(`poll-panel${quick ? " poll-quick" : ""}`,
      quick ? h("span", { class: "kind kind-poll" }, t("poll.quick")) : null,
      this.controls, this.count, this.error, this.results, this.moderationSlot);
  }

  update(view, tally, online, title = null) {
    this.view = view;
    this.title = title;
    this.heading.hidden = view.question === title;
    this.node.dataset.poll = view.id || "";
    this.heading.textContent = view.question;
    this.showStatus(view.status, t(`poll.status.${view.status}`), [
      t(`poll.kindname.${view.kind}`),
      view.anonymous ? t("poll.anonymous") : null,
      t(view.results === "live" ? "poll.results_live" : "poll.results_reveal"),
    ]);
    const controlsKey = `${view.id}:${view.status}:${this.pending}`;
    if (this.drives && controlsKey !== this.controlsKey) {
      this.controlsKey = controlsKey;
      this.replaceControls(this.buttons(view), () => this.controls.querySelector("button"));
    }
    const answered = tally ? tally.n : 0;
    this.count.textContent = view.status === "none" || view.status === "draft" ? ""
      : `${tn("poll.answers", answered)} · ${tn("poll.online", online)}`;
    const resultsKey = JSON.stringify([view.status, tally, view.kind]);
    if (resultsKey !== this.resultsKey) {
      this.resultsKey = resultsKey;
      replace(this.results, tally ? resultsView(view, tally, { headingTag: "h4" }) : previewView(view));
    }
    if (this.moderation) {
      const moderated = Boolean(view.id) && view.status !== "draft" && hasTexts(view);
      if (moderated) this.moderation.update(view, tally);
      if (moderated !== Boolean(this.moderationSlot.firstChild)) {
        replace(this.moderationSlot, moderated ? this.moderation.node : null);
      }
    }
  }

  buttons(view) {
    const button = (label, type, data, className = "") => this.commandButton(label, type, data, { className });
    const ref = { poll_id: view.id };
    switch (view.status) {
      case "none":
        return [button("poll.open", "poll.open", { item_id: view.item_id }, "primary")];
      case "draft":
        return [button("poll.open", "poll.open", ref, "primary")];
      case "open":
        return [button("poll.close", "poll.close", ref), button("poll.reveal", "poll.reveal", ref, "primary")];
      case "closed":
        return [button("poll.reveal", "poll.reveal", ref, "primary"), button("poll.reopen", "poll.open", ref)];
      default:
        return [h("p", { class: "muted" }, t("poll.revealed_note"))];
    }
  }

  refresh() {
    this.controlsKey = null;
    if (this.view) this.update(this.view, this.lastTally, this.lastOnline, this.title);
  }

  show(view, tally, online, title = null) {
    this.lastTally = tally;
    this.lastOnline = online;
    this.update(view, tally, online, title);
  }
}

/** "Quick poll": a question made up during the session, created and opened in one go. */
export function quickPollForm(connection) {
  const ids = { kind: uniqueId("qp"), question: uniqueId("qp"), options: uniqueId("qp"),
    max: uniqueId("qp") };
  const kind = h("select", { id: ids.kind, name: "kind" },
    QUICK_KINDS.map((k) => h("option", { value: k }, t(`poll.kindname.${k}`))));
  const question = h("input", { id: ids.question, name: "question", maxlength: 500, required: true,
    autocomplete: "off" });
  const options = h("textarea", { id: ids.options, name: "options", rows: 4 });
  const max = h("input", { id: ids.max, name: "max_choices", type: "number", min: 1, max: 20,
    inputmode: "numeric" });
  const check = (name, label, checked = false) => {
    const input = h("input", { type: "checkbox", name, checked });
    return { input, node: h("label", { class: "check" }, input, h("span", {}, label)) };
  };
  const other = check("other", t("quick.other"));
  const anonymous = check("anonymous", t("quick.anonymous"));
  const live = check("live", t("quick.live"), true);
  const errors = {};
  const slot = (field) => (errors[field] = h("p", { class: "error field-error", "data-field": field }));
  const optionsBlock = h("div", { class: "quick-options" },
    h("label", { for: ids.options }, t("quick.options")), options, slot("options"),
    other.node);
  const maxBlock = h("div", { class: "quick-max" }, h("label", { for: ids.max }, t("quick.max")), max,
    slot("max_choices"));
  const status = h("p", { class: "poll-status", role: "status", "aria-live": "polite" });
  const submit = h("button", { type: "submit", class: "primary" }, t("quick.create"));
  const showKind = () => {
    optionsBlock.hidden = !["single", "multiple"].includes(kind.value);
    maxBlock.hidden = kind.value !== "multiple";
  };
  kind.addEventListener("change", showKind);
  showKind();

  const form = h("form", { class: "quick-form", novalidate: true },
    h("label", { for: ids.kind }, t("quick.kind")), kind,
    h("label", { for: ids.question }, t("quick.question")), question, slot("question"),
    optionsBlock, maxBlock, slot("kind"),
    h("div", { class: "checks" }, anonymous.node, live.node), slot("_"),
    h("div", { class: "poll-actions" }, submit), status);

  const showErrors = (fields) => {
    for (const node of Object.values(errors)) node.textContent = "";
    for (const [field, messages] of Object.entries(fields || {})) {
      const node = errors[field] || errors._;
      node.textContent = [node.textContent, ...flatten(messages)].filter(Boolean).join(" ");
    }
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const spec = { kind: kind.value, question: question.value.trim(), anonymous: anonymous.input.checked,
      results: live.input.checked ? "live" : "reveal" };
    if (["single", "multiple"].includes(spec.kind)) {
      spec.options = options.value.split("\n").map((line) => line.trim()).filter(Boolean);
      if (other.input.checked) spec.other_option = t("quick.other_option");
    }
    if (spec.kind === "multiple" && max.value) spec.max_choices = Number(max.value);
    if (spec.kind === "likert") spec.scale = likertScale();
    const missing = {};
    if (!spec.question) missing.question = [t("quick.need_question")];
    if (spec.options && spec.options.length < 2) missing.options = [t("quick.need_options")];
    showErrors(missing);
    if (Object.keys(missing).length) {
      status.textContent = "";
      (missing.question ? question : options).focus();
      return;
    }
    submit.disabled = true;
    const say = statusLine(status);
    try {
      const created = await sendWithStatus(connection, "poll.create", spec, say, { sent: null });
      if (!created.ok) {
        showErrors(created.error.fields);
        return;
      }
      const opened = await sendWithStatus(connection, "poll.open", { poll_id: created.result.poll_id }, say,
        { sent: "quick.opened" });
      if (!opened.ok) return;
      question.value = "";
      options.value = "";
      max.value = "";
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// -------------------------------------------------------------------------- projector

/** A poll on the shared screen: the question big, the options, and bars once visible. */
export function projectorPollView(poll, tally, { quick = false } = {}) {
  const parts = [
    h("p", { class: "kind kind-poll" }, quick ? t("poll.quick") : t(`kind.${poll.kind === "evaluation" ? "evaluation" : "poll"}`)),
    h(quick ? "h2" : "h1", { class: "item-title poll-question" }, poll.question),
  ];
  if (tally) {
    parts.push(h("p", { class: "poll-n" }, tn("poll.answers", tally.n)), resultsView(poll, tally));
    parts[1].classList.add("with-results");
  } else {
    parts.push(h("p", { class: "activity" }, t(poll.status === "open" ? "poll.answer_on_device" : "poll.closed")));
    if (poll.kind !== "evaluation") parts.push(previewView(poll));
  }
  return h("section", { class: `item poll-projected${quick ? " poll-quick" : ""}`, "data-poll": poll.id }, parts);
}
