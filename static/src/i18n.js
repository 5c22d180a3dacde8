// User-facing text comes from the server's message catalogue, rendered into the page.

let messages = null;

function catalogue() {
  if (messages === null) {
    const node = document.getElementById("messages");
    messages = node ? JSON.parse(node.textContent) : {};
  }
  return messages;
}

export function lang() {
  return document.documentElement.lang || "en";
}

export function t(key, params = {}) {
  const text = catalogue()[key] ?? key;
  return text.replace(/%\((\w+)\)s/g, (_, name) => String(params[name] ?? ""));
}

// A count in words: "<key>.<plural category>" when the catalogue has it, else "<key>.other".
// The catalogue carries .one and .other; a language with more forms can add its own keys.
let plurals = null;
export function tn(key, count, params = {}) {
  plurals = plurals || new Intl.PluralRules(lang());
  const exact = `${key}.${plurals.select(count)}`;
  return t(exact in catalogue() ? exact : `${key}.other`, { count: number(count), ...params });
}

let numbers = null;
export function number(value, digits = 0) {
  if (digits) return new Intl.NumberFormat(lang(), { maximumFractionDigits: digits }).format(value);
  numbers = numbers || new Intl.NumberFormat(lang());
  return numbers.format(value);
}

let percents = null;
export function percent(share) {
  percents = percents || new Intl.NumberFormat(lang(), { style: "percent", maximumFractionDigits: 0 });
  return percents.format(share);
}
