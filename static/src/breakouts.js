// Teams and breakouts in the browser: the participant's team space and team picker, the
// console's teams panel (making teams, moving people by drag and drop or by keyboard, names,
// roles, co-facilitators, the breakout's controls, visiting a team) and the help requests.
//
// Which team someone is in is not fixed for a connection: the server looks it up whenever it
// sends a team's private events. When this client's own team changes (it sees that in the
// room-wide `teams` collection), what it holds was filtered for the old team, so it asks for a
// fresh snapshot (`sync {since, fresh: true}`). After `teams.made` only when it holds something
// of its old teams (a board, a help call): new teams have no private events yet, and whatever
// they get from then on reaches their members live.

import { clock, h, replace } from "./dom.js";
import { t, tn } from "./i18n.js";
import { uniqueId } from "./panels.js";
import { sendWithStatus, statusLine } from "./sending.js";

const ROLES = ["facilitator", "presenter"];
const SYNC_TIMEOUT_MS = 8000;

export const teamsInOrder = (store) => store.all("teams").sort((a, b) => a.position - b.position);
export const runningBreakout = (store) => store.get("breakout") || null;
const activeGrouping = (store) => store.all("groupings").find((g) => g.active) || null;

/** The teams the signed-in person is in (participant) or moderates (co-facilitator). */
export function myTeamIds(store) {
  const me = store.me;
  const list = !me ? null : { participant: "members", cofacilitator: "moderators" }[me.role];
  if (!list) return [];
  return teamsInOrder(store).filter((team) => team[list].some((p) => p.id === me.id)).map((team) => team.id);
}

/** Whether the page holds anything of these teams: entities that name one as their team. */
function holdsTeamData(store, teamIds) {
  return teamIds.length > 0 && Object.values(store.state).some((entities) =>
    Object.values(entities || {}).some((e) => e && teamIds.includes(e.team_id)));
}

/** Ask for a fresh snapshot whenever this person's own teams change (see the top). */
export function followTeams(connection) {
  const store = connection.store;
  const socket = connection.socket;
  let mine = null;
  const refresh = () => {
    if (!socket.connected) {
      socket.once("connect", refresh);
      return;
    }
    socket.timeout(SYNC_TIMEOUT_MS).emitWithAck("sync", { since: store.seq, fresh: true })
      .then((answer) => { if (answer.ok) store.loadSnapshot(answer.snapshot); })
      .catch(() => socket.once("connect", refresh));
  };
  store.subscribe((_store, reason) => {
    if (reason.type === "aggregate") return;
    const now = myTeamIds(store);
    const changed = mine !== null && now.join(",") !== mine.join(",") && reason.type !== "snapshot";
    // brand-new teams have nothing private yet, so what they get from now on arrives live;
    // but what this page holds of its old teams (their boards, help calls) must go
    const moved = changed && (reason.type !== "teams.made" || holdsTeamData(store, mine));
    mine = now;
    if (moved) refresh();
  });
}

/** Milliseconds left in a breakout, by the server's clock. */
export const remainingMs = (store, breakout) =>
  Date.parse(breakout.started_at) + breakout.seconds * 1000 - store.now();

/** A breakout's countdown, ticking by itself; the last minute is marked and announced once. */
export class Countdown {
  constructor(store) {
    this.store = store;
    this.breakout = null;
    this.time = h("span", { class: "countdown-time", role: "timer" });
    this.warning = h("span", { class: "countdown-warning", role: "status" });
    this.node = h("p", { class: "countdown" }, h("span", { class: "sr-only" }, t("breakout.left")),
      this.time, this.warning);
    setInterval(() => this.tick(), 1000);
  }

  show(breakout) {
    this.breakout = breakout;
    this.tick();
    return this.node;
  }

  tick() {
    if (!this.breakout) return;
    const left = remainingMs(this.store, this.breakout);
    const phase = left <= 0 ? "over" : left <= 60000 ? "warning" : "running";
    this.time.textContent = left > 0 ? clock(left) : "0:00";
    if (this.node.dataset.phase !== phase) {
      this.node.dataset.phase = phase;
      this.warning.textContent = phase === "running" ? "" : t(`breakout.${phase}`);
    }
  }
}

function roleLabel(role) {
  return role ? t(`team.role.${role}`) : "";
}

function timeOf(iso) {
  return new Intl.DateTimeFormat(document.documentElement.lang || "en",
    { hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

/**
 * One team's space during a breakout: the task, the facilitator's latest message, the
 * countdown, the members (who is online, their roles), the help call, and the place where
 * the team's board is mounted. A participant sees their own; the facilitator visits any.
 */
export class TeamSpace {
  constructor({ connection, visiting = false }) {
    this.connection = connection;
    this.store = connection.store;
    this.visiting = visiting;
    this.drawn = {};
    this.countdown = new Countdown(this.store);
    this.title = h("h1", { class: "item-title team-name", id: uniqueId("team") });
    this.message = h("p", { class: "breakout-message", role: "status" });
    this.task = h("div", { class: "breakout-task" });
    this.members = h("ul", { class: "team-members" });
    this.help = h("div", { class: "team-help" });
    this.error = h("p", { class: "error", role: "alert" });
    this.board = h("div", { class: "team-board" });
    this.node = h("section", { class: "team-space", "aria-labelledby": this.title.id },
      h("p", { class: "kind kind-breakout" }, t("kind.breakout")), this.title,
      this.countdown.node, this.message, this.task,
      h("h2", { class: "team-subtitle" }, t("team.members")), this.members, this.help, this.error,
      this.board);
  }

  changed(part, ...what) {
    const key = JSON.stringify(what);
    if (this.drawn[part] === key) return false;
    this.drawn[part] = key;
    return true;
  }

  update(team, breakout) {
    const store = this.store;
    this.node.dataset.team = team.id;
    this.board.dataset.teamBoard = team.id;
    this.board.dataset.breakout = breakout.id;
    this.title.textContent = team.name;
    this.countdown.show(breakout);
    this.message.textContent = breakout.message ? t("breakout.from_facilitator", { text: breakout.message }) : "";
    this.message.hidden = !breakout.message;
    if (this.changed("task", breakout.task)) {
      replace(this.task, breakout.task.split(/\n{2,}/).map((part) => h("p", {}, part)));
    }
    const online = (store.aggregates[`team_online:${team.id}`] || { online: [] }).online;
    if (this.changed("members", team.members, online)) this.drawMembers(team, online);
    const request = store.all("help").find((r) => r.team_id === team.id) || null;
    if (this.changed("help", request, this.pending)) this.drawHelp(request);
    return this.node;
  }

  drawMembers(team, online) {
    const mine = !this.visiting && this.store.me && this.store.me.role === "participant";
    replace(this.members, team.members.map((member) => {
      const here = online.includes(member.id);
      const parts = [h("span", { class: `dot ${here ? "online" : "offline"}`, "aria-hidden": "true" }),
        h("span", { class: "member-name" }, member.name),
        h("span", { class: "sr-only" }, here ? t("team.online") : t("team.offline"))];
      if (mine) {
        const label = t("team.role_of", { name: member.name });
        parts.push(h("select", { class: "role-select", "aria-label": label, title: label,
          onchange: (event) => this.send("team.role", { team_id: team.id, participant_id: member.id,
            role: event.target.value || null }) },
        h("option", { value: "", selected: !member.role }, t("team.role.none")),
        ROLES.map((role) => h("option", { value: role, selected: member.role === role }, roleLabel(role)))));
      } else if (member.role) {
        parts.push(h("span", { class: "team-role" }, roleLabel(member.role)));
      }
      return h("li", { class: here ? "online" : "offline" }, parts);
    }));
  }

  drawHelp(request) {
    const parts = [];
    if (request) {
      parts.push(h("p", { class: "help-state", role: "status" },
        t("help.asked_by", { name: request.name, time: timeOf(request.asked_at) }),
        request.taken_name ? ` · ${t("help.on_the_way", { name: request.taken_name })}` : ""));
    } else if (!this.visiting) {
      parts.push(h("button", { type: "button", class: "primary help-ask", disabled: this.pending,
        onclick: () => this.send("help.ask", {}) }, t("help.ask")));
    }
    replace(this.help, parts);
  }

  async send(type, data) {
    this.pending = true;
    await sendWithStatus(this.connection, type, data, statusLine(this.error), { quiet: true });
    this.pending = false;
    this.drawn.help = null;
  }
}

/**
 * A breakout on the projector: the countdown, the facilitator's latest message to all teams,
 * the task, and every team with its members' names, large enough for a shared screen.
 */
export class BreakoutScreen {
  constructor(store) {
    this.store = store;
    this.drawn = {};
    this.countdown = new Countdown(store);
    this.title = h("h1", { class: "item-title", id: uniqueId("breakout") });
    this.message = h("p", { class: "breakout-message" });
    this.task = h("div", { class: "breakout-task" });
    this.teams = h("ul", { class: "screen-teams" });
    this.node = h("section", { class: "breakout-screen", "aria-labelledby": this.title.id },
      h("p", { class: "kind kind-breakout" }, t("kind.breakout")), this.title,
      h("div", { class: "screen-columns" },
        h("div", {}, this.countdown.node, this.message, this.task),
        h("div", {}, h("h2", { class: "team-subtitle" }, t("projector.teams")), this.teams)));
  }

  update(title, breakout) {
    this.title.textContent = title;
    this.countdown.show(breakout);
    this.message.textContent = breakout.message ? t("breakout.from_facilitator", { text: breakout.message }) : "";
    this.message.hidden = !breakout.message;
    const teams = teamsInOrder(this.store);
    if (JSON.stringify([breakout.task, teams]) !== this.drawn.key) {
      this.drawn.key = JSON.stringify([breakout.task, teams]);
      replace(this.task, breakout.task.split(/\n{2,}/).map((part) => h("p", {}, part)));
      replace(this.teams, teams.map((team) => h("li", { class: "screen-team", "data-team": team.id },
        h("h3", {}, team.name),
        team.members.length
          ? h("ul", { class: "screen-members" }, team.members.map((m) => h("li", {}, m.name)))
          : h("p", { class: "muted" }, t("projector.team_empty")))));
    }
    return this.node;
  }
}

/**
 * What the participant page shows of teams: the team badge in the header, the team space
 * while a breakout runs, and the team picker while participants choose their own teams.
 */
export class ParticipantTeams {
  constructor(connection) {
    this.connection = connection;
    this.store = connection.store;
    this.space = new TeamSpace({ connection });
    this.pickerList = h("ul", { class: "team-picker-list" });
    this.pickerError = h("p", { class: "error", role: "alert" });
    this.picker = h("section", { class: "team-picker", "aria-labelledby": "team-picker-title" },
      h("h2", { id: "team-picker-title" }, t("team.pick")), this.pickerList, this.pickerError);
    this.pickerKey = null;
    followTeams(connection);
  }

  myTeam() {
    const [id] = myTeamIds(this.store);
    return id === undefined ? null : this.store.get("teams", String(id));
  }

  /** The team name for the header badge, or "". */
  badge() {
    const team = this.myTeam();
    return team ? team.name : "";
  }

  /** The team space while a breakout runs and this participant has a team, else null. */
  stage() {
    const breakout = runningBreakout(this.store);
    const team = this.myTeam();
    return breakout && team ? this.space.update(team, breakout) : null;
  }

  /** Teams to pick from while the facilitator lets participants choose, else null. */
  choices() {
    const grouping = activeGrouping(this.store);
    if (!grouping || !grouping.self_select || runningBreakout(this.store)) return null;
    const mine = this.myTeam();
    const teams = teamsInOrder(this.store);
    const key = JSON.stringify([teams, mine && mine.id, grouping.capacity]);
    if (key !== this.pickerKey) {
      this.pickerKey = key;
      replace(this.pickerList, teams.map((team) => {
        const full = grouping.capacity !== null && team.members.length >= grouping.capacity;
        const here = mine && mine.id === team.id;
        return h("li", {}, h("button", { type: "button", class: here ? "primary" : "",
          disabled: here || full, "aria-pressed": here ? "true" : "false",
          onclick: () => this.pick(team.id) }, team.name),
        h("span", { class: "muted" }, grouping.capacity === null
          ? tn("team.size", team.members.length)
          : t("team.places", { count: team.members.length, capacity: grouping.capacity })));
      }));
    }
    return this.picker;
  }

  async pick(teamId) {
    await sendWithStatus(this.connection, "team.join", { team_id: teamId }, statusLine(this.pickerError),
      { quiet: true });
  }
}

/**
 * The console's teams panel. The facilitator makes teams, moves anyone (drag a name onto a
 * team, or pick the team from the name's menu), renames teams, sets roles and co-facilitators,
 * runs the breakout and visits any team. A co-facilitator sees the teams given to them and
 * moves people between those.
 */
export class TeamsPanel {
  constructor({ connection, drives, root, helpRoot, timerRoot }) {
    this.connection = connection;
    this.store = connection.store;
    this.drives = drives;
    this.drawn = {};
    this.visiting = null;
    this.visit = new TeamSpace({ connection, visiting: true });
    this.countdown = new Countdown(this.store);
    this.error = h("p", { class: "error", role: "alert" });
    this.make = drives ? this.makeForm() : null;
    this.groupings = h("div", { class: "groupings" });
    this.breakout = h("div", { class: "breakout-controls" });
    this.cards = h("div", { class: "team-cards" });
    this.unassigned = h("div", { class: "unassigned" });
    this.visitBox = h("div", { class: "team-visit" });
    this.timerRoot = timerRoot;
    replace(root, h("h2", { id: "teams-title" }, t("teams.title")), this.breakout, this.error,
      this.make, this.groupings, this.cards, this.unassigned, this.visitBox);
    this.helpList = h("ul", { class: "help-list" });
    replace(helpRoot, h("h2", {}, t("help.title")), this.helpList);
    this.helpRoot = helpRoot;
    if (!drives) followTeams(connection);
  }

  changed(part, ...what) {
    const key = JSON.stringify(what);
    if (this.drawn[part] === key) return false;
    this.drawn[part] = key;
    return true;
  }

  send(type, data) {
    return sendWithStatus(this.connection, type, data, statusLine(this.error), { quiet: true });
  }

  field(label, control) {
    const id = uniqueId("teams-field");
    control.id = id;
    return h("div", { class: "field" }, h("label", { for: id }, label), control);
  }

  makeForm() {
    const number = h("input", { type: "number", min: "1", max: "100", value: "5", required: true });
    const by = h("select", {}, h("option", { value: "count" }, t("teams.by_count")),
      h("option", { value: "size" }, t("teams.by_size")));
    const mode = h("select", {}, ["random", "empty", "self_select"]
      .map((m) => h("option", { value: m }, t(`teams.mode.${m}`))));
    const capacity = h("input", { type: "number", min: "1", max: "500" });
    const capacityField = this.field(t("teams.capacity"), capacity);
    capacityField.hidden = true;
    mode.addEventListener("change", () => { capacityField.hidden = mode.value !== "self_select"; });
    const label = h("input", { maxlength: "80", placeholder: t("teams.label_hint") });
    const form = h("form", { class: "teams-make" },
      this.field(t("teams.number"), number), this.field(t("teams.by"), by),
      this.field(t("teams.mode"), mode), capacityField, this.field(t("teams.label"), label),
      h("button", { type: "submit", class: "primary" }, t("teams.make")));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const spec = { [by.value]: Number(number.value), mode: mode.value };
      if (mode.value === "self_select" && capacity.value) spec.capacity = Number(capacity.value);
      if (label.value.trim()) spec.label = label.value.trim();
      if (activeGrouping(this.store) && !confirm(t("teams.replace_confirm"))) return;
      this.send("teams.make", spec);
    });
    return h("details", { class: "teams-new" }, h("summary", {}, t("teams.new")), form);
  }

  render() {
    const store = this.store;
    const teams = teamsInOrder(store);
    const mine = new Set(this.drives ? teams.map((team) => team.id) : myTeamIds(store));
    const shown = teams.filter((team) => mine.has(team.id));
    const breakout = runningBreakout(store);
    const live = store.get("live");
    const item = live && live.session_id ? store.get("agenda", String(live.item.id)) : null;
    const cohosts = store.all("cofacilitators");
    const online = (store.aggregates.presence || { online: [] }).online;
    if (this.drives && this.changed("groupings", store.all("groupings"), Boolean(breakout))) {
      this.drawGroupings(store.all("groupings"), breakout);
    }
    if (this.changed("breakout", breakout, item && item.id, this.drives)) this.drawBreakout(breakout, item);
    if (this.changed("cards", shown, [...mine], cohosts, Boolean(breakout))) this.drawCards(shown, [...mine], cohosts);
    this.markOnline(online);
    if (this.drives && this.changed("unassigned", teams, store.all("participants"), [...mine])) {
      this.drawUnassigned(teams, [...mine]);
    }
    const visited = this.visiting && breakout ? store.get("teams", String(this.visiting)) : null;
    if (visited) {
      this.visit.update(visited, breakout);
      if (this.visitBox.firstChild !== this.visit.node) replace(this.visitBox, this.visit.node);
    } else if (this.visitBox.firstChild) {
      this.visiting = null;
      replace(this.visitBox);
    }
    const requests = store.all("help").sort((a, b) => a.asked_at.localeCompare(b.asked_at));
    if (this.changed("help", requests, teams.map((team) => [team.id, team.name]), Boolean(breakout))) {
      this.drawHelp(requests);
    }
  }

  drawGroupings(groupings, breakout) {
    const earlier = groupings.filter((g) => !g.active).sort((a, b) => b.id - a.id);
    replace(this.groupings, earlier.length ? h("details", {}, h("summary", {}, t("teams.earlier")),
      h("ul", { class: "grouping-list" }, earlier.map((g) => h("li", {}, h("span", {}, g.label),
        h("button", { type: "button", disabled: Boolean(breakout),
          onclick: () => this.send("teams.activate", { grouping_id: g.id }) }, t("teams.activate")))))) : null);
  }

  /** The running breakout's countdown (and, for the facilitator, +1/+5 min and Bring everyone
   * back) in the console's live bar, always in sight. */
  drawTimer(breakout) {
    this.timerRoot.hidden = !breakout;
    if (!breakout) {
      replace(this.timerRoot);
      return;
    }
    const controls = this.drives ? [
      ...[1, 5].map((minutes) => h("button", { type: "button",
        onclick: () => this.send("breakout.extend", { minutes }) }, t("breakout.extend", { minutes }))),
      h("button", { type: "button", class: "danger", onclick: () => {
        if (confirm(t("breakout.close_confirm"))) this.send("breakout.close", {});
      } }, t("breakout.close"))] : [];
    replace(this.timerRoot, h("span", { class: "breakout-state" }, t("breakout.running")),
      this.countdown.show(breakout), controls);
  }

  drawBreakout(breakout, item) {
    this.drawTimer(breakout);
    if (!this.drives) {
      replace(this.breakout);
      return;
    }
    if (breakout) {
      const text = h("input", { maxlength: "500", placeholder: t("breakout.broadcast_hint") });
      const form = h("form", { class: "inline breakout-broadcast" }, this.field(t("breakout.broadcast"), text),
        h("button", { type: "submit" }, t("breakout.send")));
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        if ((await this.send("breakout.broadcast", { text: text.value })).ok) text.value = "";
      });
      replace(this.breakout, h("div", { class: "breakout-running" },
        breakout.message ? h("p", { class: "breakout-message" },
          t("breakout.from_facilitator", { text: breakout.message })) : null, form));
      return;
    }
    if (!item || item.kind !== "breakout") { // the breakout is started from its agenda item
      replace(this.breakout);
      return;
    }
    const block = item.settings || {};
    const minutes = h("input", { type: "number", min: "1", max: "240", value: String(block.minutes || 15) });
    const task = h("textarea", { rows: "3", maxlength: "4000" });
    task.value = block.task || "";
    const fresh = h("input", { type: "checkbox" });
    const form = h("form", { class: "breakout-start" }, this.field(t("breakout.minutes"), minutes),
      this.field(t("breakout.task"), task),
      h("label", { class: "check" }, fresh, t("breakout.new_teams")),
      h("button", { type: "submit", class: "primary" }, t("breakout.start")));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = { minutes: Number(minutes.value), task: task.value };
      data.item_id = item.id;
      if (fresh.checked) data.teams = { count: teamsInOrder(this.store).length || 2 };
      this.send("breakout.start", data);
    });
    replace(this.breakout, form);
  }

  /** The teams a name may be moved to by this person: any for the facilitator, else their own. */
  targets(mine) {
    return teamsInOrder(this.store).filter((team) => mine.includes(team.id));
  }

  moveMenu(person, current, mine) {
    const label = t("teams.move_of", { name: person.name });
    const targets = this.targets(mine).filter((team) => team.id !== current);
    if (!targets.length) return null;
    return h("select", { class: "move-select", "aria-label": label, title: label,
      onchange: (event) => {
        if (event.target.value) this.send("team.move", { participant_id: person.id, team_id: Number(event.target.value) });
      } },
    h("option", { value: "" }, t("teams.move")),
    targets.map((team) => h("option", { value: team.id }, team.name)));
  }

  member(person, team, mine) {
    const li = h("li", { class: "member offline", draggable: "true",
      "data-participant": person.id },
    h("span", { class: "dot", "aria-hidden": "true" }), h("span", { class: "member-name" }, person.name),
    person.role ? h("span", { class: "team-role" }, roleLabel(person.role)) : null,
    this.moveMenu(person, team ? team.id : null, mine));
    if (this.drives && team) {
      const label = t("team.role_of", { name: person.name });
      li.append(h("select", { class: "role-select", "aria-label": label, title: label,
        onchange: (event) => this.send("team.role", { team_id: team.id, participant_id: person.id,
          role: event.target.value || null }) },
      h("option", { value: "", selected: !person.role }, t("team.role.none")),
      ROLES.map((role) => h("option", { value: role, selected: person.role === role }, roleLabel(role)))));
    }
    li.addEventListener("dragstart", (event) => {
      event.dataTransfer.setData("text/plain", String(person.id));
      event.dataTransfer.effectAllowed = "move";
    });
    return li;
  }

  dropTarget(node, teamId) {
    node.addEventListener("dragover", (event) => {
      event.preventDefault();
      node.classList.add("drop");
    });
    node.addEventListener("dragleave", () => node.classList.remove("drop"));
    node.addEventListener("drop", (event) => {
      event.preventDefault();
      node.classList.remove("drop");
      const id = Number(event.dataTransfer.getData("text/plain"));
      if (id) this.send("team.move", { participant_id: id, team_id: teamId });
    });
  }

  /** Who is online, marked on the names in place: the cards (and a name being typed) stay. */
  markOnline(online) {
    const here = new Set(online);
    for (const node of this.cards.querySelectorAll("li[data-participant]")) {
      const on = here.has(Number(node.dataset.participant));
      node.classList.toggle("online", on);
      node.classList.toggle("offline", !on);
    }
  }

  drawCards(teams, mine, cohosts) {
    const breakout = runningBreakout(this.store);
    replace(this.cards, teams.map((team) => {
      const title = h("h3", { class: "team-card-name" }, team.name);
      const head = [title, h("span", { class: "muted" }, tn("team.size", team.members.length))];
      if (breakout) {
        head.push(h("button", { type: "button", class: "visit", "aria-pressed": this.visiting === team.id ? "true" : "false",
          onclick: () => {
            this.visiting = this.visiting === team.id ? null : team.id;
            this.render();
          } }, t("teams.visit", { name: team.name })));
      }
      const parts = [h("div", { class: "team-card-head" }, head)];
      if (this.drives) {
        const name = h("input", { maxlength: "80", value: team.name, "aria-label": t("teams.name_of", { name: team.name }) });
        const rename = h("form", { class: "inline team-rename" }, name, h("button", { type: "submit" }, t("teams.rename")));
        rename.addEventListener("submit", (event) => {
          event.preventDefault();
          this.send("team.rename", { team_id: team.id, name: name.value });
        });
        parts.push(rename);
        if (cohosts.length) {
          const chosen = new Set(team.moderators.map((m) => m.id));
          parts.push(h("fieldset", { class: "team-moderators" }, h("legend", {}, t("teams.moderators")),
            cohosts.map((cohost) => h("label", { class: "check" }, h("input", { type: "checkbox",
              checked: chosen.has(cohost.id), onchange: (event) => {
                const ids = new Set(team.moderators.map((m) => m.id));
                if (event.target.checked) ids.add(cohost.id);
                else ids.delete(cohost.id);
                this.send("team.moderators", { team_id: team.id, cofacilitator_ids: [...ids] });
              } }), cohost.name))));
        }
      } else if (team.moderators.length) {
        parts.push(h("p", { class: "muted" }, t("teams.moderated_by",
          { names: team.moderators.map((m) => m.name).join(", ") })));
      }
      parts.push(h("ul", { class: "team-member-list" },
        team.members.map((member) => this.member(member, team, mine))));
      const card = h("section", { class: "team-card", "data-team": team.id }, parts);
      this.dropTarget(card, team.id);
      return card;
    }));
  }

  drawUnassigned(teams, mine) {
    const placed = new Set(teams.flatMap((team) => team.members.map((m) => m.id)));
    const waiting = this.store.all("participants").filter((p) => !placed.has(p.id))
      .sort((a, b) => a.name.localeCompare(b.name));
    replace(this.unassigned, teams.length && waiting.length ? [h("h3", {}, t("teams.unassigned")),
      h("ul", { class: "team-member-list" }, waiting.map((person) => this.member(person, null, mine)))] : null);
  }

  drawHelp(requests) {
    this.helpRoot.hidden = !requests.length && !runningBreakout(this.store);
    replace(this.helpList, requests.length ? requests.map((request) => {
      const team = this.store.get("teams", String(request.team_id));
      const buttons = [];
      if (!request.taken_by) {
        buttons.push(h("button", { type: "button", class: "primary",
          onclick: () => this.send("help.take", { help_id: request.id }) }, t("help.take")));
      }
      buttons.push(h("button", { type: "button",
        onclick: () => this.send("help.resolve", { help_id: request.id }) }, t("help.resolve")));
      return h("li", { class: "help-request", "data-help": request.id },
        h("strong", {}, team ? team.name : ""),
        h("span", {}, t("help.asked_by", { name: request.name, time: timeOf(request.asked_at) })),
        request.taken_name ? h("span", { class: "help-taken" }, t("help.taken_by", { name: request.taken_name })) : null,
        h("span", { class: "inline" }, buttons));
    }) : h("li", { class: "muted" }, t("help.none")));
  }
}
