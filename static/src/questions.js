// Q&A: participants ask (by name or anonymously, if the room allows), upvote others'
// questions once and sort by votes or time; the staff approve, answer, pin and hide; the
// projector shows the pinned question, else the most upvoted. In the plenary, and in one's
// team while a breakout runs.

import { h, replace } from "./dom.js";
import { number, t, tn } from "./i18n.js";

/** Upvotes of a question, from the room's live counts (plenary) or its team's count. */
export function votesOf(store, question) {
  const team = store.aggregates[`question_votes:${question.team_id}`];
  const votes = question.team_id === null ? (store.aggregates.live || {}).votes : team && team.votes;
  return votes ? votes[String(question.id)] || 0 : 0;
}

function sorted(store, questions, order) {
  const byTime = (a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id;
  return questions.slice().sort(order === "votes"
    ? (a, b) => (b.pinned - a.pinned) || (votesOf(store, b) - votesOf(store, a)) || byTime(a, b)
    : (a, b) => (b.pinned - a.pinned) || byTime(b, a));
}

/** The participant's team while a breakout runs, else null. */
function myBreakoutTeam(store) {
  if (!store.get("breakout") || !store.me) return null;
  return store.all("teams").find((team) => {
    const grouping = store.get("groupings", String(team.grouping_id));
    return (!grouping || grouping.active) && team.members.some((m) => m.id === store.me.id);
  }) || null;
}

function author(question) {
  return question.author || t("question.anonymous");
}

function badges(question) {
  return [question.pinned && h("span", { class: "badge badge-pinned" }, t("question.pinned")),
    question.status === "answered" && h("span", { class: "badge badge-answered" }, t("question.answered")),
    question.status === "pending" && h("span", { class: "badge badge-pending" }, t("question.pending"))];
}

/** The sort switch both lists share: by votes or by time. */
function sortSwitch(owner) {
  const buttons = ["votes", "time"].map((order) => h("button", { type: "button", "data-order": order,
    "aria-pressed": String(owner.order === order),
    onclick: () => {
      owner.order = order;
      for (const b of buttons) b.setAttribute("aria-pressed", String(b.dataset.order === order));
      owner.key = "";
      owner.update(owner.store);
    } }, t(`question.by_${order}`)));
  return h("div", { class: "question-sort", role: "group", "aria-label": t("question.sort") }, ...buttons);
}

/** The participant's Q&A: the form, then the list with upvotes. */
export class QuestionsPanel {
  constructor(connection) {
    this.connection = connection;
    this.order = "votes";
    this.key = "";
    this.text = h("textarea", { id: "question-text", maxlength: "280", rows: "2", required: true });
    this.anonymous = h("input", { id: "question-anonymous", type: "checkbox" });
    this.anonymousRow = h("label", { class: "question-anonymous", for: "question-anonymous" },
      this.anonymous, " ", t("question.ask_anonymously"));
    this.where = h("select", { id: "question-where", "aria-label": t("question.where") });
    this.status = h("p", { class: "question-status", role: "status", "aria-live": "polite" });
    this.form = h("form", { class: "question-form", onsubmit: (e) => {
      e.preventDefault();
      this.ask();
    } },
    h("label", { for: "question-text" }, t("question.your_question")), this.text,
    this.anonymousRow, this.where,
    h("button", { type: "submit", class: "primary" }, t("question.ask")), this.status);
    this.list = h("ol", { class: "question-list" });
    this.title = h("h2", { id: "questions-title" });
    this.node = h("section", { class: "questions", "aria-labelledby": "questions-title" },
      this.title, this.form, sortSwitch(this), this.list);
  }

  async ask() {
    this.status.textContent = t("live.sending");
    const team = this.where.value ? Number(this.where.value) : null;
    const ack = await this.connection.send("question.ask", { text: this.text.value,
      anonymous: this.anonymous.checked, team_id: team });
    if (ack.ok) {
      this.text.value = "";
      this.status.textContent = ack.result.status === "pending" ? t("question.waiting") : t("question.sent");
    } else {
      this.status.textContent = t("error.generic", { message: ack.error.message });
    }
  }

  update(store) {
    this.store = store;
    const settings = store.get("settings", "room") || {};
    this.anonymousRow.hidden = !settings.anonymous_questions;
    if (!settings.anonymous_questions) this.anonymous.checked = false;
    const team = myBreakoutTeam(store);
    const options = [["", t("question.to_plenary")], ...(team ? [[String(team.id), t("question.to_team", { team: team.name })]] : [])];
    if (JSON.stringify(options) !== this.whereKey) {
      this.whereKey = JSON.stringify(options);
      replace(this.where, options.map(([value, label]) => h("option", { value }, label)));
    }
    this.where.hidden = options.length === 1;
    const questions = sorted(store, store.all("questions"), this.order);
    this.title.textContent = tn("question.count", questions.filter((q) => q.status !== "pending").length);
    const me = store.me || {};
    const key = JSON.stringify([this.order, questions, questions.map((q) => votesOf(store, q)),
      store.state.my_upvotes || {}]);
    if (key === this.key) return this.node;
    this.key = key;
    replace(this.list, questions.map((q) => {
      const mine = q.by ? q.by === me.pseudonym : q.author === me.name;
      const voted = Boolean(store.get("my_upvotes", String(q.id)));
      const votes = votesOf(store, q);
      return h("li", { class: "question", "data-question": q.id, "data-status": q.status },
        h("p", { class: "question-text" }, q.text),
        h("p", { class: "question-meta" }, author(q), " ", ...badges(q)),
        q.status === "pending" ? null : h("button", { type: "button", class: "question-upvote",
          "aria-pressed": String(voted), disabled: mine || voted || q.status !== "open",
          "aria-label": t("question.upvote_label", { count: number(votes) }),
          onclick: () => this.connection.send("question.upvote", { question_id: q.id }) },
        "▲ ", number(votes)));
    }));
    return this.node;
  }
}

/** The staff's list: approve, mark answered, pin, hide (with a confirmation). */
export class QuestionsModeration {
  constructor(connection) {
    this.connection = connection;
    this.order = "votes";
    this.key = "";
    this.list = h("ol", { class: "question-list" });
    this.title = h("h2", { id: "moderation-title" });
    this.error = h("p", { class: "error", role: "alert" });
    this.node = h("section", { class: "questions questions-staff", "aria-labelledby": "moderation-title" },
      this.title, sortSwitch(this), this.list, this.error);
  }

  async send(type, data) {
    const ack = await this.connection.send(type, data);
    this.error.textContent = ack.ok ? "" : t("error.generic", { message: ack.error.message });
  }

  update(store) {
    this.store = store;
    const questions = sorted(store, store.all("questions"), this.order);
    this.title.textContent = tn("question.count", questions.length);
    const teams = Object.fromEntries(store.all("teams").map((team) => [team.id, team.name]));
    const key = JSON.stringify([this.order, questions, questions.map((q) => votesOf(store, q)), teams]);
    if (key === this.key) return this.node;
    this.key = key;
    replace(this.list, questions.map((q) => {
      const act = (type, extra = {}) => () => this.send(type, { question_id: q.id, ...extra });
      return h("li", { class: "question", "data-question": q.id, "data-status": q.status },
        h("p", { class: "question-text" }, q.text),
        h("p", { class: "question-meta" }, author(q), q.team_id !== null ? ` · ${teams[q.team_id] || ""}` : "",
          ` · ▲ ${number(votesOf(store, q))} `, ...badges(q)),
        h("div", { class: "question-actions" },
          q.status === "pending" && h("button", { type: "button", class: "primary", onclick: act("question.approve") },
            t("question.approve")),
          q.status === "open" && h("button", { type: "button", onclick: act("question.answer") }, t("question.mark_answered")),
          q.status === "open" && h("button", { type: "button", "aria-pressed": String(q.pinned),
            onclick: act("question.pin", { pinned: !q.pinned }) }, q.pinned ? t("question.unpin") : t("question.pin")),
          h("button", { type: "button", class: "danger", onclick: () => {
            if (window.confirm(t("question.hide_confirm"))) act("question.hide")();
          } }, t("question.hide"))));
    }));
    return this.node;
  }
}

/** The projector's question: the pinned one, else the most upvoted open one, else nothing. */
export function projectorQuestion(store) {
  const open = store.all("questions").filter((q) => q.team_id === null && q.status === "open");
  const [top] = sorted(store, open, "votes");
  if (!top) return null;
  return h("section", { class: "projector-question", "data-question": top.id },
    h("p", { class: "kind" }, t("question.title")),
    h("p", { class: "question-text" }, top.text),
    h("p", { class: "question-meta" }, author(top), ` · ▲ ${number(votesOf(store, top))}`));
}
