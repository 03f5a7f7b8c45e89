// The browser scenarios of issue 11, each on its own fresh database and server.
import fs from 'node:fs';
import path from 'node:path';
import { GTIN, waitFor } from './fixture.mjs';

function expect(cond, message) {
  if (!cond) throw new Error(message);
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
                   'orders', 'pool', 'counts', 'admin'];
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
