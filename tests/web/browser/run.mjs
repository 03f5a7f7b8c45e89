// Runs one browser scenario (or all): node run.mjs --rfinv BIN --out DIR [--scenario NAME]
// Screenshots and the server's and chromedriver's logs are kept in DIR.
import fs from 'node:fs';
import { Fixture } from './fixture.mjs';
import { Ui } from './ui.mjs';
import { SCENARIOS } from './scenarios.mjs';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const rfinv = arg('rfinv');
const out = arg('out');
const only = arg('scenario');
if (!rfinv || !out || (only && !SCENARIOS[only])) {
  console.error(`usage: node run.mjs --rfinv BIN --out DIR [--scenario ${Object.keys(SCENARIOS).join('|')}]`);
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });

let passed = 0, failed = 0;
for (const name of only ? [only] : Object.keys(SCENARIOS)) {
  const fx = new Fixture(rfinv, out, name);
  try {
    await SCENARIOS[name](fx, new Ui(fx));
    passed += 1;
    console.log(`ok ${name}`);
  } catch (err) {
    failed += 1;
    console.log(`FAILED ${name}: ${err.stack || err}`);
    if (fx.browser) await fx.shot('failure').catch(() => {});
  } finally {
    await fx.close();
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
