// The course editor: sessions and agenda items as forms. Every change is a course edit
// (a command with an id) posted to the server, which checks it as an import would; the
// page then reads the course again. Errors are shown next to their field.
import { h, replace, trustedHtml, $ } from "./dom.js";
import { t } from "./i18n.js";

const root = $("#editor");
const base = root.dataset.base;
// the editor's own texts come with its page, beside the shared catalogue
self.workshopMessages = { ...self.workshopMessages, ...JSON.parse($("#editor-messages").textContent) };
let content = JSON.parse($("#course-content").textContent);
let open = null; // the form on screen: {sessionId, itemId (null: new), kind, position}
let focusAfter = null; // what gets keyboard focus after the next redraw

const KINDS = ["slide", "poll", "board", "breakout", "evaluation", "assessment", "prework",
  "presentation"];

// Each kind's own settings: [key in its block, input type, options]. Types: text, area,
// lines (one value a line: a list), number, check (true or absent), select.
const SETTINGS = {
  slide: [],
  poll: [
    ["type", "select", ["single", "multiple", "likert", "open", "wordcloud", "grid"]],
    ["question", "text"], ["options", "lines"], ["other_option", "text"],
    ["max_choices", "number"], ["scale", "lines"], ["rows", "lines"], ["levels", "lines"],
    ["long", "check"], ["anonymous", "check"], ["results", "select", ["reveal", "live"]],
    ["changeable", "check", null, true],
  ],
  board: [
    ["prompt", "text"], ["columns", "lines"], ["ref", "text"], ["dot_votes", "number"],
    ["vote_cap", "number"], ["note_limit", "number"], ["text_limit", "number"],
    ["hide_votes", "check"], ["private_until_reveal", "check"], ["anonymous", "check"],
    ["require_positive_comment", "check"],
  ],
  breakout: [["task", "area"], ["minutes", "number"], ["team_board", "check"]],
  evaluation: [["questions", "lines"], ["anonymous", "check", null, true]],
  assessment: [["ref", "select", null], ["debrief", "check"]],
  prework: [
    ["for", "select", ["individual", "team"]], ["due", "text"],
    ["deliverable", "select", ["none", "text", "file", "private_notes"]],
    ["questions", "lines"], ["slides_min", "number"], ["slides_max", "number"],
    ["roles", "lines"],
  ],
  presentation: [["minutes_per_team", "number"], ["prework", "text"]],
};

// Which poll settings each kind of poll uses (the rest are hidden and not sent).
const POLL_DETAILS = {
  single: ["options", "other_option"], multiple: ["options", "other_option", "max_choices"],
  likert: ["scale"], open: ["long"], wordcloud: [], grid: ["rows", "levels"],
};
const POLL_ONLY = ["options", "other_option", "max_choices", "scale", "rows", "levels", "long"];

function showPollDetails(form) {
  const type = form.querySelector('[name="poll.type"]')?.value;
  if (!type) return;
  for (const key of POLL_ONLY) {
    const wrapper = form.querySelector(`[name="poll.${key}"]`).closest(".field");
    wrapper.hidden = !POLL_DETAILS[type].includes(key);
  }
}

function kindName(kind) {
  return t(`kind.${kind}`);
}

// --------------------------------------------------------------------- talking to the server

function newId() {
  return `edit-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

async function post(path, body) {
  const response = await fetch(`${base}/${path}`, {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(String(response.status));
  return response.json();
}

function say(text, kind = "status") {
  const node = $("#editor-status");
  node.dataset.kind = kind;
  node.textContent = text;
}

// Send one edit; on success read the course again. Returns the ack.
async function edit(type, data, { confirmed = false } = {}) {
  say(t("editor.saving"));
  let ack;
  try {
    ack = await post("commands", { id: newId(), type, data });
  } catch (err) {
    say(t("error.generic", { message: err.message }), "error");
    return { ok: false, error: { code: "network", message: err.message, fields: {} } };
  }
  if (!ack.ok && ack.error.fields?.confirm === "needed" && !confirmed) {
    if (window.confirm(ack.error.message)) return edit(type, { ...data, confirm: true }, { confirmed: true });
    say(t("editor.unchanged"));
    return ack;
  }
  if (!ack.ok) {
    say(ack.error.message, "error");
    return ack;
  }
  const response = await fetch(`${base}/content`, { credentials: "same-origin" });
  content = await response.json();
  say(t("editor.saved"));
  draw();
  return ack;
}

// --------------------------------------------------------------------- the agenda

function moveButtons(label, onMove, index, count) {
  return [
    h("button", { type: "button", disabled: index === 0, "aria-label": t("editor.up", { title: label }), title: t("editor.up_hint"), onclick: () => onMove(index) }, "↑"),
    h("button", { type: "button", disabled: index === count - 1, "aria-label": t("editor.down", { title: label }), title: t("editor.down_hint"), onclick: () => onMove(index + 2) }, "↓"),
  ];
}

function itemRow(session, item, index) {
  const entry = item.entry;
  const move = (position) => {
    focusAfter = `item-${item.id}`;
    return edit("item.move", { item_id: item.id, position });
  };
  const row = h("li", {
    class: "editor-item", id: `item-${item.id}`, tabindex: "0", draggable: "true",
    "data-item": item.id, "aria-label": `${kindName(entry.kind)}: ${entry.title}`,
    onkeydown: (event) => {
      if (!event.altKey || !["ArrowUp", "ArrowDown"].includes(event.key)) return;
      event.preventDefault();
      const target = index + (event.key === "ArrowUp" ? 0 : 2);
      if (target >= 1 && target <= session.items.length) move(target);
    },
    ondragstart: (event) => event.dataTransfer.setData("text/plain", String(item.id)),
    ondragover: (event) => event.preventDefault(),
    ondrop: (event) => {
      event.preventDefault();
      const dragged = Number(event.dataTransfer.getData("text/plain"));
      if (!dragged || dragged === item.id) return;
      focusAfter = `item-${dragged}`;
      edit("item.move", { item_id: dragged, position: index + 1, session_id: session.id });
    },
  },
  h("span", { class: "pos" }, String(index + 1)),
  h("span", { class: "kind" }, kindName(entry.kind)),
  h("span", { class: "title" }, entry.title),
  h("span", { class: "mins" }, t("editor.minutes_short", { minutes: entry.minutes })),
  item.used ? h("span", { class: "used", title: t("editor.used_hint") }, t("editor.used")) : null,
  h("span", { class: "actions" },
    h("button", { type: "button", onclick: () => showForm(session.id, item) }, t("editor.edit")),
    h("button", { type: "button", onclick: () => { focusAfter = `item-${item.id}`; edit("item.duplicate", { item_id: item.id }); } }, t("editor.duplicate")),
    ...moveButtons(entry.title, move, index, session.items.length),
    h("button", { type: "button", class: "danger", disabled: item.used, onclick: () => {
      if (window.confirm(t("editor.delete_item_confirm", { title: entry.title }))) edit("item.delete", { item_id: item.id });
    } }, t("editor.delete"))));
  return row;
}

function sessionForm(session) {
  const starts = session.starts_at ? session.starts_at.slice(0, 16) : "";
  const form = h("form", { class: "session-form", onsubmit: (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const when = data.get("starts_at");
    edit("session.edit", {
      session_id: session.id, title: data.get("title"), minutes: Number(data.get("minutes")),
      starts_at: when ? `${when}:00+00:00` : null,
    }).then((ack) => showErrors(form, ack));
  } },
  field(`s${session.id}-title`, t("editor.session_title"), h("input", { name: "title", value: session.title, maxlength: "200", required: true })),
  field(`s${session.id}-minutes`, t("editor.session_minutes"), h("input", { name: "minutes", type: "number", min: "1", max: "1440", value: session.minutes })),
  field(`s${session.id}-starts_at`, t("editor.session_starts"), h("input", { name: "starts_at", type: "datetime-local", value: starts })),
  h("p", { class: "error", "data-error": "_" }),
  h("button", { type: "submit" }, t("editor.save_session")));
  return form;
}

function sessionBlock(session, index) {
  const count = content.sessions.length;
  const label = t("session.label", { number: index + 1 });
  const addKind = h("select", { id: `add-kind-${session.id}` },
    KINDS.map((kind) => h("option", { value: kind }, kindName(kind))));
  return h("section", { class: "editor-session", id: `session-${session.id}`, "aria-labelledby": `session-${session.id}-h` },
    h("header", {},
      h("h2", { id: `session-${session.id}-h`, tabindex: "-1" }, `${label}: ${session.title}`),
      h("span", { class: "actions" },
        ...moveButtons(label, (position) => { focusAfter = `session-${session.id}-h`; edit("session.move", { session_id: session.id, position }); }, index, count),
        h("button", { type: "button", class: "danger", disabled: session.ran || count === 1, onclick: () => {
          if (window.confirm(t("editor.delete_session_confirm", { title: session.title }))) edit("session.delete", { session_id: session.id });
        } }, t("editor.delete_session")))),
    sessionForm(session),
    h("ol", { class: "editor-items", "aria-label": t("editor.agenda_of", { title: session.title }) },
      session.items.map((item, i) => itemRow(session, item, i))),
    h("p", { class: "add-item" },
      h("label", { for: addKind.id }, t("editor.add_kind")), addKind,
      h("button", { type: "button", class: "primary", onclick: () => showForm(session.id, null, addKind.value) }, t("editor.add_item"))),
    open && open.sessionId === session.id ? itemForm(session) : null,
    deckForm(session));
}

function draw() {
  replace($("#editor-sessions"), content.sessions.map(sessionBlock));
  if (focusAfter) {
    document.getElementById(focusAfter)?.focus();
    focusAfter = null;
  }
}

// --------------------------------------------------------------------- one item's form

function field(id, label, input, hint = null) {
  input.id = id;
  const error = h("p", { class: "error", id: `${id}-error`, "data-error": input.name });
  input.setAttribute("aria-describedby", `${id}-error${hint ? ` ${id}-hint` : ""}`);
  return h("div", { class: `field field-${input.type || input.tagName.toLowerCase()}` },
    h("label", { for: id }, label), hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null, input, error);
}

function settingInput(kind, [key, type, choices, checkedByDefault], block) {
  const name = `${kind}.${key}`;
  const value = block[key];
  const label = t(`editor.${kind}.${key}`);
  const hint = ["lines"].includes(type) ? t("editor.one_a_line") : null;
  if (type === "check") {
    const box = h("input", { type: "checkbox", name, checked: value === undefined ? Boolean(checkedByDefault) : Boolean(value) });
    const id = `f-${name.replace(".", "-")}`;
    box.id = id;
    return h("div", { class: "field field-check" }, box, h("label", { for: id }, label),
      h("p", { class: "error", id: `${id}-error`, "data-error": name }));
  }
  if (type === "select") {
    const options = choices || content.assessments;
    const select = h("select", { name }, options.map((option) => h("option", { value: option, selected: option === value },
      choices ? t(`editor.${kind}.${key}.${option}`) : option)));
    return field(`f-${name.replace(".", "-")}`, label, select);
  }
  const text = type === "lines" && Array.isArray(value) ? value.join("\n") : value ?? "";
  const input = type === "area" || type === "lines"
    ? h("textarea", { name, rows: type === "lines" ? "4" : "3" }, String(text))
    : h("input", { name, type: type === "number" ? "number" : "text", value: String(text) });
  return field(`f-${name.replace(".", "-")}`, label, input, hint);
}

// The form's values as a course-file item; keys the form does not show are kept.
function entryFrom(form, kind, original) {
  const data = new FormData(form);
  const entry = { kind, title: data.get("title") };
  if (data.get("id")) entry.id = data.get("id");
  entry.minutes = data.get("minutes") === "" ? 0 : Number(data.get("minutes"));
  if (data.get("body")) entry.body = data.get("body");
  if (data.get("image")) entry.image = data.get("image");
  if (data.get("notes")) entry.notes = data.get("notes");
  if (kind === "slide") return entry;
  const block = { ...(original?.kind === kind ? original[kind] || {} : {}) };
  for (const [key, type, , checkedByDefault] of SETTINGS[kind]) {
    const raw = data.get(`${kind}.${key}`);
    delete block[key];
    if (form.querySelector(`[name="${kind}.${key}"]`).closest(".field").hidden) continue;
    if (type === "check") {
      const on = raw !== null;
      if (on !== Boolean(checkedByDefault)) block[key] = on;
    } else if (type === "lines") {
      const lines = String(raw || "").split("\n").map((line) => line.trim()).filter(Boolean);
      if (lines.length) block[key] = lines;
    } else if (type === "number") {
      if (raw !== "" && raw !== null) block[key] = Number(raw);
    } else if (raw) {
      const defaults = { "poll.type": "single", "poll.results": "reveal", "prework.for": "individual", "prework.deliverable": "none" };
      if (defaults[`${kind}.${key}`] !== raw || original?.[kind]?.[key] === raw) block[key] = raw;
    }
  }
  entry[kind] = block;
  return entry;
}

function showErrors(form, ack) {
  for (const node of form.querySelectorAll("[data-error]")) node.textContent = "";
  if (ack.ok) return;
  const fields = ack.error.fields || {};
  let first = null;
  for (const [path, message] of Object.entries(fields)) {
    let key = path;
    let node = form.querySelector(`[data-error="${CSS.escape(key)}"]`);
    while (!node && key.includes(".")) {
      key = key.slice(0, key.lastIndexOf("."));
      node = form.querySelector(`[data-error="${CSS.escape(key)}"]`);
    }
    node = node || form.querySelector('[data-error="_"]');
    node.textContent = node.textContent ? `${node.textContent} ${message}` : message;
    first = first || node;
  }
  if (!Object.keys(fields).length) form.querySelector('[data-error="_"]').textContent = ack.error.message;
  const input = first && form.querySelector(`[aria-describedby~="${first.id}"]`);
  (input || form.querySelector('[data-error="_"]')).focus?.();
}

let previewTimer = null;
function preview(source, target) {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(async () => {
    try {
      const answer = await post("preview", { body: source });
      replace(target, trustedHtml("div", answer.html, { class: "item-body" }));
    } catch (err) {
      replace(target, h("p", { class: "error" }, t("error.generic", { message: err.message })));
    }
  }, 250);
}

function itemForm(session) {
  const item = open.itemId ? session.items.find((i) => i.id === open.itemId) : null;
  const entry = item ? item.entry : { kind: open.kind, title: "", minutes: 0 };
  const kind = entry.kind;
  const block = entry[kind] || {};
  const previewBox = h("div", { class: "preview", "aria-live": "polite" });
  const body = h("textarea", { name: "body", rows: "8", oninput: () => preview(body.value, previewBox) }, entry.body || "");
  const heading = item ? t("editor.edit_kind", { kind: kindName(kind) }) : t("editor.new_kind", { kind: kindName(kind) });
  const form = h("form", { class: "item-form", "aria-label": heading, onsubmit: async (event) => {
    event.preventDefault();
    const made = entryFrom(form, kind, item?.entry);
    const ack = item
      ? await edit("item.edit", { item_id: item.id, item: made })
      : await edit("item.add", { session_id: session.id, item: made });
    if (ack.ok) {
      focusAfter = `item-${item ? item.id : ack.result.item_id}`;
      open = null;
      draw();
    } else {
      showErrors(form, ack);
    }
  } },
  h("h3", {}, heading),
  h("p", { class: "error", "data-error": "_", tabindex: "-1" }),
  field("f-title", t("editor.title"), h("input", { name: "title", value: entry.title, maxlength: "200" })),
  field("f-minutes", t("editor.minutes"), h("input", { name: "minutes", type: "number", min: "0", max: "600", value: entry.minutes })),
  h("div", { class: "markdown" },
    field("f-body", kind === "slide" ? t("editor.slide_body") : t("editor.body"), body, t("editor.markdown_hint")),
    h("div", {}, h("p", { class: "label" }, t("editor.preview")), previewBox)),
  kind === "slide" ? imageField(entry) : null,
  field("f-notes", t("editor.notes"), h("textarea", { name: "notes", rows: "3" }, entry.notes || "")),
  SETTINGS[kind].length ? h("fieldset", {}, h("legend", {}, t("editor.settings", { kind: kindName(kind) })),
    SETTINGS[kind].map((setting) => settingInput(kind, setting, block))) : null,
  field("f-id", t("editor.key"), h("input", { name: "id", value: entry.id || "" }), t("editor.key_hint")),
  h("p", { class: "form-actions" },
    h("button", { type: "submit", class: "primary" }, item ? t("editor.save") : t("editor.add")),
    h("button", { type: "button", onclick: () => { open = null; draw(); } }, t("editor.cancel"))));
  preview(body.value, previewBox);
  form.querySelector('[name="poll.type"]')?.addEventListener("change", () => showPollDetails(form));
  showPollDetails(form);
  return form;
}

// A slide's image: uploaded at once (checked by the server), named by the slide on save.
function imageField(entry) {
  const kept = h("input", { type: "hidden", name: "image", value: entry.image || "" });
  const shown = h("div", { class: "image-preview" });
  const error = h("p", { class: "error", id: "f-image-error", "data-error": "image" });
  const show = (name) => {
    kept.value = name || "";
    replace(shown, name ? [
      h("img", { src: `/slides/images/${name}`, alt: t("editor.image_current") }),
      h("button", { type: "button", onclick: () => show(null) }, t("editor.image_remove")),
    ] : []);
  };
  const picker = h("input", { type: "file", id: "f-image", accept: "image/png,image/jpeg", "aria-describedby": "f-image-error f-image-hint", onchange: async () => {
    const file = picker.files[0];
    if (!file) return;
    error.textContent = t("editor.uploading");
    const body = new FormData();
    body.append("image", file);
    const answer = await fetch(`${base}/images`, { method: "POST", credentials: "same-origin", body })
      .then((response) => response.json()).catch((err) => ({ ok: false, error: { message: err.message, fields: {} } }));
    error.textContent = answer.ok ? "" : (answer.error.fields?.image || answer.error.message);
    if (answer.ok) show(answer.image);
    picker.value = "";
  } });
  show(entry.image);
  return h("div", { class: "field field-image" },
    h("label", { for: "f-image" }, t("editor.image")),
    h("p", { class: "hint", id: "f-image-hint" }, t("editor.image_hint")),
    picker, kept, shown, error);
}

// A PDF deck made into slides at the end of a session; a refusal makes nothing.
function deckForm(session) {
  const id = `deck-${session.id}`;
  const error = h("p", { class: "error", id: `${id}-error`, "aria-live": "polite" });
  const picker = h("input", { type: "file", id, name: "deck", accept: "application/pdf", required: true, "aria-describedby": `${id}-error ${id}-hint` });
  const form = h("form", { class: "deck-form", onsubmit: async (event) => {
    event.preventDefault();
    const body = new FormData(form);
    body.append("session_id", String(session.id));
    body.append("id", newId());
    error.textContent = t("editor.uploading");
    const answer = await fetch(`${base}/decks`, { method: "POST", credentials: "same-origin", body })
      .then((response) => response.json()).catch((err) => ({ ok: false, error: { message: err.message, fields: {} } }));
    if (!answer.ok) {
      error.textContent = answer.error.message;
      picker.focus();
      return;
    }
    error.textContent = "";
    const response = await fetch(`${base}/content`, { credentials: "same-origin" });
    content = await response.json();
    say(t("editor.deck_made", { count: answer.result.item_ids.length }));
    focusAfter = `item-${answer.result.item_ids[0]}`;
    draw();
  } },
  h("label", { for: id }, t("editor.deck")),
  h("p", { class: "hint", id: `${id}-hint` }, t("editor.deck_hint")),
  h("span", { class: "inline" }, picker, h("button", { type: "submit" }, t("editor.deck_upload"))),
  error);
  return form;
}

function showForm(sessionId, item, kind = null) {
  open = { sessionId, itemId: item ? item.id : null, kind: item ? item.entry.kind : kind };
  draw();
  document.querySelector(".item-form input[name=title]")?.focus();
}

// --------------------------------------------------------------------- the course itself

$("#course-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const data = new FormData(form);
  const ack = await edit("course.edit", { title: data.get("title"), language: data.get("language"), description: data.get("description") });
  showErrors(form, ack);
});

$("#add-session").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const data = new FormData(form);
  const ack = await edit("session.add", { title: data.get("title"), minutes: Number(data.get("minutes") || 120) });
  showErrors(form, ack);
  if (ack.ok) {
    form.reset();
    focusAfter = `session-${ack.result.session_id}-h`;
    draw();
  }
});

draw();
