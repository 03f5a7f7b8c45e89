// The hash routes: #/NAME[/PARAM]. Each page module exports render(main, params), which may
// return a cleanup function (closing an event stream) called when the page is left.
import * as login from './pages/login.js';
import * as dashboard from './pages/dashboard.js';
import * as items from './pages/items.js';
import * as scan from './pages/scan.js';
import * as dock from './pages/dock.js';
import * as alerts from './pages/alerts.js';
import * as purchase from './pages/purchase.js';
import * as orders from './pages/orders.js';
import * as pool from './pages/pool.js';
import * as requisitions from './pages/requisitions.js';
import * as counts from './pages/counts.js';
import * as admin from './pages/admin.js';

// nav: the menu label key; area: shown in the menu only to roles that may write there.
export const ROUTES = {
  login: { page: login, public: true },
  dashboard: { page: dashboard, nav: 'nav.dashboard' },
  items: { page: items, nav: 'nav.items' },
  receive: { page: scan, nav: 'nav.receive', area: 'movements', params: ['receive'] },
  issue: { page: scan, nav: 'nav.issue', area: 'movements', params: ['issue'] },
  dock: { page: dock, nav: 'nav.dock' },
  alerts: { page: alerts, nav: 'nav.alerts' },
  purchase: { page: purchase, nav: 'nav.purchase' },
  orders: { page: orders, nav: 'nav.orders' },
  pool: { page: pool, nav: 'nav.pool' },
  requisitions: { page: requisitions, nav: 'nav.requisitions' },
  counts: { page: counts, nav: 'nav.counts' },
  admin: { page: admin, nav: 'nav.admin', area: 'admin' },
};

export function parseHash(hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const name = parts[0] || 'dashboard';
  return { name: ROUTES[name] ? name : 'dashboard', rest: parts.slice(1) };
}
