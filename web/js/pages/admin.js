// Administration: users (list, add), readers with their read points and states, locations.
import * as api from '../api.js';
import { t, fmtDateTime } from '../i18n.js';
import { h, pageTitle, card, clear, table, field, select } from '../dom.js';
import { attempt } from '../errors.js';

const ROLES = ['admin', 'storekeeper', 'buyer', 'manager', 'viewer'];

export async function render(main) {
  const users = h('div', { id: 'admin-users' });
  const status = h('p', { role: 'status' });
  const [readers, locations] = await Promise.all([api.get('/readers'), api.get('/locations')]);
  const name = h('input', { class: 'form-control', name: 'name', required: true, autocomplete: 'off' });
  const role = select(ROLES.map((r) => [r, t(`role.${r}`)]), { name: 'role' });
  const dept = h('input', { class: 'form-control', name: 'dept', autocomplete: 'off' });
  const password = h('input', { class: 'form-control', name: 'password', type: 'password', required: true,
                                autocomplete: 'new-password', minlength: '8' });
  const add = h('form', { class: 'row g-2 align-items-end' },
                h('div', { class: 'col-md-3' }, field('admin.user_name', name).wrap),
                h('div', { class: 'col-md-2' }, field('admin.role', role).wrap),
                h('div', { class: 'col-md-2' }, field('admin.dept', dept).wrap),
                h('div', { class: 'col-md-3' }, field('admin.password', password).wrap),
                h('div', { class: 'col-md-2' }, h('button', { type: 'submit', class: 'btn btn-primary mb-2', i18n: 'admin.add_user' })));
  const load = async () => {
    const list = await api.get('/users');
    clear(users);
    users.append(table([
      { i18n: 'col.user', value: (u) => u.name ?? u.user },
      { i18n: 'col.role', value: (u) => t(`role.${u.role}`) },
      { i18n: 'col.dept', value: (u) => u.dept ?? '' },
      { i18n: 'col.status', value: (u) => t(u.disabled ? 'admin.disabled' : 'admin.active') },
    ], list));
  };
  add.addEventListener('submit', (ev) => {
    ev.preventDefault();
    attempt(async () => {
      const body = { name: name.value.trim(), role: role.value, password: password.value };
      if (dept.value.trim()) body.dept = dept.value.trim();
      await api.post('/users', body);
      status.textContent = t('admin.user_added', { name: body.name });
      add.reset();
      await load();
    });
  });
  const usersCard = card('admin.users', status, users, add);
  usersCard.classList.add('wide');
  main.append(pageTitle('admin.title'), h('div', { class: 'cards' },
    usersCard,
    card('admin.readers', table([
      { i18n: 'col.reader', value: (r) => r.name },
      { i18n: 'col.uri', value: (r) => r.uri },
      { i18n: 'col.state', value: (r) => (r.state ? t(`reader_state.${r.state}`) : t('reader_state.unknown')) },
      { i18n: 'col.read_points', value: (r) => (r.read_points || []).map((p) => `${p.antenna}: ${p.location} (${p.role})`).join(', ') },
      { i18n: 'col.since', value: (r) => fmtDateTime(r.state_at) },
    ], readers, { emptyKey: 'dashboard.no_readers' })),
    card('admin.locations', table([
      { i18n: 'col.code', value: (l) => l.code },
      { i18n: 'col.name', value: (l) => l.name },
      { i18n: 'col.kind', value: (l) => t(`location_kind.${l.kind}`) },
      { i18n: 'col.parent', value: (l) => l.parent ?? '' },
      { i18n: 'col.dept', value: (l) => l.dept ?? '' },
    ], locations))));
  await load();
}
