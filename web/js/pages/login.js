// Log in with name and password; the server sets the session cookie and returns the CSRF token.
import * as api from '../api.js';
import { h, field } from '../dom.js';
import { attempt } from '../errors.js';
import { loggedIn } from '../app.js';

export function render(main) {
  const user = h('input', { class: 'form-control', name: 'user', autocomplete: 'username', required: true });
  const password = h('input', { class: 'form-control', name: 'password', type: 'password',
                                autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'card login-card', id: 'login-form' },
                 h('div', { class: 'card-body' },
                   h('h1', { class: 'h4 mb-3', i18n: 'login.title' }),
                   field('login.user', user).wrap,
                   field('login.password', password).wrap,
                   h('button', { type: 'submit', class: 'btn btn-primary w-100', i18n: 'login.submit' })));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    attempt(async () => {
      const s = await api.post('/session', { user: user.value, password: password.value }, { quiet401: true });
      await loggedIn(s);
    });
  });
  main.append(form);
  user.focus();
}
