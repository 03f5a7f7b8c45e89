// The live dock door: reads and movements as they happen, one panel per read point
// (reader and antenna), newest first, plus reader states.
import { t, fmtNumber, fmtDateTime } from '../i18n.js';
import { h, pageTitle, card, clear, table } from '../dom.js';
import { subscribe } from '../events.js';

const KEEP = 20; // lines kept per read point

export async function render(main) {
  const state = h('p', { id: 'dock-state', role: 'status', i18n: 'dock.connecting' });
  const points = h('div', { class: 'dock-points', id: 'dock-points' },
                   h('p', { class: 'empty', i18n: 'dock.waiting' }));
  const readers = new Map();
  const byPoint = new Map();
  const readerBox = h('div', { id: 'dock-readers' });

  const draw = (key) => {
    const p = byPoint.get(key);
    clear(p.body);
    p.body.append(h('p', {}, t('dock.count', { count: fmtNumber(p.count) })),
                  table([
                    { i18n: 'col.at', value: (r) => fmtDateTime(r.at) },
                    { i18n: 'col.event', value: (r) => (r.event ? t(`event.${r.event}`) : t('event.read')) },
                    { i18n: 'col.what', value: (r) => r.sku ?? r.asset ?? r.epc ?? '' },
                  ], p.lines));
  };
  const add = (data, fallbackEvent) => {
    const key = `${data.reader ?? '?'}:${data.antenna ?? '?'}`;
    if (!byPoint.has(key)) {
      if (byPoint.size === 0) clear(points);
      const body = h('div', {});
      const title = h('h2', { class: 'h6' }, `${key}${data.location ? ` · ${data.location}` : ''}`);
      points.append(h('section', { class: 'card', 'data-point': key }, h('div', { class: 'card-body' }, title, body)));
      byPoint.set(key, { body, count: 0, lines: [] });
    }
    const p = byPoint.get(key);
    p.count += 1;
    p.lines.unshift({ ...data, event: data.event ?? fallbackEvent, at: data.at ?? data.time ?? new Date().toISOString() });
    p.lines.length = Math.min(p.lines.length, KEEP);
    draw(key);
  };
  const drawReaders = () => {
    clear(readerBox);
    readerBox.append(table([
      { i18n: 'col.reader', value: (r) => r.name },
      { i18n: 'col.state', value: (r) => t(`reader_state.${r.state}`) },
    ], [...readers.values()], { emptyKey: 'dashboard.no_readers' }));
  };
  drawReaders();
  main.append(pageTitle('dock.title'), state, card('dock.readers', readerBox),
              h('h2', { class: 'h5 mt-3', i18n: 'dock.points' }), points);
  return subscribe({
    read: (d) => add(d, 'read'),
    movement: (d) => { if (d.reader) add(d, d.kind); },
    reader: (d) => {
      readers.set(d.name ?? d.reader, { name: d.name ?? d.reader, state: d.state });
      drawReaders();
    },
    state: (s) => {
      state.dataset.i18n = `dock.${s}`;
      state.textContent = t(`dock.${s}`);
    },
  });
}
