// A minimal W3C WebDriver client for chromedriver (Debian's chromium-driver): only the
// commands the browser tests use, over node's fetch.
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriverError extends Error {}

export class Browser {
  constructor(base, sessionId) {
    this.base = base;
    this.sessionId = sessionId;
  }

  static async start(base, { downloadDir, width = 1280, height = 900 }) {
    const res = await call(base, 'POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'chrome',
          'goog:chromeOptions': {
            binary: '/usr/bin/chromium',
            // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
            args: ['--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu',
                   `--window-size=${width},${height}`, '--lang=en-US', '--disable-smooth-scrolling'],
            prefs: { 'download.default_directory': downloadDir, 'download.prompt_for_download': false,
                     'intl.accept_languages': 'en-US,en' },
          },
          'goog:loggingPrefs': { browser: 'ALL' },
        },
      },
    });
    return new Browser(base, res.sessionId);
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.sessionId}${path}`, body);
  }

  quit() {
    return call(this.base, 'DELETE', `/session/${this.sessionId}`);
  }

  go(url) {
    return this.cmd('POST', '/url', { url });
  }

  setSize(width, height) {
    return this.cmd('POST', '/window/rect', { width, height });
  }

  async find(css) {
    const v = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return v[ELEMENT];
  }

  async findAll(css) {
    const v = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return v.map((e) => e[ELEMENT]);
  }

  click(id) {
    return this.cmd('POST', `/element/${id}/click`, {});
  }

  type(id, text) {
    return this.cmd('POST', `/element/${id}/value`, { text });
  }

  text(id) {
    return this.cmd('GET', `/element/${id}/text`);
  }

  // Key presses to whatever has the focus, one character at a time, as a keyboard-wedge
  // scanner types; "\uE007" is Enter.
  keys(text) {
    const actions = [];
    for (const c of text) actions.push({ type: 'keyDown', value: c }, { type: 'keyUp', value: c });
    return this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'scanner', actions }] });
  }

  run(script, ...args) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  runAsync(script, ...args) {
    return this.cmd('POST', '/execute/async', { script, args });
  }

  // The browser console since the last call (chromedriver's log extension).
  consoleLog() {
    return this.cmd('POST', '/se/log', { type: 'browser' });
  }

  async screenshot() {
    return Buffer.from(await this.cmd('GET', '/screenshot'), 'base64');
  }

  async setTimeouts(ms) {
    return this.cmd('POST', '/timeouts', { script: ms, pageLoad: ms, implicit: 0 });
  }
}

async function call(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = await res.json();
  if (!res.ok || (payload.value && payload.value.error)) {
    const v = payload.value || {};
    throw new WebDriverError(`${method} ${path}: ${v.error || res.status}: ${(v.message || '').split('\n')[0]}`);
  }
  return payload.value;
}
