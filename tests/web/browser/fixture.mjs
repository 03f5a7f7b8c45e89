// What a browser test runs against: a fresh node database built through the real rfinv
// binary (catalog, users via `rfinv user add`), a real `rfinv run --web 127.0.0.1:PORT`,
// and chromedriver driving Debian's headless Chromium. Every wait is bounded.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Browser } from './webdriver.mjs';

export const PASSWORD = 'correct horse battery';
export const GTIN = '80614141123458';
export const USERS = [
  ['admin1', 'admin', null],
  ['keeper', 'storekeeper', 'OPS'],
  ['buyer', 'buyer', 'OPS'],
  ['boss', 'manager', 'OPS'],
  ['guest', 'viewer', 'OPS'],
];

// Polls check() until it returns a truthy value; fails with what it waited for after `ms`.
export async function waitFor(what, check, ms = 15000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export class Fixture {
  constructor(rfinv, out, name) {
    this.rfinv = rfinv;
    this.out = out;
    this.name = name;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `rfinv-web-${name}-`));
    this.db = path.join(this.dir, 'node.db');
    this.downloads = path.join(this.dir, 'downloads');
    fs.mkdirSync(this.downloads);
    this.children = [];
    this.shots = 0;
  }

  // rfinv --db DB ARGS...; throws with its stderr unless it exits 0.
  cli(args, db = this.db) {
    const r = spawnSync(this.rfinv, ['--db', db, ...args], { encoding: 'utf8', timeout: 60000 });
    if (r.status !== 0) throw new Error(`rfinv ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return r.stdout;
  }

  // A warehouse with gloves 10 above their reorder point at the dock, and one user per role.
  seed({ db = this.db } = {}) {
    this.cli(['dept', 'add', 'OPS', '--name', 'Operations'], db);
    this.cli(['location', 'add', 'WH1', '--name', 'Main warehouse'], db);
    this.cli(['location', 'add', 'DOCK', '--parent', 'WH1', '--name', 'Dock'], db);
    this.cli(['item', 'add', 'GLOVE-L', '--name', 'Nitrile gloves L', '--unit', 'box', '--gtin', GTIN,
              '--cost', '12.50', '--supplier', 'SafeHands', '--safety', '20', '--reorder-point', '40',
              '--reorder-qty', '100', '--lead-days', '5'], db);
    this.cli(['receive', 'GLOVE-L', '50', '--to', 'DOCK', '--key', 'seed'], db);
    this.addUsers(db);
  }

  // A real hub on loopback (as tests/sync/sync_support starts one) and a node per department
  // joined to it; returns {dept: db}.
  async startHub(depts) {
    const hubDir = path.join(this.dir, 'hub');
    this.cli(['hub', 'init', '--dir', hubDir]);
    const hub = this.spawnChild(this.rfinv, ['--db', this.db, 'hub', 'serve', '--dir', hubDir, '--listen', '127.0.0.1:0']);
    const line = await new Promise((resolve, reject) => {
      let buf = '';
      const timer = setTimeout(() => reject(new Error('the hub did not say it was listening')), 20000);
      hub.stdout.on('data', (d) => {
        buf += d;
        if (buf.includes('\n')) {
          clearTimeout(timer);
          resolve(buf.split('\n')[0]);
        }
      });
    });
    if (!line.startsWith('listening 127.0.0.1:')) throw new Error(`hub: ${line}`);
    const url = `https://127.0.0.1:${line.slice(line.lastIndexOf(':') + 1)}`;
    const nodes = {};
    for (const dept of depts) {
      const token = this.cli(['hub', 'dept', 'add', dept, '--dir', hubDir]).trim();
      nodes[dept] = path.join(this.dir, `${dept}.db`);
      const tokenFile = path.join(this.dir, `${dept}.token`);
      fs.writeFileSync(tokenFile, token, { mode: 0o600 });
      this.cli(['sync', 'join', url, '--dept', dept, '--token-file', tokenFile, '--ca', path.join(hubDir, 'hub.crt')], nodes[dept]);
    }
    return nodes;
  }

  addUsers(db) {
    const pw = path.join(this.dir, 'password');
    fs.writeFileSync(pw, `${PASSWORD}\n`, { mode: 0o600 });
    for (const [user, role, d] of USERS) {
      this.cli(['user', 'add', user, '--role', role, ...(d ? ['--dept', d] : []), '--password-file', pw], db);
    }
  }

  spawnChild(cmd, args) {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const log = fs.createWriteStream(path.join(this.out, `${this.name}-${this.children.length}-${path.basename(cmd)}.log`));
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    this.children.push(child);
    return child;
  }

  async startServer(db = this.db, extra = []) {
    this.port = await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    const server = this.spawnChild(this.rfinv, ['--db', db, 'run', '--web', `127.0.0.1:${this.port}`, ...extra]);
    await waitFor(`rfinv run --web on port ${this.port}`, async () => {
      if (server.exitCode !== null) throw new Error(`rfinv run exited ${server.exitCode}`);
      const res = await fetch(`${this.base}/api/v1/session`);
      return res.status === 401 || res.status === 200;
    }, 30000);
  }

  async startBrowser({ width = 1280, height = 900 } = {}) {
    const port = await freePort();
    this.spawnChild('/usr/bin/chromedriver', [`--port=${port}`]);
    const driver = `http://127.0.0.1:${port}`;
    await waitFor('chromedriver', async () => (await (await fetch(`${driver}/status`)).json()).value.ready, 30000);
    this.browser = await Browser.start(driver, { downloadDir: this.downloads, width, height });
    await this.browser.setTimeouts(30000);
    return this.browser;
  }

  // Saves a screenshot as OUT/NAME-NN-STEP.png (kept as the test's output).
  async shot(step) {
    this.shots += 1;
    const file = path.join(this.out, `${this.name}-${String(this.shots).padStart(2, '0')}-${step}.png`);
    fs.writeFileSync(file, await this.browser.screenshot());
  }

  async close() {
    if (this.browser) await this.browser.quit().catch(() => {});
    for (const c of this.children) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(this.children.map((c) => (c.exitCode !== null ? null : new Promise((r) => {
      const t = setTimeout(() => { c.kill('SIGKILL'); r(); }, 10000);
      c.on('exit', () => { clearTimeout(t); r(); });
    }))));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
