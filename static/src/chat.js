// Chat: the room's chat, and the team's chat while a breakout runs. Text only; the staff
// delete a message or mute its writer.

import { h, replace } from "./dom.js";
import { t } from "./i18n.js";

function timeOf(iso) {
  return new Intl.DateTimeFormat(document.documentElement.lang || "en",
    { hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

/** The chat panel of any page that writes: participants, co-facilitators, the facilitator. */
export class ChatPanel {
  constructor(connection, { staff = false } = {}) {
    this.connection = connection;
    this.staff = staff;
    this.key = "";
    this.list = h("ol", { class: "chat-list", "aria-live": "polite" });
    this.text = h("input", { id: `chat-text-${staff ? "staff" : "me"}`, maxlength: "500", autocomplete: "off" });
    this.where = h("select", { class: "chat-where", "aria-label": t("chat.where") });
    this.status = h("p", { class: "chat-status", role: "status" });
    this.form = h("form", { class: "chat-form", onsubmit: (e) => {
      e.preventDefault();
      this.send();
    } },
    h("label", { for: this.text.id, class: "sr-only" }, t("chat.message")), this.text, this.where,
    h("button", { type: "submit" }, t("chat.send")));
    this.node = h("details", { class: "chat", open: true },
      h("summary", {}, t("chat.title")), this.list, this.form, this.status);
  }

  async send() {
    if (!this.text.value.trim()) return;
    const team = this.where.value ? Number(this.where.value) : null;
    const ack = await this.connection.send("chat.send", { text: this.text.value, team_id: team });
    if (ack.ok) this.text.value = "";
    this.status.textContent = ack.ok ? "" : t("error.generic", { message: ack.error.message });
  }

  update(store) {
    const settings = store.get("settings", "room") || {};
    const me = store.me || {};
    const breakout = store.get("breakout");
    const teams = breakout && settings.team_chat ? store.all("teams").filter((team) => this.staff
      ? me.role === "facilitator" || team.moderators.some((m) => m.id === me.id)
      : team.members.some((m) => m.id === me.id)) : [];
    const places = [...(settings.chat ? [["", t("chat.room")]] : []),
      ...teams.map((team) => [String(team.id), t("chat.team", { team: team.name })])];
    if (!places.length) return null;
    const muted = Boolean(store.get("my_chat", "muted"));
    this.form.hidden = muted;
    this.status.textContent = muted ? t("chat.muted") : this.status.textContent;
    const messages = store.all("chat").sort((a, b) => a.id - b.id);
    const mutes = store.state.chat_mutes || {};
    const names = Object.fromEntries(store.all("teams").map((team) => [team.id, team.name]));
    const key = JSON.stringify([places, messages, mutes]);
    if (key === this.key) return this.node;
    this.key = key;
    if (JSON.stringify(places) !== this.placesKey) {
      this.placesKey = JSON.stringify(places);
      replace(this.where, places.map(([value, label]) => h("option", { value }, label)));
    }
    this.where.hidden = places.length === 1;
    replace(this.list, messages.map((m) => {
      const person = m.by.startsWith("participant:") ? Number(m.by.split(":")[1]) : null;
      return h("li", { class: "chat-line", "data-message": m.id, "data-staff": String(m.staff) },
        h("span", { class: "chat-meta" }, timeOf(m.sent_at), " ", m.author,
          m.team_id !== null ? ` · ${names[m.team_id] || ""}` : "", ": "),
        h("span", { class: "chat-text" }, m.text),
        this.staff && h("span", { class: "chat-actions" },
          h("button", { type: "button", "aria-label": t("chat.delete_label", { name: m.author }),
            onclick: () => this.connection.send("chat.delete", { message_id: m.id }) }, t("chat.delete")),
          person !== null && h("button", { type: "button",
            onclick: () => this.connection.send("chat.mute", { participant_id: person, muted: !mutes[person] }) },
          mutes[person] ? t("chat.unmute", { name: m.author }) : t("chat.mute", { name: m.author }))));
    }));
    this.list.scrollTop = this.list.scrollHeight;
    return this.node;
  }
}
