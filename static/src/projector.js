// The projector: big type for screen sharing; the join code until the session starts.

import { projectorAssessmentView, resultsOf, runOfItem } from "./assessment.js";
import { Connection } from "./connection.js";
import { $, h, replace } from "./dom.js";
import { t } from "./i18n.js";
import { QuickPolls, pollOfItem, projectorPollView, tallyOf } from "./polls.js";
import { PresentationStage, presentationOfItem } from "./prework.js";
import { itemView, onChange, showConnection } from "./widgets.js";

const { room, key, code, joinUrl } = document.body.dataset;
const connection = new Connection({
  auth: { role: "projector", token: key },
  storageKey: `projector:${room}`,
});
const store = connection.store;
const quickPolls = new QuickPolls();
const presentation = new PresentationStage(store, { role: "projector" });
showConnection(connection, $("#connection"));

onChange(store, () => {
  const live = store.get("live");
  const stage = $("#main");
  if (!live || !live.session_id) {
    const info = store.get("room");
    replace(stage, h("section", { class: "join-banner" },
      h("h1", {}, info ? info.title : ""),
      h("p", {}, t("projector.join", { url: joinUrl })),
      h("p", { class: "big-code" }, code)));
    return;
  }
  const quick = quickPolls.visible(store, live.item.id)
    .map((poll) => projectorPollView(poll, tallyOf(store, poll), { quick: true }));
  const itemPoll = pollOfItem(store, live.item);
  const itemPresentation = presentationOfItem(store, live.item);
  let item;
  if (itemPresentation) {
    presentation.update(itemPresentation);
    item = presentation.node;
  } else if (itemPoll) item = projectorPollView(itemPoll, tallyOf(store, itemPoll));
  else if (live.item.kind === "assessment") {
    const run = runOfItem(store, live.item);
    item = run ? projectorAssessmentView(live.item, run, resultsOf(store, run)) : itemView(live.item);
  } else item = itemView(live.item);
  replace(stage, quick, item,
    h("p", { class: "join-footer" }, t("projector.join", { url: joinUrl }), " ", h("strong", {}, code)));
});
