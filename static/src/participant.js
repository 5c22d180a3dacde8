// The participant page: one thing at a time, whatever the facilitator shows.

import { Connection } from "./connection.js";
import { $, replace } from "./dom.js";
import { t } from "./i18n.js";
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

  const render = () => {
    const label = sessionLabel(store);
    $("#session-label").textContent = label;
    $("#session-label").title = label;
    $("#me").textContent = store.me ? store.me.name : "";
    const live = store.get("live");
    const stage = $("#main");
    if (!live || !live.session_id) {
      replace(stage, waitingView(store));
      return;
    }
    if (stage.firstChild && stage.firstChild.dataset.item === String(live.item.id)) return;
    replace(stage, itemView(live.item));
    stage.scrollTop = 0;
  };
  onChange(store, render);
}
