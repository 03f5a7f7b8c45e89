// Item search and the stock card: stock by location (and by lot with its expiry, for an item
// tracked by lot or expiry), levels, movements (a storekeeper may reverse one), on hand over
// time, weekly demand with its forecast.
import * as api from '../api.js';
import { t, fmtDate, fmtDateTime, fmtMoney, fmtNumber } from '../i18n.js';
import { h, table, pageTitle, card, clear, field } from '../dom.js';
import { attempt } from '../errors.js';
import { can } from '../session.js';
import { onHandChart } from '../chart.js';

export async function render(main, [sku]) {
  if (sku) return stockCard(main, sku);
  const q = h('input', { class: 'form-control', type: 'search', name: 'q', placeholderKey: 'items.search_hint' });
  const results = h('div', { id: 'items' });
  const form = h('form', { role: 'search', class: 'mb-3' }, field('items.search', q).wrap);
  const load = async () => {
    const items = await api.get(`/items${api.query({ q: q.value.trim() })}`);
    clear(results);
    results.append(table([
      { i18n: 'col.sku', value: (i) => h('a', { href: `#/items/${encodeURIComponent(i.sku)}` }, i.sku) },
      { i18n: 'col.name', value: (i) => i.name },
      { i18n: 'col.gtin', value: (i) => i.gtin ?? '' },
      { i18n: 'col.on_hand', value: (i) => i.on_hand, num: true },
      { i18n: 'col.on_order', value: (i) => i.on_order, num: true },
      { i18n: 'col.unit', value: (i) => i.unit },
      { i18n: 'col.supplier', value: (i) => i.supplier },
    ], items, { emptyKey: 'items.none' }));
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    attempt(load);
  });
  main.append(pageTitle('items.title'), form, results);
  await load();
}

async function stockCard(main, sku) {
  const d = await api.get(`/items/${encodeURIComponent(sku)}`);
  const it = d.item;
  const levels = h('dl', { class: 'row mb-0' },
    [['items.safety', it.safety_stock], ['items.reorder_point', it.reorder_point],
     ['items.reorder_qty', it.reorder_qty], ['items.max', it.max_level ?? '—'],
     ['items.lead_days', it.lead_days], ['items.unit_cost', fmtMoney(it.unit_cost)],
     ['items.on_hand', it.on_hand], ['items.on_order', it.on_order]]
      .flatMap(([k, v]) => [h('dt', { class: 'col-6', i18n: k }), h('dd', { class: 'col-6', 'data-field': k }, typeof v === 'number' ? fmtNumber(v) : String(v ?? ''))]));
  main.append(
    h('p', {}, h('a', { href: '#/items', i18n: 'items.back' })),
    h('p', { role: 'status', id: 'item-status' }),
    h('h1', { class: 'h3 mb-3' }, `${it.sku} — ${it.name}`),
    h('div', { class: 'cards' },
      card('items.levels', levels, can('levels') ? levelsForm(main, it) : null),
      card('items.stock', table([
        { i18n: 'col.location', value: (s) => s.location },
        { i18n: 'col.qty', value: (s) => s.qty, num: true },
        { i18n: 'col.unit', value: (s) => s.unit },
      ], d.stock, { emptyKey: 'items.no_stock' })),
      it.lot_tracked || it.expiry_tracked ? lotsCard(d.lots) : null,
      card('items.chart', onHandChart(d.history || [], 'items.chart')),
      // Drawn by the server (service/demand_chart.h) in the user's language.
      card('items.demand_chart', h('img', {
        class: 'demand-chart', alt: t('items.demand_chart_alt'),
        src: `/api/v1/items/${encodeURIComponent(it.sku)}/demand-chart`,
      }))),
    h('div', { class: 'mt-3' }, card('items.movements', table([
      { i18n: 'col.at', value: (m) => fmtDateTime(m.at) },
      { i18n: 'col.kind', value: (m) => t(`movement.${m.kind}`) },
      { i18n: 'col.qty', value: (m) => m.qty, num: true },
      { i18n: 'col.from', value: (m) => m.from ?? '' },
      { i18n: 'col.to', value: (m) => m.to ?? '' },
      { i18n: 'col.by', value: (m) => m.actor },
      { i18n: 'col.reason', value: (m) => m.reason ?? '' },
      ...(can('movements') ? [{ i18n: 'col.action', value: (m) => reverseForm(main, it.sku, m) }] : []),
    ], d.movements, { emptyKey: 'items.no_movements' }))));
}

function lotsCard(lots) {
  const c = card('items.lots', table([
    { i18n: 'col.location', value: (l) => l.location },
    { i18n: 'col.lot', value: (l) => l.lot ?? '' },
    { i18n: 'col.expiry', value: (l) => fmtDate(l.expiry) },
    { i18n: 'col.qty', value: (l) => l.qty, num: true },
    { i18n: 'col.state', value: (l) => [l.expired ? t('expiry.expired') : null, l.held ? t('expiry.held') : null].filter(Boolean).join(', ') },
  ], lots, { emptyKey: 'items.no_stock' }));
  c.id = 'item-lots';
  return c;
}

// Storekeepers reverse a movement with a reason: the server posts the compensating movement.
function reverseForm(main, sku, m) {
  const reason = h('input', { class: 'form-control form-control-sm', type: 'text', required: true,
                              labelKey: 'items.reverse_reason', placeholderKey: 'items.reverse_reason' });
  const form = h('form', { class: 'd-flex gap-1', 'data-movement': String(m.id) }, reason,
                 h('button', { type: 'submit', class: 'btn btn-sm btn-outline-secondary', i18n: 'items.reverse' }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    attempt(async () => {
      const r = await api.post(`/movements/${m.id}/reverse`, { reason: reason.value.trim() });
      clear(main);
      await stockCard(main, sku);
      document.getElementById('item-status').textContent = t('items.reversed', { id: m.id, by: r.id });
    });
  });
  return form;
}

// Buyers edit the item's levels; only the fields changed are sent (PATCH /items/{sku}).
const LEVELS = [['safety_stock', 'items.safety'], ['reorder_point', 'items.reorder_point'],
                ['reorder_qty', 'items.reorder_qty'], ['max_level', 'items.max'], ['lead_days', 'items.lead_days']];

function levelsForm(main, it) {
  const inputs = LEVELS.map(([name, key]) => [name, key, h('input', { class: 'form-control form-control-sm', type: 'number',
                                                                     min: '0', step: '1', name, value: it[name] ?? '' })]);
  const form = h('form', { class: 'mt-3', id: 'levels-form' },
                 h('h3', { class: 'h6', i18n: 'items.edit_levels' }),
                 h('div', { class: 'row g-2' }, inputs.map(([, key, input]) => h('div', { class: 'col-6' }, field(key, input).wrap))),
                 h('button', { type: 'submit', class: 'btn btn-sm btn-primary', i18n: 'items.save_levels' }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    attempt(async () => {
      const changes = {};
      for (const [name, , input] of inputs) {
        if (input.value !== '' && Number(input.value) !== it[name]) changes[name] = Number(input.value);
      }
      await api.patch(`/items/${encodeURIComponent(it.sku)}`, changes);
      clear(main);
      await stockCard(main, it.sku);
      document.getElementById('item-status').textContent = t('items.levels_saved');
    });
  });
  return form;
}
