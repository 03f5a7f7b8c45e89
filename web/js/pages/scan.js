// Receive and issue at the dock with a keyboard-wedge scanner: the scanner types the code
// into the one scan field and presses Enter. A GS1 barcode (an element string "(01)…(10)…",
// raw data behind a symbology identifier such as "]d2" or with GS separators, or a Digital
// Link) is read by /scan, which names the item and the lot and expiry this movement takes
// from it; any other code (GTIN-8/12/13/14, EPC hex or SKU) by /lookup. The movement is
// posted with a fresh idempotency key and the outcome shown in large type with the stock now
// at that location.
//
// A receipt of a lot- or expiry-tracked item whose code did not carry the lot or the expiry
// shows the lot and expiry fields (filled with what the code did carry): the user completes
// them and posts with Enter. An issue takes the barcode's lot, else first expiry first out.
import * as api from '../api.js';
import { t, fmtNumber, fmtDate } from '../i18n.js';
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
  const lot = h('input', { class: 'form-control', name: 'lot', autocomplete: 'off', spellcheck: 'false' });
  const expiry = h('input', { class: 'form-control', name: 'expiry', type: 'date' });
  const lotItem = h('p', { class: 'mb-2', id: 'scan-lot-item' });
  const lotField = h('div', { class: 'col-md-4' }, field('scan.lot', lot).wrap);
  const lotBox = h('fieldset', { class: 'scan-lot', id: 'scan-lot', hidden: true },
    h('legend', { class: 'h6', i18n: 'scan.lot_needed' }), lotItem,
    h('div', { class: 'row g-2' }, lotField, h('div', { class: 'col-md-4' }, field('scan.expiry', expiry).wrap)));
  const result = h('div', { id: 'scan-result', role: 'status', 'aria-live': 'polite' });
  // A receipt waiting for its lot or expiry: {item, qty}.
  let pending = null;
  let busy = false;

  const form = h('form', { class: 'scan-form', id: 'scan-form' },
    h('div', { class: 'row g-2' },
      h('div', { class: 'col-md-6' }, field(kind === 'receive' ? 'scan.to' : 'scan.from', loc).wrap),
      h('div', { class: 'col-md-2' }, field('scan.qty', qty).wrap)),
    lotBox,
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

  // An item tracked by expiry only has its lots named by their expiry: no lot field then.
  const ask = (item, carried, n) => {
    pending = { item, qty: n };
    lot.value = carried.lot ?? '';
    expiry.value = carried.expiry ?? '';
    lotField.hidden = !item.lot_tracked;
    lotItem.textContent = t('scan.lot_for', { sku: item.sku, name: item.name, qty: fmtNumber(n) });
    lotBox.hidden = false;
    show(result, { ok: true, headline: t('scan.lot_prompt', { name: item.name }), detail: '' });
  };

  const settle = async (action, what) => {
    busy = true;
    try {
      show(result, await action());
    } catch (err) {
      show(result, { ok: false, headline: t('scan.failed', { code: what }), detail: err.message });
    } finally {
      busy = false;
      code.focus();
    }
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const scanned = code.value.trim();
    code.value = '';
    if (busy) return;
    if (!scanned && pending) {
      // The receipt waiting for its lot: it stays waiting until it is posted.
      const { item, qty: n } = pending;
      const carried = { lot: lot.value.trim() || null, expiry: expiry.value || null };
      await settle(async () => {
        const done = await post(kind, item, carried, n, loc.value);
        pending = null;
        lotBox.hidden = true;
        return done;
      }, item.sku);
    } else if (scanned) {
      pending = null;
      lotBox.hidden = true;
      await settle(async () => {
        const r = await resolve(kind, scanned);
        const n = r.count ?? Number(qty.value);
        const { item, carried } = r;
        if (kind === 'receive' && ((item.lot_tracked && !carried.lot) || (item.expiry_tracked && !carried.expiry))) {
          ask(item, carried, n);
          return null;
        }
        return post(kind, item, carried, n, loc.value);
      }, scanned);
    }
    if (pending) (pending.item.lot_tracked && !lot.value ? lot : expiry).focus();
  });

  main.append(pageTitle(kind === 'receive' ? 'scan.receive_title' : 'scan.issue_title'), form, result);
  code.focus();
}

// Raw GS1 data behind a symbology identifier, with GS separators, in brackets or as a
// Digital Link: read as a barcode. Anything else is a code, but raw data a scanner sent
// without its identifier looks like one, so a code no item has is tried as a barcode too.
const GS1 = /^(\(|\]|https?:\/\/)|\x1d/i;

async function resolve(kind, scanned) {
  const barcode = async () => {
    const s = await api.get(`/scan${api.query({ text: scanned })}`);
    if (!s.item) throw new api.ApiError(404, 'not_found', s.misses.join('; ') || t('scan.no_item'));
    return { item: s.item, carried: kind === 'receive' ? s.receipt : s.issue, count: s.count };
  };
  if (GS1.test(scanned)) return barcode();
  try {
    return { item: await api.get(`/lookup${api.query({ code: scanned })}`), carried: {}, count: null };
  } catch (err) {
    if (err.status !== 404) throw err;
    return barcode().catch(() => {
      throw err;
    });
  }
}

async function post(kind, item, carried, qty, location) {
  const body = { kind, sku: item.sku, qty, key: api.newKey(kind) };
  if (kind === 'receive') body.to = location;
  else body.from = location;
  if (carried.lot) body.lot = carried.lot;
  if (kind === 'receive' && carried.expiry) body.expiry = carried.expiry;
  const posted = await api.post('/movements', body);
  const rows = await api.get(`/stock${api.query({ sku: item.sku, location })}`);
  const here = rows.filter((r) => r.location === location).reduce((n, r) => n + Number(r.qty), 0);
  return {
    ok: true,
    headline: t(kind === 'receive' ? 'scan.received' : 'scan.issued',
                { qty: fmtNumber(qty), unit: item.unit, name: item.name }),
    detail: t('scan.now_here', { sku: item.sku, location, qty: fmtNumber(here) }),
    lots: (posted.lots || []).map((l) => t(l.expiry ? 'scan.lot_expiry' : 'scan.lot_only',
                                           { lot: l.lot, expiry: fmtDate(l.expiry), qty: fmtNumber(l.qty) })),
    onHand: here,
  };
}

function show(el, r) {
  if (!r) return;
  clear(el);
  el.className = `scan-result ${r.ok ? 'ok' : 'bad'}`;
  if (r.onHand !== undefined) el.dataset.onHand = String(r.onHand);
  else delete el.dataset.onHand;
  el.append(h('span', { class: 'headline' }, r.headline), h('span', { class: 'detail' }, r.detail),
            ...(r.lots || []).map((text) => h('span', { class: 'detail scan-lot-line' }, text)));
}
