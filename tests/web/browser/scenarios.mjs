// The browser scenarios of issues 11 and 12, each on its own fresh database and server.
import fs from 'node:fs';
import path from 'node:path';
import { GTIN, waitFor } from './fixture.mjs';

function expect(cond, message) {
  if (!cond) throw new Error(message);
}

// "YYYY-MM-DD", `days` from today (UTC).
function dayFromToday(days) {
  return new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

// Seeds, and adds syringes tracked by lot and expiry (GS1's example GTIN).
function seedWithSyringes(fx) {
  fx.seed();
  fx.cli(['item', 'add', 'SYR-5', '--name', 'Syringe 5 ml', '--gtin', '09506000134352', '--lots', '--expiry-tracked']);
}

// Seeds, then issues gloves below their reorder point through the CLI so an alert is open.
function seedWithAlert(fx) {
  fx.seed();
  fx.cli(['issue', 'GLOVE-L', '15', '--from', 'DOCK', '--key', 'seed-issue']);
}

export const SCENARIOS = {
  // A wrong password is refused with the server's message; the right one opens the dashboard.
  async login(fx, ui) {
    fx.seed();
    await fx.startServer();
    await fx.startBrowser();
    await fx.browser.go(`${fx.base}/`);
    await ui.waitFor('#login-form');
    await fx.shot('login');
    await fx.browser.type(await fx.browser.find('#login-form input[name=user]'), 'keeper');
    await fx.browser.type(await fx.browser.find('#login-form input[name=password]'), 'wrong\uE007');
    await waitFor('the login error', async () => !(await fx.browser.run('return document.getElementById("error").hidden;')));
    await fx.shot('login-refused');
    await ui.login('keeper');
    await ui.waitFor('#dashboard section');
    const nav = await ui.text('#nav');
    expect(nav.includes('Receive') && nav.includes('Dashboard'), `storekeeper's menu lacks Receive: ${nav}`);
    expect(!nav.includes('Admin'), `storekeeper's menu offers Admin: ${nav}`);
    await fx.shot('dashboard');
  },

  // A GTIN typed into the receive screen as a scanner would raises the stock at the dock.
  async receive_scan(fx, ui) {
    fx.seed();
    await fx.startServer();
    await fx.startBrowser();
    await ui.login('keeper');
    await ui.open('receive');
    await ui.waitFor('#scan-code');
    await ui.choose('select[name=location]', 'DOCK');
    await waitFor('the scan field to keep the focus', async () => (await ui.focusedId()) === 'scan-code');
    await ui.scan(GTIN);
    const shown = await ui.waitText('#scan-result', 'Nitrile gloves L');
    const onHand = await fx.browser.run('return document.getElementById("scan-result").dataset.onHand;');
    expect(onHand === '51', `after receiving 1 at DOCK (50 before) the screen says ${onHand}: ${shown}`);
    expect((await ui.focusedId()) === 'scan-code', 'the scan field lost the focus after a scan');
    await fx.shot('received');
    await ui.open('items/GLOVE-L');
    await ui.waitText('main', 'Stock by location');
    const card = await ui.text('main');
    expect(/DOCK\s+51/.test(card), `the stock card does not show 51 at DOCK: ${card}`);
    await fx.shot('stock-card');
  },

  // A GS1 element string scanned on the receive screen receives its lot with its expiry; one
  // without the lot asks for it, with the expiry filled in from the barcode. The stock card
  // shows stock per lot.
  async scan_lot_receipt(fx, ui) {
    seedWithSyringes(fx);
    await fx.startServer();
    await fx.startBrowser();
    await ui.login('keeper');
    await ui.open('receive');
    await ui.waitFor('#scan-code');
    await ui.choose('select[name=location]', 'DOCK');
    await waitFor('the scan field to keep the focus', async () => (await ui.focusedId()) === 'scan-code');
    await ui.scan('(01)09506000134352(17)301231(10)LOT-A1');
    const shown = await ui.waitText('#scan-result', 'LOT-A1');
    expect(shown.includes('Syringe 5 ml') && shown.includes('2030'), `the receipt does not name the item and expiry: ${shown}`);
    expect((await ui.focusedId()) === 'scan-code', 'the scan field lost the focus after a scan');
    await fx.shot('lot-received');

    await ui.scan('(01)09506000134352(17)301231');
    await waitFor('the lot fields', () => fx.browser.run('return !document.getElementById("scan-lot").hidden;'));
    const expiry = await fx.browser.run('return document.querySelector("#scan-lot input[name=expiry]").value;');
    expect(expiry === '2030-12-31', `the expiry field holds ${expiry}, not the barcode's 2030-12-31`);
    await waitFor('the lot field to take the focus',
                  () => fx.browser.run('return document.activeElement && document.activeElement.name === "lot";'));
    await fx.shot('lot-asked');
    await fx.browser.keys('LOT-B2\uE007');
    await ui.waitText('#scan-result', 'LOT-B2');
    await fx.shot('lot-typed');

    const lots = JSON.parse(fx.cli(['stock', '--sku', 'SYR-5', '--lots', '--json']));
    const line = (lot) => lots.find((l) => l.lot === lot && l.location === 'DOCK');
    expect(line('LOT-A1')?.qty === 1 && line('LOT-A1')?.expiry === '2030-12-31', `LOT-A1 not stored: ${JSON.stringify(lots)}`);
    expect(line('LOT-B2')?.qty === 1 && line('LOT-B2')?.expiry === '2030-12-31', `LOT-B2 not stored: ${JSON.stringify(lots)}`);
    await ui.open('items/SYR-5');
    const card = await ui.waitText('#item-lots', 'LOT-B2');
    expect(card.includes('LOT-A1') && card.includes('2030'), `the stock card's lots lack LOT-A1 or its expiry: ${card}`);
    await fx.shot('stock-by-lot');
  },

  // The dashboard lists the lot expiring within its item's horizon and the expired one, not the
  // one expiring later.
  async dashboard_expiring(fx, ui) {
    seedWithSyringes(fx);
    fx.cli(['receive', 'SYR-5', '3', '--to', 'DOCK', '--lot', 'SOON', '--expiry', dayFromToday(5)]);
    fx.cli(['receive', 'SYR-5', '2', '--to', 'DOCK', '--lot', 'OLD', '--expiry', dayFromToday(-2), '--allow-expired']);
    fx.cli(['receive', 'SYR-5', '4', '--to', 'DOCK', '--lot', 'LATER', '--expiry', dayFromToday(300)]);
    await fx.startServer();
    await fx.startBrowser();
    await ui.login('buyer');
    await ui.open('dashboard');
    const shown = await ui.waitText('#dashboard-expiring', 'SOON');
    expect(shown.includes('OLD') && shown.includes('Expired'), `the expired lot is not shown as expired: ${shown}`);
    expect(shown.includes('5 days left'), `the lot expiring in 5 days does not say so: ${shown}`);
    expect(!shown.includes('LATER'), `a lot 300 days from expiry is listed: ${shown}`);
    const marked = await fx.browser.run('return [...document.querySelectorAll("#dashboard-expiring .expired")].map(e => e.dataset.lot);');
    expect(JSON.stringify(marked) === '["OLD"]', `marked as expired: ${JSON.stringify(marked)}`);
    await fx.shot('expiring');
  },

  // A ward's manager asks for gloves; the buyer approves; the storekeeper picks and ships; the
  // manager receives part, then the rest. The ward then holds what was asked for.
  async requisition_walk(fx, ui) {
    fx.seed();
    fx.cli(['location', 'add', 'WARD-1', '--name', 'Ward 1', '--dept', 'OPS']);
    await fx.startServer();
    await fx.startBrowser();
    const status = (s) => ui.waitFor(`#requisition [data-status="${s}"]`);
    const step = async (name, next) => {
      await fx.browser.click(await fx.browser.find(`#requisition button[data-step="${name}"]`));
      await status(next);
    };

    await ui.login('boss');
    await ui.open('requisitions');
    await ui.waitFor('#requisition-new');
    await ui.choose('#requisition-new select[name=from]', 'DOCK');
    await ui.choose('#requisition-new select[name=to]', 'WARD-1');
    await ui.choose('#requisition-new select[name=sku]', 'GLOVE-L');
    await ui.choose('#requisition-new input[name=qty]', '8');
    await fx.shot('asking');
    await fx.browser.click(await fx.browser.find('#requisition-new button[type=submit]'));
    await ui.waitFor('main[data-view="requisitions/1"]:not([aria-busy])');
    await status('requested');
    expect((await fx.browser.findAll('#requisition button[data-step="approve"]')).length === 0,
           'the ward manager is offered the approval');
    await fx.shot('requested');
    await ui.logout();

    await ui.login('buyer');
    await ui.open('requisitions/1');
    await step('approve', 'approved');
    await ui.waitText('#requisition-status', 'approved');
    await ui.logout();

    await ui.login('keeper');
    await ui.open('requisitions/1');
    await step('pick', 'picked');
    await step('ship', 'shipped');
    await fx.shot('shipped');
    await ui.logout();

    await ui.login('boss');
    await ui.open('requisitions/1');
    await ui.choose('#requisition-receive input[name="receive-GLOVE-L"]', '5');
    await fx.browser.click(await fx.browser.find('#requisition-receive button[type=submit]'));
    await status('partially_received');
    await fx.shot('partly-received');
    await fx.browser.click(await fx.browser.find('#requisition-receive button[type=submit]'));
    await status('received');
    await fx.shot('received');
    const stock = (loc) => JSON.parse(fx.cli(['stock', '--sku', 'GLOVE-L', '--location', loc, '--json']))
      .reduce((n, l) => n + l.qty, 0);
    expect(stock('WARD-1') === 8, `the ward holds ${stock('WARD-1')} gloves, not 8`);
    expect(stock('DOCK') === 42, `the dock holds ${stock('DOCK')} gloves, not 42`);
  },

  // Issuing below the reorder point raises an alert that the dashboard shows.
  async issue_alert(fx, ui) {
    fx.seed();
    await fx.startServer();
    await fx.startBrowser();
    await ui.login('keeper');
    await ui.open('dashboard');
    await ui.waitText('#dashboard', 'No open alerts');
    await ui.open('issue');
    await ui.waitFor('#scan-code');
    await ui.choose('select[name=location]', 'DOCK');
    await ui.choose('input[name=qty]', '15');
    await fx.browser.run('document.getElementById("scan-code").focus();');
    await ui.scan(GTIN);
    await ui.waitText('#scan-result', 'Issued');
    const onHand = await fx.browser.run('return document.getElementById("scan-result").dataset.onHand;');
    expect(onHand === '35', `after issuing 15 of 50 the screen says ${onHand}`);
    await fx.shot('issued');
    await ui.open('dashboard');
    await ui.waitText('#dashboard [data-severity="reorder"]', 'Reorder: 1');
    await ui.waitText('#dashboard section:first-child table', 'GLOVE-L');
    await fx.shot('dashboard-alert');
  },

  // A buyer acknowledges the open alert; the page then shows who did.
  async ack_alert(fx, ui) {
    seedWithAlert(fx);
    await fx.startServer();
    await fx.startBrowser();
    await ui.login('buyer');
    await ui.open('alerts');
    await ui.waitFor('#alerts button[data-alert]');
    await fx.shot('alerts');
    await fx.browser.click(await fx.browser.find('#alerts button[data-alert]'));
    await ui.waitText('#alerts', 'buyer');
    expect((await fx.browser.findAll('#alerts button[data-alert]')).length === 0, 'the ack button is still there');
    await fx.shot('acked');
  },

  // The purchase list downloads as CSV; placing the suggested order is confirmed.
  async purchase_csv(fx, ui) {
    seedWithAlert(fx);
    await fx.startServer();
    await fx.startBrowser();
    await ui.login('buyer');
    await ui.open('purchase');
    await ui.waitText('#purchase', 'SafeHands');
    await fx.shot('purchase-list');
    await fx.browser.click(await fx.browser.find('main button.btn-outline-primary'));
    const file = path.join(fx.downloads, 'purchase-list.csv');
    const csv = await waitFor('purchase-list.csv', () => fs.existsSync(file) && fs.readFileSync(file, 'utf8'));
    expect(csv.includes('GLOVE-L') && csv.includes('SafeHands'), `the CSV lacks the glove line: ${csv}`);
    await fx.browser.click(await fx.browser.find('#purchase button[data-sku="GLOVE-L"]'));
    await ui.waitText('#purchase-status', 'GLOVE-L');
    await fx.shot('ordered');
    await ui.open('orders');
    await ui.waitText('#orders', 'GLOVE-L');
    await fx.shot('orders');
  },

  // A buyer raises the reorder point on the stock card; the card then shows the new level. The
  // card shows the item's demand chart.
  async levels_edit(fx, ui) {
    fx.seed();
    await fx.startServer();
    await fx.startBrowser();
    await ui.login('buyer');
    await ui.open('items/GLOVE-L');
    await ui.waitFor('#levels-form');
    // The demand chart the server draws (an SVG image) is on the card and has loaded.
    await waitFor('the demand chart loaded', () => fx.browser.run(
      "const i = document.querySelector('img.demand-chart'); return !!i && i.complete && i.naturalWidth > 0;"));
    await ui.choose('#levels-form input[name=reorder_point]', '60');
    await fx.browser.click(await fx.browser.find('#levels-form button[type=submit]'));
    await ui.waitText('#item-status', 'Levels saved');
    const shown = await ui.text('dd[data-field="items.reorder_point"]');
    expect(shown === '60', `the stock card shows reorder point ${shown}, not 60`);
    await fx.shot('levels-saved');
  },

  // Switching to 中文 changes the labels at once and is kept for the next visit.
  async language(fx, ui) {
    fx.seed();
    await fx.startServer();
    await fx.startBrowser();
    await ui.login('keeper');
    await ui.waitText('#nav', 'Dashboard');
    await ui.choose('#lang', 'zh-CN');
    await ui.waitText('#nav', '概览');
    await ui.waitText('main h1', '需要关注的事项');
    expect((await fx.browser.run('return document.documentElement.lang;')) === 'zh-CN', 'html lang is not zh-CN');
    await fx.shot('zh-CN');
    await fx.browser.go(`${fx.base}/#/receive`);
    await fx.browser.run('location.reload();');
    await ui.waitText('#nav', '收货');
    await ui.waitText('main h1', '收货');
    await fx.shot('zh-CN-after-reload');
  },

  // OPS publishes a laptop to the pool, LAB requests it (through a real hub), and OPS's
  // manager approves the request on OPS's web page.
  async pool_approve(fx, ui) {
    const nodes = await fx.startHub(['OPS', 'LAB']);
    fx.cli(['item', 'add', 'LAPTOP', '--name', 'Laptop', '--cost', '1200'], nodes.OPS);
    fx.cli(['asset', 'register', 'LAPTOP-0042', '--epc', '3034257BF7194E4000001A85', '--sku', 'LAPTOP',
            '--dept', 'OPS', '--cost', '1200'], nodes.OPS);
    fx.cli(['pool', 'publish', 'LAPTOP-0042'], nodes.OPS);
    fx.cli(['sync'], nodes.LAB);
    const req = fx.cli(['pool', 'request', 'LAPTOP-0042', '--reason', 'new hire'], nodes.LAB).split('\n')[0].trim();
    fx.cli(['sync'], nodes.OPS);
    fx.addUsers(nodes.OPS);
    await fx.startServer(nodes.OPS);
    await fx.startBrowser();
    await ui.login('boss');
    await ui.open('dashboard');
    await ui.waitText('#dashboard', req);
    await ui.open('pool');
    await ui.waitFor(`#pool-approvals button[data-request="${req}"]`);
    await fx.shot('awaiting-approval');
    await fx.browser.click(await fx.browser.find(`#pool-approvals button[data-request="${req}"]`));
    await ui.waitText('#pool-status', req);
    await ui.waitText('#pool-handovers', req);
    await fx.shot('approved');
    const requests = JSON.parse(fx.cli(['pool', 'requests', '--all', '--json'], nodes.OPS));
    const status = requests.find((r) => String(r.id) === req)?.status;
    expect(status === 'approved', `request ${req} is ${status} on OPS's node, not approved`);
  },

  // OPS's manager publishes OPS's laptop to the pool on the pool page (through a real hub):
  // LAB sees it after a sync; then the manager withdraws it again.
  async pool_publish(fx, ui) {
    const nodes = await fx.startHub(['OPS', 'LAB']);
    fx.cli(['item', 'add', 'LAPTOP', '--name', 'Laptop', '--cost', '1200'], nodes.OPS);
    fx.cli(['asset', 'register', 'LAPTOP-0042', '--epc', '3034257BF7194E4000001A85', '--sku', 'LAPTOP',
            '--dept', 'OPS', '--cost', '1200'], nodes.OPS);
    fx.addUsers(nodes.OPS);
    await fx.startServer(nodes.OPS);
    await fx.startBrowser();
    await ui.login('boss');
    await ui.open('pool');
    const button = '#pool-assets button[data-asset="LAPTOP-0042"]';
    await ui.waitFor(button);
    await fx.browser.click(await fx.browser.find(button));
    await ui.waitText('#pool-status', 'published');
    await ui.waitText('#pool-assets', 'In the pool');
    await fx.shot('published');
    fx.cli(['sync'], nodes.LAB);
    const seen = JSON.parse(fx.cli(['pool', 'list', '--json'], nodes.LAB));
    expect(JSON.stringify(seen).includes('LAPTOP-0042'), `LAB's node does not see the laptop: ${JSON.stringify(seen)}`);
    await fx.browser.click(await fx.browser.find(button));
    await ui.waitText('#pool-status', 'withdrawn');
    await fx.shot('withdrawn');
  },

  // The administrator adds a department, a reader and one of its read points on the admin
  // page, then removes the read point; the CLI sees each change.
  async admin_readers(fx, ui) {
    fx.seed();
    await fx.startServer();
    await fx.startBrowser();
    await ui.login('admin1');
    await ui.open('admin');
    await fx.browser.type(await fx.browser.find('#dept-add input[name=dept_code]'), 'LAB');
    await fx.browser.click(await fx.browser.find('#dept-add button[type=submit]'));
    await ui.waitText('#admin-departments', 'LAB');
    await fx.browser.type(await fx.browser.find('#reader-add input[name=reader_name]'), 'dock-door');
    await fx.browser.type(await fx.browser.find('#reader-add input[name=reader_uri]'), 'llrp://127.0.0.1:1?antennas=1,2');
    await fx.browser.click(await fx.browser.find('#reader-add button[type=submit]'));
    await ui.waitFor('form[data-reader="dock-door"]');
    await ui.choose('form[data-reader="dock-door"] select[aria-label="Location"]', 'DOCK');
    await ui.choose('form[data-reader="dock-door"] select[aria-label="Role"]', 'dock-in');
    await fx.browser.click(await fx.browser.find('form[data-reader="dock-door"] button[type=submit]'));
    await ui.waitFor('section[data-reader="dock-door"] button[data-antenna="1"]');
    await fx.shot('read-point-added');
    const points = JSON.parse(fx.cli(['readpoint', 'list', '--json']));
    expect(points.some((p) => p.reader === 'dock-door' && p.antenna === 1 && p.location === 'DOCK' && p.role === 'dock-in'),
           `the read point was not stored: ${JSON.stringify(points)}`);
    const depts = JSON.parse(fx.cli(['dept', 'list', '--json']));
    expect(depts.some((d) => d.code === 'LAB'), `department LAB was not stored: ${JSON.stringify(depts)}`);
    await fx.browser.click(await fx.browser.find('section[data-reader="dock-door"] button[data-antenna="1"]'));
    await ui.waitText('#admin-status', 'removed');
    expect(JSON.parse(fx.cli(['readpoint', 'list', '--json'])).length === 0, 'the read point was not removed');
  },

  // A storekeeper reverses the seeded receipt on the stock card: on hand goes back to 0.
  async reverse_movement(fx, ui) {
    fx.seed();
    await fx.startServer();
    await fx.startBrowser();
    await ui.login('keeper');
    await ui.open('items/GLOVE-L');
    await ui.waitFor('form[data-movement] input');
    await fx.browser.type(await fx.browser.find('form[data-movement] input'), 'counted twice\uE007');
    await ui.waitText('#item-status', 'reversed');
    await fx.shot('reversed');
    const item = JSON.parse(fx.cli(['item', 'show', 'GLOVE-L', '--json']));
    expect(item.on_hand === 0, `on hand after reversing the receipt of 50 is ${item.on_hand}`);
  },

  // Every page, at desktop and tablet widths, without serious or critical axe violations.
  async accessibility(fx, ui) {
    seedWithAlert(fx);
    fx.cli(['location', 'add', 'WARD-1', '--dept', 'OPS']);
    fx.cli(['requisition', 'create', '--from', 'DOCK', '--to', 'WARD-1', 'GLOVE-L=5']);
    await fx.startServer();
    await fx.startBrowser();
    await fx.browser.go(`${fx.base}/`);
    await ui.waitFor('#login-form');
    const failures = [];
    const check = async (page) => {
      for (const v of await ui.axe()) failures.push(`${page}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(', ')}`);
    };
    await check('login');
    await ui.login('admin1');
    const pages = ['dashboard', 'items', 'items/GLOVE-L', 'receive', 'issue', 'dock', 'alerts', 'purchase',
                   'orders', 'pool', 'requisitions', 'requisitions/1', 'counts', 'admin'];
    for (const [width, height, label] of [[1280, 900, 'desktop'], [820, 1180, 'tablet']]) {
      await fx.browser.setSize(width, height);
      for (const page of pages) {
        await ui.open(page);
        await fx.shot(`${label}-${page.replace('/', '-')}`);
        if (label === 'desktop') await check(page);
        const error = await fx.browser.run('const e = document.getElementById("error"); return e.hidden ? "" : e.textContent;');
        if (error) failures.push(`${page}: the page shows an error: ${error}`);
      }
    }
    // Script errors and Content-Security-Policy refusals show in the console; a refused
    // request (the 401 before logging in) is the page's business, not an error here.
    const console = (await fx.browser.consoleLog())
      .filter((e) => e.level === 'SEVERE' && !e.message.includes('Failed to load resource'));
    expect(console.length === 0, `the console shows errors:\n${console.map((e) => e.message).join('\n')}`);
    expect(failures.length === 0, `found:\n${failures.join('\n')}`);
  },
};
