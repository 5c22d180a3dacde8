// User-facing text comes from the server's message catalogue, rendered into the page.

let messages = null;

export function t(key, params = {}) {
  if (messages === null) {
    const node = document.getElementById("messages");
    messages = node ? JSON.parse(node.textContent) : {};
  }
  const text = messages[key] ?? key;
  return text.replace(/%\((\w+)\)s/g, (_, name) => String(params[name] ?? ""));
}
