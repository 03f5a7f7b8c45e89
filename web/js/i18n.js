// Message catalogues (web/i18n/LANG.json) and the user's locale for dates and numbers.
// Every visible string is looked up by key; an element with data-i18n="key" gets its text
// from the catalogue, data-i18n-placeholder / data-i18n-label its placeholder / aria-label.

export const LANGUAGES = ['en', 'zh-CN'];

let lang = 'en';
let messages = {};

export function currentLang() {
  return lang;
}

export async function loadLanguage(wanted) {
  const next = LANGUAGES.includes(wanted) ? wanted : 'en';
  const res = await fetch(`/i18n/${next}.json`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`cannot load /i18n/${next}.json: ${res.status}`);
  messages = await res.json();
  lang = next;
  document.documentElement.lang = next;
  translateTree(document);
}

// The message for key, with {name} placeholders filled from vars. A missing key shows
// itself, so a gap is visible rather than blank (the i18n_keys test keeps them out).
export function t(key, vars = {}) {
  const text = messages[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

export function translateTree(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  }
  for (const el of root.querySelectorAll('[data-i18n-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  }
}

export function fmtNumber(n) {
  if (n === null || n === undefined || n === '') return '';
  const v = Number(n);
  return Number.isFinite(v) ? new Intl.NumberFormat(lang).format(v) : String(n);
}

// Money arrives as a decimal string ("12.50"); shown with the locale's separators.
export function fmtMoney(s) {
  if (s === null || s === undefined || s === '') return '';
  const v = Number(s);
  return Number.isFinite(v)
    ? new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v)
    : String(s);
}

export function fmtDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso)
                                   : new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function fmtDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  // A date without a time ("2027-01-31", an expiry) is that day wherever the user is.
  const options = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? { dateStyle: 'medium', timeZone: 'UTC' } : { dateStyle: 'medium' };
  return Number.isNaN(d.getTime()) ? String(iso) : new Intl.DateTimeFormat(lang, options).format(d);
}
