// The live tools of each page (raise hand, reactions, Q&A, chat, the plenary timer, the
// message to everyone, room settings), mounted in one call per page: each tool is its own module,
// and the pages only say where they go. A tool the room has turned off is not shown.

import { AnnouncementBanner, AnnouncementForm } from "./announcement.js";
import { ChatPanel } from "./chat.js";
import { $, replace } from "./dom.js";
import { HandButton, HandQueue, handCount } from "./hands.js";
import { QuestionsModeration, QuestionsPanel, projectorQuestion } from "./questions.js";
import { ReactionBar, ReactionBurst } from "./reactions.js";
import { RemovalPanel, leaveWhenRemoved } from "./removal.js";
import { SettingsPanel } from "./settings.js";
import { TimerBadge, TimerControls } from "./timer.js";
import { onChange } from "./widgets.js";

const on = (store, feature) => Boolean((store.get("settings", "room") || {})[feature]);

// Replace a slot's children only when they changed, so focus and typing survive updates.
function fill(slot, nodes) {
  const wanted = nodes.filter(Boolean);
  const current = [...slot.children];
  if (current.length !== wanted.length || current.some((node, i) => node !== wanted[i])) {
    replace(slot, wanted);
  }
}

/** Participant: banner and timer on top (#live-top), hand, reactions, Q&A, chat below
 * (#live-tools); `onRemoved` leaves the room when the staff remove this person. */
export function mountParticipantLive(connection, storageKey, onRemoved) {
  const store = connection.store;
  leaveWhenRemoved(store, onRemoved);
  const banner = new AnnouncementBanner(storageKey);
  const timer = new TimerBadge(store);
  const hand = new HandButton(connection);
  const reactions = new ReactionBar(connection);
  const questions = new QuestionsPanel(connection);
  const chat = new ChatPanel(connection);
  onChange(store, () => {
    fill($("#live-top"), [banner.update(store), timer.update(store)]);
    fill($("#live-tools"), [on(store, "hands") && hand.update(store),
      on(store, "reactions") && reactions.node,
      on(store, "questions") && questions.update(store), chat.update(store)]);
  });
}

/** Console: the staff's tools in #live-tools; the facilitator's controls only for them. */
export function mountConsoleLive(connection, drives) {
  const store = connection.store;
  const banner = new AnnouncementBanner(`console:${store.me ? store.me.room : ""}`);
  const timer = new TimerBadge(store);
  const burst = new ReactionBurst();
  const queue = new HandQueue(connection);
  const moderation = new QuestionsModeration(connection);
  const timerControls = drives ? new TimerControls(connection) : null;
  const message = drives ? new AnnouncementForm(connection) : null;
  const settings = drives ? new SettingsPanel(connection) : null;
  const chat = new ChatPanel(connection, { staff: true });
  const removal = new RemovalPanel(connection, { readmits: drives });
  onChange(store, () => {
    fill($("#live-tools"), [banner.update(store), timer.update(store), burst.update(store),
      queue.update(store), timerControls && timerControls.update(store),
      message && message.update(store), moderation.update(store), chat.update(store),
      removal.update(store), settings && settings.update(store)]);
  });
}

/** Projector: the message, the timer, hands up, the reaction burst and the top question. */
export function mountProjectorLive(store, storageKey) {
  const banner = new AnnouncementBanner(storageKey);
  const timer = new TimerBadge(store);
  const burst = new ReactionBurst();
  const slot = $("#live-tools");
  let questionKey = "";
  let questionNode = null;
  onChange(store, () => {
    const question = on(store, "questions") ? projectorQuestion(store) : null;
    const key = question ? question.outerHTML : "";
    if (key !== questionKey) {
      questionKey = key;
      questionNode = question;
    }
    fill(slot, [banner.update(store), timer.update(store), burst.update(store),
      handCount(store), questionNode]);
  });
}
