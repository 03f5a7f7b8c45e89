// What a user does on the pages, in WebDriver terms.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { PASSWORD, waitFor } from './fixture.mjs';

const ENTER = '\uE007';

export class Ui {
  constructor(fx) {
    this.fx = fx;
  }

  // The browser the fixture started (scenarios start it after seeding).
  get b() {
    return this.fx.browser;
  }

  // Opens a page and waits until it has loaded its data (the app drops aria-busy then).
  async open(route) {
    await this.b.go(`${this.fx.base}/#/${route}`);
    await this.waitFor(`main[data-view="${route}"]:not([aria-busy])`);
  }

  async text(css) {
    return this.b.text(await this.b.find(css));
  }

  // Waits until the element's visible text contains `part` (or matches a RegExp); returns it.
  waitText(css, part, ms) {
    return waitFor(`"${part}" in ${css}`, async () => {
      const s = await this.text(css);
      return (part instanceof RegExp ? part.test(s) : s.includes(part)) ? s : null;
    }, ms);
  }

  waitFor(css) {
    return waitFor(css, async () => (await this.b.findAll(css)).length > 0);
  }

  async login(user) {
    await this.b.go(`${this.fx.base}/`);
    await this.waitFor('#login-form input[name=user]');
    await this.b.type(await this.b.find('#login-form input[name=user]'), user);
    await this.b.type(await this.b.find('#login-form input[name=password]'), PASSWORD + ENTER);
    await this.waitText('#who', user);
  }

  async logout() {
    await this.b.click(await this.b.find('#logout'));
    await this.waitFor('#login-form');
  }

  async choose(css, value) {
    await this.b.run('const s = document.querySelector(arguments[0]); s.value = arguments[1];'
                     + ' s.dispatchEvent(new Event("change", {bubbles: true}));', css, value);
  }

  // Types into whatever has the focus, key by key, and presses Enter: a keyboard-wedge scan.
  scan(code) {
    return this.b.keys(code + ENTER);
  }

  focusedId() {
    return this.b.run('return document.activeElement && document.activeElement.id;');
  }

  // The current page checked by axe-core: its serious and critical violations.
  async axe() {
    const require = createRequire(import.meta.url);
    const src = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    await this.b.run(`${src}\nreturn true;`);
    const violations = await this.b.runAsync(
      'const done = arguments[arguments.length - 1];'
      + 'axe.run(document, {resultTypes: ["violations"]}).then('
      + '  r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,'
      + '    nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}))),'
      + '  e => done([{id: "axe-error", impact: "critical", help: String(e), nodes: []}]));');
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }
}
