// One requisition: its lines (asked, picked, shipped, received, in transit, lots) and the steps
// its status allows to the user's role: approve (buyer, storekeeper), pick and ship
// (storekeeper), receive all or part and close (the ward's manager), cancel (either side).
// Each step is posted with a fresh idempotency key; the server checks every right again.
import * as api from '../api.js';
import { t, fmtDateTime, fmtNumber } from '../i18n.js';
import { h, card, clear, table, button, field, uid } from '../dom.js';
import { attempt, showError } from '../errors.js';
import { can, actsFor } from '../session.js';
import { subscribe, throttle } from '../events.js';

const OPEN = ['requested', 'approved', 'picked', 'shipped', 'partially_received'];
const IN_TRANSIT = ['shipped', 'partially_received'];

export async function render(main, id) {
  const status = h('p', { role: 'status', id: 'requisition-status' });
  const body = h('div', { id: 'requisition' });
  main.append(h('p', {}, h('a', { href: '#/requisitions', i18n: 'requisitions.back' })),
              h('h1', { class: 'h3 mb-3' }, t('requisitions.one', { id })), status, body);

  const step = (name, payload = {}) => attempt(async () => {
    await api.post(`/requisitions/${encodeURIComponent(id)}/${name}`,
                   { ...payload, key: api.newKey(`requisition-${name}`) });
    status.textContent = t(`requisitions.done_${name}`, { id });
    await load();
  });

  const load = async () => {
    const r = await api.get(`/requisitions/${encodeURIComponent(id)}`);
    clear(body);
    body.append(h('div', { class: 'cards' }, summary(r), actions(r, step), linesCard(r)));
  };
  await load();
  const reload = throttle(() => attempt(load), 1000);
  return subscribe({ requisition: (e) => (String(e.id) === String(id) ? reload() : null) });
}

function summary(r) {
  const rows = [['requisitions.status', h('span', { 'data-status': r.status }, t(`req_status.${r.status}`))],
                ['requisitions.from', r.from], ['requisitions.to', r.to], ['col.dept', r.dept],
                ['col.origin', t(`req_origin.${r.origin}`)],
                ['requisitions.created_by', `${r.created_by}, ${fmtDateTime(r.created_at)}`],
                ['requisitions.approved_by', r.approved_by ?? '—'],
                ['requisitions.transit', r.transit ?? '—'], ['requisitions.note', r.note ?? '—']];
  return card('requisitions.summary', h('dl', { class: 'row mb-0' },
    rows.flatMap(([key, value]) => [h('dt', { class: 'col-5', i18n: key }), h('dd', { class: 'col-7' }, value)])));
}

function linesCard(r) {
  const c = card('requisitions.lines', table([
    { i18n: 'col.sku', value: (l) => l.sku },
    { i18n: 'col.name', value: (l) => l.name },
    { i18n: 'col.asked', value: (l) => l.qty, num: true },
    { i18n: 'col.picked', value: (l) => l.picked, num: true },
    { i18n: 'col.shipped', value: (l) => l.shipped, num: true },
    { i18n: 'col.received', value: (l) => l.received, num: true },
    { i18n: 'col.in_transit', value: (l) => l.in_transit, num: true },
    { i18n: 'col.shortfall', value: (l) => l.shortfall, num: true },
    { i18n: 'col.lots', value: (l) => l.lots.filter((x) => x.lot).map((x) => `${x.lot} ${fmtNumber(x.picked)}`).join(', ') },
    { i18n: 'col.status', value: (l) => t(l.closed ? 'requisitions.line_closed' : 'requisitions.line_open') },
  ], r.lines));
  c.classList.add('wide');
  return c;
}

// The buttons and forms of the steps this user may take now.
function actions(r, step) {
  const ward = can('requisition_ward') && actsFor(r.dept);
  const parts = [];
  const stepButton = (name, cls = 'btn btn-primary me-2 mb-2') => {
    const b = button(`requisitions.${name}`, () => step(name), cls);
    b.dataset.step = name;
    return b;
  };
  if (r.status === 'requested' && can('requisition_approve')) parts.push(stepButton('approve'));
  if (r.status === 'approved' && can('requisition_fill')) parts.push(stepButton('pick'));
  if (r.status === 'picked' && can('requisition_fill')) parts.push(stepButton('ship'));
  if (IN_TRANSIT.includes(r.status) && ward) parts.push(receiveForm(r, step), closeForm(step));
  if (OPEN.includes(r.status) && (can('requisition_approve') || ward)) {
    parts.push(stepButton('cancel', 'btn btn-outline-danger me-2 mb-2'));
  }
  return card('requisitions.actions', parts.length ? parts : h('p', { class: 'empty', i18n: 'requisitions.no_actions' }));
}

// What arrived, line by line: each still in transit, less when part is missing.
function receiveForm(r, step) {
  const inputs = r.lines.filter((l) => l.in_transit > 0).map((l) => [l, h('input', {
    class: 'form-control form-control-sm', type: 'number', min: '0', max: String(l.in_transit), step: '1',
    value: String(l.in_transit), name: `receive-${l.sku}`,
  })]);
  // Each label names its line.
  const labelled = ([l, input]) => {
    input.id = uid('receive');
    return h('div', { class: 'mb-2' },
             h('label', { class: 'form-label', for: input.id }, t('requisitions.receive_qty', { sku: l.sku, name: l.name })),
             input);
  };
  const form = h('form', { id: 'requisition-receive', class: 'mb-3' },
    h('h3', { class: 'h6', i18n: 'requisitions.receive_title' }), inputs.map(labelled),
    h('button', { type: 'submit', class: 'btn btn-primary', i18n: 'requisitions.receive' }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    // No lines at all would receive everything in transit: a form of zeros receives nothing.
    const lines = inputs.map(([l, input]) => ({ sku: l.sku, qty: Number(input.value) })).filter((l) => l.qty > 0);
    if (lines.length === 0) showError(new Error(t('requisitions.nothing_received')));
    else step('receive', { lines });
  });
  return form;
}

function closeForm(step) {
  const reason = h('input', { class: 'form-control', name: 'reason', type: 'text', required: true });
  const form = h('form', { id: 'requisition-close', class: 'mb-3' },
    h('h3', { class: 'h6', i18n: 'requisitions.close_title' }), field('requisitions.close_reason', reason).wrap,
    h('button', { type: 'submit', class: 'btn btn-outline-secondary', i18n: 'requisitions.close' }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    step('close', { reason: reason.value.trim() });
  });
  return form;
}
