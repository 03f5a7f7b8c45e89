// "What needs attention": open alerts by severity, low stock by location, lots expiring within
// their item's horizon and expired ones, approvals waiting for me, overdue loans, late orders
// and reader health; refreshed as events arrive.
import * as api from '../api.js';
import { t, fmtNumber, fmtDateTime, fmtDate } from '../i18n.js';
import { h, card, table, pageTitle, clear } from '../dom.js';
import { attempt } from '../errors.js';
import { subscribe, throttle } from '../events.js';
import { severityCell, SEVERITIES } from './alerts.js';

function alertsCard(alerts) {
  const counts = h('p', { class: 'severity-counts' },
                   SEVERITIES.map((s) => h('span', { class: `sev-${s}`, 'data-severity': s },
                                           `${t(`severity.${s}`)}: ${fmtNumber(alerts.filter((a) => a.kind === s).length)}`)));
  const sorted = [...alerts].sort((a, b) => SEVERITIES.indexOf(a.kind) - SEVERITIES.indexOf(b.kind));
  const c = card('dashboard.alerts', counts, table([
    { i18n: 'col.severity', value: (a) => severityCell(a.kind) },
    { i18n: 'col.sku', value: (a) => h('a', { href: `#/items/${encodeURIComponent(a.sku)}` }, a.sku) },
    { i18n: 'col.name', value: (a) => a.name },
    { i18n: 'col.location', value: (a) => a.location ?? t('common.all_sites') },
    { i18n: 'col.on_hand', value: (a) => a.on_hand, num: true },
    { i18n: 'col.raised', value: (a) => fmtDateTime(a.raised_at) },
  ], sorted, { emptyKey: 'dashboard.no_alerts' }));
  c.classList.add('wide');
  return c;
}

function lowCard(low) {
  low = [...low].sort((a, b) => String(a.location ?? '').localeCompare(String(b.location ?? '')) || a.sku.localeCompare(b.sku));
  return card('dashboard.low', table([
    { i18n: 'col.location', value: (r) => r.location ?? t('common.all_sites') },
    { i18n: 'col.sku', value: (r) => h('a', { href: `#/items/${encodeURIComponent(r.sku)}` }, r.sku) },
    { i18n: 'col.name', value: (r) => r.name },
    { i18n: 'col.on_hand', value: (r) => r.qty, num: true },
    { i18n: 'col.unit', value: (r) => r.unit },
  ], low, { emptyKey: 'dashboard.no_low' }));
}

// How a lot stands: expired (it may no longer be issued) or days left, and held.
function expiryState(l) {
  const state = l.expired ? t('expiry.expired') : t('expiry.days_left', { days: fmtNumber(l.days_left) });
  return l.held ? `${state}, ${t('expiry.held')}` : state;
}

// By expiry, earliest (the expired ones) first, as the server sends them.
function expiringCard(rows) {
  const c = card('dashboard.expiring', table([
    { i18n: 'col.expiry', value: (l) => h('span', { class: l.expired ? 'expired' : null, 'data-lot': l.lot }, fmtDate(l.expiry)) },
    { i18n: 'col.state', value: expiryState },
    { i18n: 'col.sku', value: (l) => h('a', { href: `#/items/${encodeURIComponent(l.sku)}` }, l.sku) },
    { i18n: 'col.name', value: (l) => l.name },
    { i18n: 'col.lot', value: (l) => l.lot },
    { i18n: 'col.location', value: (l) => (l.quarantine ? t('expiry.quarantine', { location: l.location }) : l.location) },
    { i18n: 'col.qty', value: (l) => l.qty, num: true },
  ], rows, { emptyKey: 'dashboard.no_expiring' }));
  c.id = 'dashboard-expiring';
  return c;
}

function approvalsCard(rows) {
  return card('dashboard.approvals', table([
    { i18n: 'col.request', value: (r) => String(r.id) },
    { i18n: 'col.what', value: (r) => r.asset ?? r.offer ?? '' },
    { i18n: 'col.qty', value: (r) => r.qty, num: true },
    { i18n: 'col.requester', value: (r) => r.from_dept },
    { i18n: 'col.until', value: (r) => fmtDate(r.until) },
  ], rows, { emptyKey: 'dashboard.no_approvals' }));
}

// Overdue loans arrive as the pool's alerts: {subject, message, raised_at}.
function overdueCard(rows) {
  return card('dashboard.overdue', table([
    { i18n: 'col.what', value: (a) => a.subject },
    { i18n: 'col.message', value: (a) => a.message },
    { i18n: 'col.raised', value: (a) => fmtDateTime(a.raised_at) },
  ], rows, { emptyKey: 'dashboard.no_overdue' }));
}

function ordersCard(rows) {
  return card('dashboard.late_orders', table([
    { i18n: 'col.order', value: (o) => `#${o.id}` },
    { i18n: 'col.sku', value: (o) => o.sku },
    { i18n: 'col.supplier', value: (o) => o.supplier },
    { i18n: 'col.qty', value: (o) => o.qty, num: true },
    { i18n: 'col.received', value: (o) => o.received, num: true },
    { i18n: 'col.placed', value: (o) => fmtDateTime(o.placed_at) },
  ], rows, { emptyKey: 'dashboard.no_late_orders' }));
}

function readersCard(rows) {
  return card('dashboard.readers', table([
    { i18n: 'col.reader', value: (r) => r.name },
    { i18n: 'col.state', value: (r) => (r.state ? t(`reader_state.${r.state}`) : t('reader_state.unknown')) },
  ], rows, { emptyKey: 'dashboard.no_readers' }));
}

export async function render(main) {
  const body = h('div', { class: 'cards', id: 'dashboard' });
  main.append(pageTitle('dashboard.title'), body);
  const load = async () => {
    const d = await api.get('/dashboard');
    clear(body);
    body.append(alertsCard(d.alerts || []), lowCard(d.low || []),
                expiringCard(d.expiring || []), approvalsCard(d.approvals || []),
                overdueCard(d.overdue_loans || []),
                ordersCard(d.late_orders || []), readersCard(d.readers || []));
  };
  await load();
  const reload = throttle(() => attempt(load), 1000);
  return subscribe({ alert: reload, movement: reload, pool: reload, reader: reload });
}
