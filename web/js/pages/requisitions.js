// Ward requisitions: the list (by status), and a ward's manager raising one from a store for
// their ward, item by item. #/requisitions/ID shows one with its steps (requisition.js).
import * as api from '../api.js';
import { t, fmtDateTime, fmtNumber } from '../i18n.js';
import { h, pageTitle, card, clear, table, button, field, select } from '../dom.js';
import { attempt } from '../errors.js';
import { can, actsFor } from '../session.js';
import { subscribe, throttle } from '../events.js';
import * as one from './requisition.js';

const STATUSES = ['requested', 'approved', 'picked', 'shipped', 'partially_received', 'received',
                         'closed', 'cancelled'];

function linesText(r) {
  return r.lines.map((l) => `${l.sku} ${fmtNumber(l.qty)}`).join(', ');
}

export async function render(main, [id]) {
  if (id) return one.render(main, id);
  const list = h('div', { id: 'requisitions' });
  const filter = select([['', t('requisitions.all')], ...STATUSES.map((s) => [s, t(`req_status.${s}`)])],
                        { name: 'status' });
  const load = async () => {
    const rows = await api.get(`/requisitions${api.query({ status: filter.value })}`);
    clear(list);
    list.append(table([
      { i18n: 'col.id', value: (r) => h('a', { href: `#/requisitions/${r.id}` }, `#${r.id}`) },
      { i18n: 'col.from', value: (r) => r.from },
      { i18n: 'col.to', value: (r) => r.to },
      { i18n: 'col.dept', value: (r) => r.dept },
      { i18n: 'col.status', value: (r) => h('span', { 'data-status': r.status }, t(`req_status.${r.status}`)) },
      { i18n: 'col.origin', value: (r) => t(`req_origin.${r.origin}`) },
      { i18n: 'col.lines', value: linesText },
      { i18n: 'col.updated', value: (r) => fmtDateTime(r.updated_at) },
    ], rows, { emptyKey: 'requisitions.none' }));
  };
  filter.addEventListener('change', () => attempt(load));
  const listCard = card('requisitions.list', field('requisitions.filter', filter).wrap, list);
  listCard.classList.add('wide');
  main.append(pageTitle('requisitions.title'), h('div', { class: 'cards' },
    listCard, can('requisition_ward') ? card('requisitions.new', await createForm()) : null));
  await load();
  const reload = throttle(() => attempt(load), 1000);
  return subscribe({ requisition: reload });
}

// A ward asks a store for items: one row per item, more with "Add a line". The server checks
// that the ward is the manager's department's. The new requisition's page is the confirmation.
async function createForm() {
  const [locations, items] = await Promise.all([api.get('/locations'), api.get('/items')]);
  const places = locations.map((l) => [l.code, `${l.code} — ${l.name}`]);
  const from = select(places, { name: 'from' });
  const to = select(places, { name: 'to' });
  // Defaults: a location of no department as the store, one of the user's as the ward.
  const store = locations.find((l) => !l.dept);
  const ward = locations.find((l) => l.dept && actsFor(l.dept));
  if (store) from.value = store.code;
  if (ward) to.value = ward.code;
  const note = h('input', { class: 'form-control', name: 'note', type: 'text' });
  const lines = h('div', { id: 'requisition-lines' });
  const addLine = () => {
    const sku = select(items.map((i) => [i.sku, `${i.sku} — ${i.name}`]), { name: 'sku', labelKey: 'col.sku' });
    const qty = h('input', { class: 'form-control', type: 'number', min: '1', step: '1', value: '1', name: 'qty',
                             labelKey: 'col.qty' });
    const row = h('div', { class: 'd-flex gap-2 mb-2 requisition-line' }, sku, qty);
    row.append(button('requisitions.remove_line', () => row.remove(), 'btn btn-sm btn-outline-secondary'));
    lines.append(row);
  };
  addLine();
  const form = h('form', { id: 'requisition-new' },
    field('requisitions.from', from).wrap, field('requisitions.to', to).wrap,
    h('p', { class: 'form-label mb-1', i18n: 'requisitions.items' }), lines,
    button('requisitions.add_line', addLine, 'btn btn-sm btn-outline-primary mb-2'),
    field('requisitions.note', note).wrap,
    h('button', { type: 'submit', class: 'btn btn-primary', i18n: 'requisitions.create' }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    attempt(async () => {
      const body = {
        from: from.value,
        to: to.value,
        lines: [...lines.querySelectorAll('.requisition-line')].map((row) => ({
          sku: row.querySelector('select[name=sku]').value,
          qty: Number(row.querySelector('input[name=qty]').value),
        })),
        key: api.newKey('requisition'),
      };
      if (note.value.trim()) body.note = note.value.trim();
      const r = await api.post('/requisitions', body);
      location.hash = `#/requisitions/${r.id}`;
    });
  });
  return form;
}
