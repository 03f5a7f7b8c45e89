// Administration of readers: add and remove a reader, and per reader its read points (an
// antenna at a location with a role), added and removed.
import * as api from '../api.js';
import { t, fmtDateTime } from '../i18n.js';
import { h, clear, table, field, select, button } from '../dom.js';
import { attempt } from '../errors.js';

const ROLES = ['dock-in', 'dock-out', 'portal-outer', 'portal-inner', 'shelf', 'handheld'];
const roleLabel = (role) => t(`read_point_role.${role.replaceAll('-', '_')}`);

// The readers card's content; `status` says what was done.
export function readersSection(status) {
  const list = h('div', { id: 'admin-readers' });
  const name = h('input', { class: 'form-control', name: 'reader_name', required: true, autocomplete: 'off' });
  const uri = h('input', { class: 'form-control', name: 'reader_uri', required: true, autocomplete: 'off',
                           placeholderKey: 'admin.reader_uri_hint' });
  const add = h('form', { class: 'row g-2 align-items-end', id: 'reader-add' },
                h('div', { class: 'col-md-4' }, field('admin.reader_name', name).wrap),
                h('div', { class: 'col-md-6' }, field('admin.reader_uri', uri).wrap),
                h('div', { class: 'col-md-2' }, h('button', { type: 'submit', class: 'btn btn-primary mb-2', i18n: 'admin.add_reader' })));
  const act = (action, message, vars) => attempt(async () => {
    await action();
    status.textContent = t(message, vars);
    await load();
    return true;
  });
  const load = async () => {
    const [readers, locations] = await Promise.all([api.get('/readers'), api.get('/locations')]);
    const points = await Promise.all(readers.map((r) => api.get(`/readers/${encodeURIComponent(r.name)}/read-points`)));
    clear(list);
    if (readers.length === 0) list.append(h('p', { class: 'empty', i18n: 'dashboard.no_readers' }));
    readers.forEach((r, i) => list.append(readerBlock(r, points[i], locations, act)));
  };
  add.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const reader = name.value.trim();
    act(() => api.post('/readers', { name: reader, uri: uri.value.trim() }), 'admin.reader_added', { name: reader })
      .then((done) => done && add.reset());
  });
  return { el: h('div', {}, list, add), load };
}

function readerBlock(r, points, locations, act) {
  const path = `/readers/${encodeURIComponent(r.name)}`;
  const remove = button('admin.remove_reader',
                        () => act(() => api.del(path), 'admin.reader_removed', { name: r.name }),
                        'btn btn-sm btn-outline-danger');
  remove.dataset.reader = r.name;
  const antenna = h('input', { class: 'form-control form-control-sm w-auto', type: 'number', min: '1', max: '65535',
                               value: '1', required: true, labelKey: 'admin.antenna' });
  const location = select(locations.map((l) => [l.code, l.code]), { class: 'form-select form-select-sm w-auto', labelKey: 'col.location' });
  const role = select(ROLES.map((x) => [x, roleLabel(x)]), { class: 'form-select form-select-sm w-auto', labelKey: 'col.role' });
  const addPoint = h('form', { class: 'd-flex gap-1 flex-wrap mt-1', 'data-reader': r.name }, antenna, location, role,
                     h('button', { type: 'submit', class: 'btn btn-sm btn-primary', i18n: 'admin.add_read_point' }));
  addPoint.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act(() => api.post(`${path}/read-points`, { antenna: Number(antenna.value), location: location.value, role: role.value }),
        'admin.read_point_added', { reader: r.name, antenna: antenna.value });
  });
  const removePoint = (p) => {
    const b = button('admin.remove_read_point',
                     () => act(() => api.del(`${path}/read-points/${p.antenna}`), 'admin.read_point_removed',
                               { reader: r.name, antenna: p.antenna }),
                     'btn btn-sm btn-outline-danger');
    b.dataset.antenna = String(p.antenna);
    return b;
  };
  const state = r.state ? t(`reader_state.${r.state}`) : t('reader_state.unknown');
  return h('section', { class: 'reader mb-3', 'data-reader': r.name },
           h('h3', { class: 'h6' }, r.state_at ? `${r.name} — ${state} (${fmtDateTime(r.state_at)})` : `${r.name} — ${state}`),
           h('p', { class: 'small mb-1' }, r.uri),
           table([
             { i18n: 'admin.antenna', value: (p) => p.antenna, num: true },
             { i18n: 'col.location', value: (p) => p.location },
             { i18n: 'col.role', value: (p) => roleLabel(p.role) },
             { i18n: 'col.action', value: removePoint },
           ], points, { emptyKey: 'admin.no_read_points' }),
           addPoint, h('div', { class: 'mt-1' }, remove));
}
