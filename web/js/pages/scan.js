// Receive and issue at the dock with a keyboard-wedge scanner: the scanner types the code
// into the one scan field and presses Enter. The code (GTIN-8/12/13/14, EPC hex or SKU) is
// resolved by /lookup, the movement posted with a fresh idempotency key, and the outcome
// shown in large type with the stock now at that location.
import * as api from '../api.js';
import { t, fmtNumber } from '../i18n.js';
import { h, pageTitle, field, select, clear } from '../dom.js';

const LAST_LOCATION = (kind) => `rfinv.scan.${kind}.location`;

export async function render(main, [kind]) {
  const locations = await api.get('/locations');
  const loc = select(locations.map((l) => [l.code, `${l.code} — ${l.name}`]), { name: 'location' });
  const saved = localStorage.getItem(LAST_LOCATION(kind));
  if (saved && locations.some((l) => l.code === saved)) loc.value = saved;
  const qty = h('input', { class: 'form-control', type: 'number', min: '1', step: '1', value: '1', name: 'qty', inputmode: 'numeric' });
  const code = h('input', { class: 'form-control scan-field', name: 'code', autocomplete: 'off',
                            spellcheck: 'false', placeholderKey: 'scan.hint', id: 'scan-code' });
  const result = h('div', { id: 'scan-result', role: 'status', 'aria-live': 'polite' });
  const busy = { now: false };

  const form = h('form', { class: 'scan-form', id: 'scan-form' },
    h('div', { class: 'row g-2' },
      h('div', { class: 'col-md-6' }, field(kind === 'receive' ? 'scan.to' : 'scan.from', loc).wrap),
      h('div', { class: 'col-md-2' }, field('scan.qty', qty).wrap)),
    h('div', { class: 'd-flex gap-2 align-items-end' },
      h('div', { class: 'flex-grow-1' }, field('scan.code', code).wrap),
      h('button', { type: 'submit', class: 'btn btn-primary btn-lg mb-2', i18n: 'scan.post' })));

  // The scan field keeps the cursor: after choosing a location or quantity, or a click on
  // nothing in particular, it takes the focus back so the next scan lands in it.
  const refocus = () => setTimeout(() => {
    const a = document.activeElement;
    if (!a || a === document.body || a === main) code.focus();
  }, 0);
  code.addEventListener('blur', refocus);
  loc.addEventListener('change', () => {
    localStorage.setItem(LAST_LOCATION(kind), loc.value);
    code.focus();
  });
  qty.addEventListener('change', () => code.focus());

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const scanned = code.value.trim();
    code.value = '';
    code.focus();
    if (!scanned || busy.now) return;
    busy.now = true;
    try {
      show(result, await post(kind, scanned, Number(qty.value), loc.value));
    } catch (err) {
      show(result, { ok: false, headline: t('scan.failed', { code: scanned }), detail: err.message });
    } finally {
      busy.now = false;
    }
  });

  main.append(pageTitle(kind === 'receive' ? 'scan.receive_title' : 'scan.issue_title'), form, result);
  code.focus();
}

async function post(kind, scanned, qty, location) {
  const item = await api.get(`/lookup${api.query({ code: scanned })}`);
  const body = { kind, sku: item.sku, qty, key: api.newKey(kind) };
  if (kind === 'receive') body.to = location;
  else body.from = location;
  await api.post('/movements', body);
  const rows = await api.get(`/stock${api.query({ sku: item.sku, location })}`);
  const here = rows.filter((r) => r.location === location).reduce((n, r) => n + Number(r.qty), 0);
  return {
    ok: true,
    headline: t(kind === 'receive' ? 'scan.received' : 'scan.issued',
                { qty: fmtNumber(qty), unit: item.unit, name: item.name }),
    detail: t('scan.now_here', { sku: item.sku, location, qty: fmtNumber(here) }),
    onHand: here,
  };
}

function show(el, r) {
  clear(el);
  el.className = `scan-result ${r.ok ? 'ok' : 'bad'}`;
  if (r.ok) el.dataset.onHand = String(r.onHand);
  else delete el.dataset.onHand;
  el.append(h('span', { class: 'headline' }, r.headline), h('span', { class: 'detail' }, r.detail));
}
