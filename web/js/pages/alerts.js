// Open alerts, worst first, with acknowledge for buyers; "all" shows cleared ones too.
import * as api from '../api.js';
import { t, fmtDateTime } from '../i18n.js';
import { h, table, pageTitle, clear, button } from '../dom.js';
import { attempt } from '../errors.js';
import { can } from '../session.js';
import { subscribe, throttle } from '../events.js';

// Worst first, as the server ranks them.
export const SEVERITIES = ['stockout', 'safety', 'reorder'];

export function severityCell(kind) {
  return h('span', { class: `sev-${kind}` }, t(`severity.${kind}`));
}

export async function render(main) {
  const list = h('div', { id: 'alerts' });
  main.append(pageTitle('alerts.title'), list);
  const load = async () => {
    const alerts = await api.get('/alerts');
    alerts.sort((a, b) => SEVERITIES.indexOf(a.kind) - SEVERITIES.indexOf(b.kind));
    clear(list);
    list.append(table([
      { i18n: 'col.id', value: (a) => `#${a.id}` },
      { i18n: 'col.severity', value: (a) => severityCell(a.kind) },
      { i18n: 'col.sku', value: (a) => h('a', { href: `#/items/${encodeURIComponent(a.sku)}` }, a.sku) },
      { i18n: 'col.name', value: (a) => a.name },
      { i18n: 'col.location', value: (a) => a.location ?? t('common.all_sites') },
      { i18n: 'col.on_hand', value: (a) => a.on_hand, num: true },
      { i18n: 'col.on_order', value: (a) => a.on_order, num: true },
      { i18n: 'col.suggested', value: (a) => a.suggested_qty, num: true },
      { i18n: 'col.raised', value: (a) => fmtDateTime(a.raised_at) },
      { i18n: 'col.acked', value: (a) => ackCell(a, load) },
    ], alerts, { emptyKey: 'alerts.none' }));
  };
  await load();
  return subscribe({ alert: throttle(() => attempt(load), 500) });
}

function ackCell(a, reload) {
  if (a.acked_by) return t('alerts.acked_by', { user: a.acked_by, at: fmtDateTime(a.acked_at) });
  if (!can('alerts')) return '';
  const b = button('alerts.ack', () => attempt(async () => {
    await api.post(`/alerts/${a.id}/ack`, {});
    await reload();
  }), 'btn btn-sm btn-outline-primary');
  b.dataset.alert = a.id;
  return b;
}
