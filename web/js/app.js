// Entry point: restores the session, draws the header, and renders the page the hash names.
import * as api from './api.js';
import { loadLanguage, currentLang, t } from './i18n.js';
import { h, clear } from './dom.js';
import { clearError, attempt } from './errors.js';
import { session, setSession, can } from './session.js';
import { ROUTES, parseHash } from './routes.js';

let leave = null;

function drawHeader() {
  const s = session();
  // Logged out, the header keeps only the language choice.
  document.getElementById('who').hidden = !s;
  document.getElementById('logout').hidden = !s;
  document.getElementById('lang').value = currentLang();
  const nav = document.getElementById('nav');
  clear(nav);
  if (!s) return;
  const here = parseHash(location.hash).name;
  for (const [name, r] of Object.entries(ROUTES)) {
    if (!r.nav || (r.area && !can(r.area))) continue;
    const a = h('a', { class: 'nav-link', href: `#/${name}`, i18n: r.nav });
    if (name === here) a.setAttribute('aria-current', 'page');
    nav.append(h('li', { class: 'nav-item' }, a));
  }
  document.getElementById('who').textContent =
      t('app.signed_in', { user: s.user, role: t(`role.${s.role}`) });
}

async function renderRoute() {
  if (leave) {
    leave();
    leave = null;
  }
  clearError();
  let { name, rest } = parseHash(location.hash);
  if (!session() && name !== 'login') name = 'login';
  if (session() && name === 'login') name = 'dashboard';
  const route = ROUTES[name];
  drawHeader();
  const main = document.getElementById('main');
  clear(main);
  document.title = t('app.title');
  // aria-busy while the page loads its data (assistive technology waits; so do the tests).
  main.setAttribute('aria-busy', 'true');
  main.dataset.view = [name, ...rest].join('/');
  const cleanup = await attempt(() => route.page.render(main, [...(route.params || []), ...rest]));
  main.removeAttribute('aria-busy');
  if (typeof cleanup === 'function') leave = cleanup;
}

export async function loggedIn(s) {
  setSession(s);
  api.setCsrf(s.csrf);
  if (s.lang && s.lang !== currentLang()) await loadLanguage(s.lang);
  if (parseHash(location.hash).name === 'login' || !location.hash) location.hash = '#/dashboard';
  else await renderRoute();
}

async function logout() {
  await attempt(async () => {
    await api.del('/session');
    setSession(null);
    api.setCsrf(null);
    if (location.hash === '#/login') await renderRoute();
    else location.hash = '#/login'; // hashchange renders the login page
  });
}

async function switchLanguage(ev) {
  const lang = ev.target.value;
  await attempt(async () => {
    if (session()) {
      await api.patch('/session', { lang });
      session().lang = lang;
    }
    await loadLanguage(lang);
    await renderRoute();
  });
}

async function start() {
  api.whenUnauthorized(() => {
    setSession(null);
    if (parseHash(location.hash).name !== 'login') location.hash = '#/login';
  });
  let s = null;
  try {
    s = await api.get('/session', { quiet401: true });
  } catch {
    s = null;
  }
  await loadLanguage(s?.lang || (navigator.language?.startsWith('zh') ? 'zh-CN' : 'en'));
  document.getElementById('lang').addEventListener('change', switchLanguage);
  document.getElementById('logout').addEventListener('click', logout);
  window.addEventListener('hashchange', renderRoute);
  if (s) {
    setSession(s);
    api.setCsrf(s.csrf);
  }
  await renderRoute();
}

start();
