// The join form: code + name → a rejoin token kept on this device → the room page.

import { t } from "./i18n.js";

const form = document.getElementById("join-form");
const error = document.getElementById("join-error");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.textContent = "";
  const code = form.code.value.trim().toUpperCase();
  const name = form.name.value;
  const button = form.querySelector("button");
  button.disabled = true;
  try {
    const response = await fetch("/api/join", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ code, name }),
    });
    const answer = await response.json();
    if (!answer.ok) {
      const fields = Object.values(answer.error.fields || {}).flat().join(" ");
      error.textContent = t("join.failed", { message: `${answer.error.message} ${fields}`.trim() });
      return;
    }
    localStorage.setItem(`wr:token:${answer.result.code}`, answer.result.token);
    window.location.assign(`/r/${encodeURIComponent(answer.result.code)}`);
  } catch {
    error.textContent = t("join.offline");
  } finally {
    button.disabled = false;
  }
});

if (form.code.value) form.name.focus();
else form.code.focus();
