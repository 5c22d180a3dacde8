// Every action answers at once: "Sending…" or "Waiting for connection", then "Sent ✓" or why
// the server turned it down. One helper says it, on whatever status line a part has.

import { t } from "./i18n.js";

/** What a card or panel says when the server turns a command down. */
export function refusal(ack) {
  return t("error.generic", { message: ack.error.message });
}

/** A status line to say things on: its text, and its kind (pending, ok, error) as data-kind. */
export function statusLine(node) {
  return (text, kind = "") => {
    node.textContent = text;
    node.dataset.kind = kind;
  };
}

/**
 * Send a command and say how it goes through `say(text, kind)`. `quiet` says only a refusal
 * (and clears the line before), for controls whose result shows by itself; `sent` is what to
 * say on success (null: nothing). Resolves with the server's ack.
 */
export async function sendWithStatus(connection, type, data, say, { quiet = false, sent = "send.sent" } = {}) {
  if (quiet) say("", "");
  else say(waitingWords(connection.status), "pending");
  const ack = await connection.send(type, data);
  if (!ack.ok) say(refusal(ack), "error");
  else say(quiet || !sent ? "" : t(sent), quiet || !sent ? "" : "ok");
  return ack;
}

/** "Sending…" while connected, "Waiting for connection" while not. */
export function waitingWords(status) {
  return t(status === "online" ? "send.sending" : "send.waiting");
}
