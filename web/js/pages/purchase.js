// The purchase list grouped by supplier: download it as CSV, or place an order for a line.
import * as api from '../api.js';
import { t, fmtMoney } from '../i18n.js';
import { h, table, pageTitle, clear, button } from '../dom.js';
import { attempt } from '../errors.js';
import { can } from '../session.js';

async function downloadCsv() {
  const csv = await api.get('/reorder', { accept: 'text/csv' });
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const a = h('a', { href: url, download: 'purchase-list.csv', hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export async function render(main) {
  const list = h('div', { id: 'purchase' });
  const status = h('p', { role: 'status', class: 'mt-2', id: 'purchase-status' });
  main.append(pageTitle('purchase.title'),
              h('p', {}, button('purchase.download', () => attempt(downloadCsv), 'btn btn-outline-primary')),
              status, list);
  const load = async () => {
    const groups = bySupplier(await api.get('/reorder'));
    clear(list);
    if (groups.length === 0) list.append(h('p', { class: 'empty', i18n: 'purchase.none' }));
    for (const g of groups) {
      list.append(h('section', { class: 'card mb-3', 'data-supplier': g.supplier },
        h('div', { class: 'card-body' },
          h('h2', { class: 'h5 card-title' }, g.supplier || t('purchase.no_supplier')),
          h('p', {}, t('purchase.total', { total: fmtMoney(g.total) })),
          table([
            { i18n: 'col.sku', value: (l) => l.sku },
            { i18n: 'col.name', value: (l) => l.name },
            { i18n: 'col.on_hand', value: (l) => l.on_hand, num: true },
            { i18n: 'col.on_order', value: (l) => l.on_order, num: true },
            { i18n: 'col.reorder_point', value: (l) => l.reorder_point, num: true },
            { i18n: 'col.suggested', value: (l) => l.qty, num: true },
            { i18n: 'col.unit_cost', value: (l) => fmtMoney(l.unit_cost), num: true },
            { i18n: 'col.value', value: (l) => fmtMoney(l.value), num: true },
            { i18n: 'col.action', value: (l) => orderButton(l, status, load) },
          ], g.lines))));
    }
  };
  await load();
}

// The server lists one line per item, each naming its supplier; the page groups them.
function bySupplier(lines) {
  const groups = new Map();
  for (const l of lines) {
    if (!groups.has(l.supplier)) groups.set(l.supplier, { supplier: l.supplier, lines: [], total: 0 });
    const g = groups.get(l.supplier);
    g.lines.push(l);
    g.total += Number(l.value) || 0;
  }
  return [...groups.values()].sort((a, b) => a.supplier.localeCompare(b.supplier));
}

function orderButton(line, status, reload) {
  if (!can('orders')) return '';
  const key = api.newKey('order');
  const b = button('purchase.order', () => attempt(async () => {
    const o = await api.post('/orders', { sku: line.sku, qty: line.qty, key });
    status.textContent = t('purchase.ordered', { id: o.id ?? '', qty: line.qty, sku: line.sku });
    await reload();
  }), 'btn btn-sm btn-primary');
  b.dataset.sku = line.sku;
  return b;
}
