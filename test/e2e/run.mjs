// Browser end-to-end test: starts the demo (app + backend + simulator) with `npm start`, waits for
// the first restore reports, then drives Debian's Chromium through the portal with playwright-core.
// Screenshots land in test/e2e/screenshots/ (ignored by git).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarios } from './scenarios.mjs';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const shots = path.join(root, 'test/e2e/screenshots');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const appUrl = 'http://localhost:3000';
const backendUrl = 'http://localhost:7007';

const started = Date.now();
const log = message =>
  process.stdout.write(
    `[e2e ${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`,
  );

async function waitFor(what, fn, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  throw new Error(
    `Timed out waiting for ${what}${last ? `: ${last.message}` : ''}`,
  );
}

async function guestToken() {
  const res = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
    method: 'POST',
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in answered ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

// The raw answer, for scenarios that expect an error status.
function request(token, route, init = {}) {
  return fetch(`${backendUrl}/api/kymaros${route}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
  });
}

async function api(token, route, init = {}) {
  const res = await request(token, route, init);
  if (!res.ok)
    throw new Error(
      `${init.method ?? 'GET'} ${route} answered ${
        res.status
      }: ${await res.text()}`,
    );
  return res.json();
}

// A portal already running would answer in place of the one under test.
for (const url of [appUrl, `${backendUrl}/api/kymaros/health`]) {
  const busy = await fetch(url).then(
    () => true,
    () => false,
  );
  if (busy) {
    process.stderr.write(
      `E2E FAILED: ${url} already answers; stop the running portal first\n`,
    );
    process.exit(1);
  }
}

mkdirSync(shots, { recursive: true });
log('starting the demo with npm start');
const demo = spawn('npm', ['start'], {
  cwd: root,
  detached: true,
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, BROWSER: 'none' },
});
let output = '';
demo.stdout.on('data', d => (output += d));
demo.stderr.on('data', d => (output += d));
const stopDemo = () => {
  try {
    process.kill(-demo.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('exit', stopDemo);

let failed = false;
try {
  await waitFor(
    'the backend',
    async () => (await fetch(`${backendUrl}/api/kymaros/health`)).ok,
    300_000,
  );
  log('backend up');
  await waitFor('the app', async () => (await fetch(appUrl)).ok, 300_000);
  log('app up');
  const token = await guestToken();
  const summary = await waitFor(
    'a report for every demo service',
    async () => {
      const s = await api(token, '/summary');
      return (
        s.items.length >= 6 &&
        s.items.every(i => i.result) &&
        s.items.every(i => i.phase !== 'Running') &&
        s
      );
    },
    240_000,
  );
  log(
    `reports: ${summary.items
      .map(i => `${i.entityRef.split('/')[1]}=${i.result}/${i.score}`)
      .join(' ')}`,
  );

  const { chromium: pw } = await import('playwright-core');
  const browser = await pw.launch({
    executablePath: chromium,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage({
      viewport: { width: 1440, height: 1000 },
    });
    await page.goto(appUrl, { waitUntil: 'domcontentloaded' });
    const enter = page.getByRole('button', { name: /enter/i });
    await enter.first().waitFor({ timeout: 60_000 });
    await enter.first().click();
    await page
      .getByText(/catalog|components/i)
      .first()
      .waitFor({ timeout: 60_000 });
    for (const scenario of scenarios) {
      log(`scenario: ${scenario.name}`);
      await scenario.run({
        page,
        api: (route, init) => api(token, route, init),
        request: (route, init) => request(token, route, init),
        appUrl,
        shot: name =>
          page.screenshot({
            path: path.join(shots, `${name}.png`),
            fullPage: true,
          }),
        log,
      });
    }
  } finally {
    await browser.close();
  }
  log('all scenarios passed');
} catch (e) {
  failed = true;
  process.stderr.write(
    `\nE2E FAILED: ${
      e.stack ?? e
    }\n\n--- last output of npm start ---\n${output.slice(-6000)}\n`,
  );
} finally {
  stopDemo();
}
process.exit(failed ? 1 : 0);
