// Administration of departments and locations: list both, add either.
import * as api from '../api.js';
import { t } from '../i18n.js';
import { h, clear, table, field, select } from '../dom.js';
import { attempt } from '../errors.js';

const input = (name) => h('input', { class: 'form-control', name, autocomplete: 'off' });

// A form of labelled inputs and a submit button that posts `body()` to `path`, then reloads.
function addForm(id, controls, submitKey, onSubmit) {
  const form = h('form', { class: 'row g-2 align-items-end', id },
                 controls.map(([key, control]) => h('div', { class: 'col-md-3' }, field(key, control).wrap)),
                 h('div', { class: 'col-md-3' }, h('button', { type: 'submit', class: 'btn btn-primary mb-2', i18n: submitKey })));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    attempt(async () => {
      await onSubmit();
      form.reset();
    });
  });
  return form;
}

// Omits empty values: the server takes a missing field as "not given".
function filled(values) {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== ''));
}

export function departmentsSection(status) {
  const list = h('div', { id: 'admin-departments' });
  const code = input('dept_code');
  code.required = true;
  const name = input('dept_name');
  const load = async () => {
    clear(list);
    list.append(table([
      { i18n: 'col.code', value: (d) => d.code },
      { i18n: 'col.name', value: (d) => d.name },
    ], await api.get('/departments')));
  };
  const form = addForm('dept-add', [['col.code', code], ['col.name', name]], 'admin.add_department', async () => {
    const body = filled({ code: code.value, name: name.value });
    await api.post('/departments', body);
    status.textContent = t('admin.department_added', { code: body.code });
    await load();
  });
  return { el: h('div', {}, list, form), load };
}

export function locationsSection(status, reloadAll) {
  const list = h('div', { id: 'admin-locations' });
  const code = input('location_code');
  code.required = true;
  const name = input('location_name');
  const parent = select([], { name: 'location_parent' });
  const dept = select([], { name: 'location_dept' });
  const fill = (el, values) => {
    clear(el);
    el.append(h('option', { value: '' }, t('admin.none_option')), ...values.map((v) => h('option', { value: v }, v)));
  };
  const load = async () => {
    const [locations, depts] = await Promise.all([api.get('/locations'), api.get('/departments')]);
    fill(parent, locations.map((l) => l.code));
    fill(dept, depts.map((d) => d.code));
    clear(list);
    list.append(table([
      { i18n: 'col.code', value: (l) => l.code },
      { i18n: 'col.name', value: (l) => l.name },
      { i18n: 'col.kind', value: (l) => t(`location_kind.${l.kind}`) },
      { i18n: 'col.parent', value: (l) => l.parent ?? '' },
      { i18n: 'col.dept', value: (l) => l.dept ?? '' },
    ], locations));
  };
  const form = addForm('location-add', [['col.code', code], ['col.name', name], ['col.parent', parent], ['col.dept', dept]],
                       'admin.add_location', async () => {
    const body = filled({ code: code.value, name: name.value, parent: parent.value, dept: dept.value });
    await api.post('/locations', body);
    status.textContent = t('admin.location_added', { code: body.code });
    await reloadAll();
  });
  return { el: h('div', {}, list, form), load };
}
