// Small DOM builders so pages never assemble HTML strings (no injection, CSP-clean).
import { t, fmtNumber } from './i18n.js';

// h('button', {class: 'btn', i18n: 'key', on: {click: f}}, child...)
// i18n sets the text from the catalogue and marks the element for re-translation.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'i18n') {
      el.dataset.i18n = v;
      el.textContent = t(v);
    } else if (k === 'placeholderKey') {
      el.dataset.i18nPlaceholder = v;
      el.placeholder = t(v);
    } else if (k === 'labelKey') {
      el.dataset.i18nLabel = v;
      el.setAttribute('aria-label', t(v));
    } else if (k === 'on') for (const [ev, f] of Object.entries(v)) el.addEventListener(ev, f);
    else if (k === 'value') el.value = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

let nextId = 0;
export function uid(prefix) {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

// A labelled form control: returns {wrap, input}.
export function field(labelKey, control) {
  if (!control.id) control.id = uid('f');
  const wrap = h('div', { class: 'mb-2' },
                 h('label', { class: 'form-label', for: control.id, i18n: labelKey }), control);
  return { wrap, input: control };
}

export function select(options, attrs = {}) {
  return h('select', { class: 'form-select', ...attrs },
           options.map(([value, label]) => h('option', { value }, label)));
}

// A table from column specs {i18n, value: row => text|Node, num: bool} and rows.
// An empty list shows the emptyKey message instead of an empty table.
export function table(columns, rows, { emptyKey = 'common.none', caption } = {}) {
  if (!rows || rows.length === 0) return h('p', { class: 'empty', i18n: emptyKey });
  const head = h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null, i18n: c.i18n })));
  const body = rows.map((r) => h('tr', {}, columns.map((c) => {
    let v = c.value(r);
    if (c.num && typeof v === 'number') v = fmtNumber(v);
    return h('td', { class: c.num ? 'num' : null }, v ?? '');
  })));
  // tabindex: a table wider than a tablet scrolls, and keyboard users must reach it too.
  return h('div', { class: 'table-wrap', tabindex: '0' },
           h('table', { class: 'table table-sm table-striped align-middle' },
             caption ? h('caption', { i18n: caption }) : null,
             h('thead', {}, head), h('tbody', {}, body)));
}

export function card(titleKey, ...body) {
  return h('section', { class: 'card' },
           h('div', { class: 'card-body' }, h('h2', { class: 'h5 card-title', i18n: titleKey }), ...body));
}

export function pageTitle(key) {
  return h('h1', { class: 'h3 mb-3', i18n: key });
}

export function button(key, onClick, cls = 'btn btn-primary') {
  return h('button', { type: 'button', class: cls, i18n: key, on: { click: onClick } });
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}
