// The participant page: one thing at a time, whatever the facilitator shows.
//
// A poll or evaluation item shows its poll once the facilitator opens it; a quick poll made up
// live sits on top of the current item while it runs, the item still below it.

import { Connection } from "./connection.js";
import { $, replace } from "./dom.js";
import { t } from "./i18n.js";
import { ParticipantPoll, QuickPolls, pollOfItem, tallyOf } from "./polls.js";
import { itemView, onChange, sessionLabel, showConnection, waitingView } from "./widgets.js";

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

  const quickPolls = new QuickPolls();
  const cards = new Map(); // poll id → ParticipantPoll, kept so typing survives updates
  let itemId = null;
  let itemNode = null;

  function card(poll, quick) {
    let view = cards.get(poll.id);
    if (!view) {
      view = new ParticipantPoll(poll, { connection, quick, onDismiss: (id) => {
        quickPolls.dismiss(id);
        render();
      } });
      cards.set(poll.id, view);
    }
    view.update(poll, store.get("my_answers", String(poll.id)), tallyOf(store, poll));
    return view.node;
  }

  const render = () => {
    const label = sessionLabel(store);
    $("#session-label").textContent = label;
    $("#session-label").title = label;
    $("#me").textContent = store.me ? store.me.name : "";
    const live = store.get("live");
    const stage = $("#main");
    if (!live || !live.session_id) {
      itemId = null;
      if (!stage.querySelector(".waiting")) replace(stage, waitingView(store));
      return;
    }
    const item = live.item;
    const nodes = quickPolls.visible(store, item.id).map((poll) => card(poll, true));
    const itemPoll = pollOfItem(store, item);
    const moved = item.id !== itemId;
    if (moved) {
      itemId = item.id;
      itemNode = null;
    }
    if (itemPoll) {
      nodes.push(card(itemPoll, false));
    } else {
      itemNode = itemNode || itemView(item);
      nodes.push(itemNode);
    }
    const current = [...stage.children];
    if (current.length !== nodes.length || current.some((node, i) => node !== nodes[i])) {
      replace(stage, nodes);
    }
    if (moved) window.scrollTo(0, 0);
  };
  onChange(store, render);
}
