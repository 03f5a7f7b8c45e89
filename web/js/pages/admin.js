// Administration: users (list, add), departments, locations, readers with their read points.
import * as api from '../api.js';
import { t } from '../i18n.js';
import { h, pageTitle, card, clear, table, field, select } from '../dom.js';
import { attempt } from '../errors.js';
import { readersSection } from './admin_readers.js';
import { departmentsSection, locationsSection } from './admin_places.js';

const ROLES = ['admin', 'storekeeper', 'buyer', 'manager', 'viewer'];

export async function render(main) {
  const status = h('p', { role: 'status', id: 'admin-status' });
  const users = usersSection(status);
  const readers = readersSection(status);
  const depts = departmentsSection(status);
  const locations = locationsSection(status, () => Promise.all([locations.load(), readers.load()]));
  const wide = (c) => {
    c.classList.add('wide');
    return c;
  };
  main.append(pageTitle('admin.title'), status, h('div', { class: 'cards' },
    wide(card('admin.users', users.el)),
    wide(card('admin.readers', readers.el)),
    card('admin.departments', depts.el),
    wide(card('admin.locations', locations.el))));
  await Promise.all([users.load(), readers.load(), depts.load(), locations.load()]);
}

function usersSection(status) {
  const list = h('div', { id: 'admin-users' });
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
    const rows = await api.get('/users');
    clear(list);
    list.append(table([
      { i18n: 'col.user', value: (u) => u.name ?? u.user },
      { i18n: 'col.role', value: (u) => t(`role.${u.role}`) },
      { i18n: 'col.dept', value: (u) => u.dept ?? '' },
      { i18n: 'col.status', value: (u) => t(u.disabled ? 'admin.disabled' : 'admin.active') },
    ], rows));
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
  return { el: h('div', {}, list, add), load };
}
