// Cycle counts: start one for a location, watch the tags seen rise as the handheld reads,
// finish with the report (missing, unexpected, unknown) and apply it.
import * as api from '../api.js';
import { t, fmtNumber, fmtDateTime } from '../i18n.js';
import { h, pageTitle, card, clear, table, button, field, select } from '../dom.js';
import { attempt } from '../errors.js';
import { can } from '../session.js';
import { subscribe, throttle } from '../events.js';

export async function render(main) {
  const locations = await api.get('/locations');
  const list = h('div', { id: 'counts' });
  const report = h('div', { id: 'count-report' });
  const loc = select(locations.map((l) => [l.code, `${l.code} — ${l.name}`]));
  const start = h('form', { class: 'd-flex gap-2 align-items-end flex-wrap mb-3' },
                  field('counts.location', loc).wrap,
                  h('button', { type: 'submit', class: 'btn btn-primary mb-2', i18n: 'counts.start' }));
  const load = async () => {
    const counts = await api.get('/counts');
    clear(list);
    list.append(table([
      { i18n: 'col.id', value: (c) => `#${c.id}` },
      { i18n: 'col.location', value: (c) => c.location },
      { i18n: 'col.started', value: (c) => fmtDateTime(c.started_at) },
      { i18n: 'col.by', value: (c) => c.actor },
      { i18n: 'col.seen', value: (c) => c.seen, num: true },
      { i18n: 'col.status', value: (c) => (c.finished_at ? t(c.applied ? 'counts.applied' : 'counts.finished') : t('counts.open')) },
      { i18n: 'col.action', value: (c) => (c.finished_at || !can('counts') ? '' : [
        button('counts.finish', () => finish(c, false), 'btn btn-sm btn-outline-primary me-1'),
        button('counts.apply', () => finish(c, true), 'btn btn-sm btn-primary')]) },
    ], counts, { emptyKey: 'counts.none' }));
  };
  const finish = (c, apply) => attempt(async () => {
    const r = await api.post(`/counts/${c.id}/finish`, { apply });
    showReport(report, r, apply);
    await load();
  });
  start.addEventListener('submit', (ev) => {
    ev.preventDefault();
    attempt(async () => {
      await api.post('/counts', { location: loc.value });
      await load();
    });
  });
  main.append(pageTitle('counts.title'), can('counts') ? start : null, list, report);
  await load();
  return subscribe({ read: throttle(() => attempt(load), 2000) });
}

// The report's parts are lists of tags, or only their numbers (what the server sends today).
function showReport(el, r, applied) {
  clear(el);
  const size = (v) => (Array.isArray(v) ? v.length : Number(v || 0));
  const part = (key, rows) => card(key, h('p', { class: 'fs-3 mb-1', 'data-part': key }, fmtNumber(size(rows))),
    Array.isArray(rows) && rows.length ? table([
      { i18n: 'col.epc', value: (l) => l.epc },
      { i18n: 'col.sku', value: (l) => l.sku ?? l.asset ?? '' },
      { i18n: 'col.location', value: (l) => l.location ?? '' },
    ], rows) : null);
  el.append(h('h2', { class: 'h5 mt-3' }, t(applied ? 'counts.report_applied' : 'counts.report',
                                          { seen: fmtNumber(size(r.expected_seen)) })),
            h('div', { class: 'cards' }, part('counts.missing', r.missing), part('counts.unexpected', r.unexpected),
              part('counts.unknown', r.unknown)));
}
