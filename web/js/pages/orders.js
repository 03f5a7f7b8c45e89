// Purchase orders: what is on order and what has been received against it.
import * as api from '../api.js';
import { t, fmtDateTime } from '../i18n.js';
import { h, table, pageTitle } from '../dom.js';

export async function render(main) {
  const orders = await api.get('/orders');
  main.append(pageTitle('orders.title'), h('div', { id: 'orders' }, table([
    { i18n: 'col.order', value: (o) => `#${o.id}` },
    { i18n: 'col.sku', value: (o) => o.sku },
    { i18n: 'col.supplier', value: (o) => o.supplier },
    { i18n: 'col.qty', value: (o) => o.qty, num: true },
    { i18n: 'col.received', value: (o) => o.received, num: true },
    { i18n: 'col.status', value: (o) => t(`order_status.${o.status}`) },
    { i18n: 'col.by', value: (o) => o.actor },
    { i18n: 'col.placed', value: (o) => fmtDateTime(o.placed_at) },
  ], orders, { emptyKey: 'orders.none' })));
}
