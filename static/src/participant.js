// The participant page: one thing at a time, whatever the facilitator shows.
//
// A poll or evaluation item shows its poll once the facilitator opens it; a quick poll made up
// live sits on top of the current item while it runs, the item still below it. An assessment
// item shows its questionnaire (or, once revealed, the results); "To do" in the header reaches
// open questionnaires at any time, also between sessions, when they are pre-work. A board item
// shows its board once the facilitator opens it; a breakout shows the team's board under its task;
// a board made up live stays open until the facilitator locks it. The current item always comes
// first; anything else still open (a quick poll, a live board) follows it in a section that
// folds away.
//
// Each part of the page is a module in static/src/participant/; this file only wires them:
// the stage shows the first part that has something to show, then what else is open.

import { runOfItem } from "./assessment.js";
import { ParticipantTeams } from "./breakouts.js";
import { Connection } from "./connection.js";
import { $, keep } from "./dom.js";
import { t } from "./i18n.js";
import { mountParticipantLive } from "./live.js";
import { ParticipantPrework, taskOfItem } from "./prework.js";
import { onChange, showConnection } from "./widgets.js";
import { BreakoutPart } from "./participant/breakout.js";
import { Cards } from "./participant/cards.js";
import { ChosenPart } from "./participant/chosen.js";
import { CurrentPart } from "./participant/current.js";
import { Header } from "./participant/header.js";
import { AlsoOpen } from "./participant/also-open.js";
import { WaitingPart } from "./participant/waiting.js";

const code = document.body.dataset.code;
const token = localStorage.getItem(`wr:token:${code}`);

function backToJoin() {
  localStorage.removeItem(`wr:token:${code}`);
  alert(t("error.unauthorized"));
  window.location.assign(`/join?code=${encodeURIComponent(code)}`);
}

if (!token) {
  window.location.replace(`/join?code=${encodeURIComponent(code)}`);
} else {
  const connection = new Connection({
    auth: { role: "participant", token },
    storageKey: `participant:${code}`,
    onUnauthorized: backToJoin,
  });
  const store = connection.store;
  showConnection(connection, $("#connection"), $("#outbox"));
  mountParticipantLive(connection, `participant:${code}`, backToJoin);

  const teams = new ParticipantTeams(connection);
  const choose = (runId) => {
    chosen.choose(runId);
    render();
  };
  const cards = new Cards({ connection, code, onBack: () => choose(null), onDismissPoll: (id) => {
    alsoOpen.dismiss(id);
    render();
  } });
  const prework = new ParticipantPrework({ connection, token, button: $("#prework-button"),
    panel: $("#prework-panel") });
  const header = new Header({ store, teams, onPick: choose });
  const alsoOpen = new AlsoOpen({ store, cards });
  const breakout = new BreakoutPart({ store, teams, cards });
  const chosen = new ChosenPart({ store, cards, code });
  const waiting = new WaitingPart({ store, onPick: choose });
  const current = new CurrentPart({ connection, cards, prework });
  let stageKey = null;

  const render = () => {
    header.render();
    const live = store.get("live");
    const item = live && live.session_id ? live.item : null;
    const itemTask = taskOfItem(store, item);
    prework.update(store, itemTask && itemTask.status === "open" ? itemTask.id : null);
    const picked = chosen.current(runOfItem(store, item));
    const shown = breakout.render() || chosen.render(picked) || waiting.render(item) || current.render(item);
    keep($("#main"), [breakout.picker(), ...shown.nodes, alsoOpen.render(item, picked)].filter(Boolean));
    if (shown.key !== stageKey) {
      stageKey = shown.key;
      window.scrollTo(0, 0);
      // said once per new item, not on every tally or countdown tick
      $("#announce").textContent = item && shown.key.startsWith("item:") ? t("announce.item", { title: item.title }) : "";
    }
    if (chosen.focusNext) {
      chosen.focusNext = false;
      if (shown.focus) shown.focus.focus();
      else if (!document.activeElement || document.activeElement === document.body) $("#todo").focus();
    }
  };
  onChange(store, render);
}
