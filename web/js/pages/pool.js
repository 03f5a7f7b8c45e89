// The idle-asset pool: browse what other departments offer, request an asset or part of an
// offer (a loan when a due date is given), my requests, approvals, hand-over and receive, loans;
// the department's assets, which its manager publishes to the pool or withdraws.
// A request's owner is to_dept, its requester from_dept (sync/protocol/requests.h).
import * as api from '../api.js';
import { t, fmtNumber, fmtDate, fmtMoney } from '../i18n.js';
import { h, pageTitle, card, clear, table, button } from '../dom.js';
import { attempt } from '../errors.js';
import { session, can } from '../session.js';

const wide = (c) => {
  c.classList.add('wide');
  return c;
};
const mine = (dept) => !session().dept || session().dept === dept;

export async function render(main) {
  const status = h('p', { role: 'status', id: 'pool-status' });
  const browse = h('div', { id: 'pool-browse' });
  const approvals = h('div', { id: 'pool-approvals' });
  const handovers = h('div', { id: 'pool-handovers' });
  const myRequests = h('div', { id: 'pool-mine' });
  const loans = h('div', { id: 'pool-loans' });
  const assets = h('div', { id: 'pool-assets' });
  main.append(pageTitle('pool.title'), status,
              h('div', { class: 'cards' },
                wide(card('pool.browse', browse)), card('pool.approvals', approvals),
                card('pool.handovers', handovers), card('pool.my_requests', myRequests),
                card('pool.loans', loans), wide(card('pool.assets', assets))));

  const step = (r, action) => attempt(async () => {
    await api.post(`/pool/requests/${encodeURIComponent(r.id)}/${action}`, {});
    status.textContent = t(`pool.done_${action}`, { id: r.id });
    await load();
  });
  const stepButton = (r, action, cls = 'btn btn-sm btn-primary') => {
    const b = button(`pool.${action}`, () => step(r, action), `${cls} me-1`);
    b.dataset.request = r.id;
    return b;
  };
  const requestColumns = (actions) => [
    { i18n: 'col.request', value: (r) => String(r.id) },
    { i18n: 'col.what', value: (r) => r.asset ?? t('pool.offer_n', { id: r.offer }) },
    { i18n: 'col.qty', value: (r) => r.qty, num: true },
    { i18n: 'col.owner', value: (r) => r.to_dept },
    { i18n: 'col.requester', value: (r) => r.from_dept },
    { i18n: 'col.kind', value: (r) => t(`pool_kind.${r.kind}`) },
    { i18n: 'col.until', value: (r) => fmtDate(r.until) },
    { i18n: 'col.status', value: (r) => t(`pool_status.${r.status}`) },
    ...(actions ? [{ i18n: 'col.action', value: actions }] : []),
  ];

  // publish: in use or idle; withdraw: pooled (the hub refuses a reserved one).
  const assetAction = (a) => {
    const action = ['in_use', 'idle'].includes(a.status) ? 'publish' : a.status === 'pooled' ? 'withdraw' : null;
    if (!action || !can('pool') || !mine(a.dept)) return '';
    const b = button(`pool.${action}`, () => attempt(async () => {
      await api.post(`/pool/assets/${encodeURIComponent(a.id)}/${action}`, {});
      status.textContent = t(`pool.done_${action}`, { id: a.id });
      await load();
    }), 'btn btn-sm btn-outline-primary');
    b.dataset.asset = a.id;
    return b;
  };

  const load = async () => {
    const [offers, requests, owned] = await Promise.all([api.get('/pool'), api.get('/pool/requests'), api.get('/assets')]);
    clear(assets);
    assets.append(table([
      { i18n: 'col.id', value: (a) => a.id },
      { i18n: 'col.sku', value: (a) => a.sku ?? '' },
      { i18n: 'col.owner', value: (a) => a.dept ?? '' },
      { i18n: 'col.location', value: (a) => a.location ?? '' },
      { i18n: 'col.status', value: (a) => t(`asset_status.${a.status}`) },
      { i18n: 'col.action', value: assetAction },
    ], owned.filter((a) => mine(a.dept)), { emptyKey: 'pool.no_assets' }));
    clear(browse);
    browse.append(table([
      { i18n: 'col.kind', value: (p) => t(`pool_kind.${p.kind}`) },
      { i18n: 'col.what', value: (p) => p.id },
      { i18n: 'col.sku', value: (p) => p.sku ?? '' },
      { i18n: 'col.owner', value: (p) => p.owner },
      { i18n: 'col.available', value: (p) => p.available, num: true },
      { i18n: 'col.value', value: (p) => fmtMoney(p.value), num: true },
      { i18n: 'col.action', value: (p) => requestForm(p, status, load) },
    ], offers, { emptyKey: 'pool.empty' }));
    const fill = (el, rows, actions, emptyKey) => {
      clear(el);
      el.append(table(requestColumns(actions), rows, { emptyKey }));
    };
    fill(approvals, requests.filter((r) => r.status === 'reserved' && mine(r.to_dept)),
         can('pool') ? (r) => [stepButton(r, 'approve'), stepButton(r, 'decline', 'btn btn-sm btn-outline-danger')] : null,
         'pool.no_approvals');
    fill(handovers, requests.filter((r) => (r.status === 'approved' && mine(r.to_dept)) ||
                                           (r.status === 'in_transit' && mine(r.from_dept))),
         can('handover') ? (r) => stepButton(r, r.status === 'approved' ? 'handover' : 'receive') : null,
         'pool.no_handovers');
    fill(myRequests, requests.filter((r) => mine(r.from_dept)), null, 'pool.no_requests');
    fill(loans, requests.filter((r) => r.kind === 'loan' && ['in_transit', 'completed'].includes(r.status)),
         null, 'pool.no_loans');
  };
  await load();
}

function requestForm(p, status, reload) {
  if (!can('pool') || mine(p.owner)) return '';
  const qty = h('input', { class: 'form-control form-control-sm', type: 'number', min: '1',
                           max: String(p.available), value: '1', labelKey: 'pool.qty_label' });
  const until = h('input', { class: 'form-control form-control-sm', type: 'date', labelKey: 'pool.until_label' });
  const reason = h('input', { class: 'form-control form-control-sm', type: 'text', labelKey: 'pool.reason_label',
                              placeholderKey: 'pool.reason_label' });
  const key = p.kind === 'asset' ? 'asset' : 'offer';
  const submit = button('pool.request', () => attempt(async () => {
    const body = { [key]: p.id, qty: p.kind === 'asset' ? 1 : Number(qty.value) };
    if (until.value) body.until = until.value;
    if (reason.value.trim()) body.reason = reason.value.trim();
    const r = await api.post('/pool/requests', body);
    status.textContent = t('pool.requested', { id: r.id ?? '', qty: fmtNumber(body.qty) });
    await reload();
  }), 'btn btn-sm btn-primary');
  return h('div', { class: 'd-flex gap-1 flex-wrap' }, p.kind === 'asset' ? null : qty, until, reason, submit);
}
