// User-facing text comes from the server's message catalogue: a cached script per language
// (/messages/<locale>-<hash>.js, loaded by the page before this bundle) sets it.

function catalogue() {
  return self.workshopMessages || {};
}

export function lang() {
  return document.documentElement.lang || "en";
}

export function t(key, params = {}) {
  const text = catalogue()[key] ?? key;
  return text.replace(/%\((\w+)\)s/g, (_, name) => String(params[name] ?? ""));
}

// A count in words: "<key>.<plural category>" when the catalogue has it, else "<key>.other".
// The server sends one key per plural category of the page's language (app/i18n.py counted()).
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

// The language picker (templates/_language.html): remembered on this device in the same
// `lang` cookie the server reads, then the page is drawn again in that language.
const picker = document.getElementById("language");
if (picker) {
  picker.addEventListener("change", () => {
    document.cookie = `lang=${encodeURIComponent(picker.value)}; path=/; max-age=31536000; samesite=lax`;
    const url = new URL(window.location.href);
    url.searchParams.delete("lang"); // a ?lang= in the address would win over the cookie
    window.location.replace(url);
  });
}
