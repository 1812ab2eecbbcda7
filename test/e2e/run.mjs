// Browser end-to-end test: starts the demo (backend + simulator + the new-frontend-system app) with
// `npm start`, and next to it the legacy-frontend-system app (packages/app-legacy) on its own port
// against the same backend. Waits for the first restore reports, then drives Debian's Chromium
// through both portals with playwright-core, running every scenario against each app.
// Screenshots land in test/e2e/screenshots/<app>/ (ignored by git).
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
const backendUrl = 'http://localhost:7007';
// The package each app is started from, and where it answers.
const apps = [
  { name: 'app', url: 'http://localhost:3000' },
  { name: 'app-legacy', url: 'http://localhost:3001' },
];
// Only the apps named in E2E_APPS (comma-separated), all by default.
const only = process.env.E2E_APPS?.split(',').map(s => s.trim());
const selected = only ? apps.filter(a => only.includes(a.name)) : apps;
if (selected.length === 0) {
  process.stderr.write(
    `E2E FAILED: E2E_APPS=${process.env.E2E_APPS} names none of ${apps
      .map(a => a.name)
      .join(', ')}\n`,
  );
  process.exit(1);
}

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
for (const url of [
  ...apps.map(a => a.url),
  `${backendUrl}/api/kymaros/health`,
]) {
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

const processes = [];
function start(label, command, args, options) {
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
    env: { ...process.env, BROWSER: 'none', ...options.env },
  });
  const entry = { label, child, output: '' };
  child.stdout.on('data', d => (entry.output += d));
  child.stderr.on('data', d => (entry.output += d));
  processes.push(entry);
}
const stopAll = () => {
  for (const { child } of processes) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
};
process.on('exit', stopAll);

const withLegacy = selected.some(a => a.name === 'app-legacy');
log(
  `starting the demo with npm start${
    withLegacy ? ' and the legacy app on :3001' : ''
  }`,
);
start('npm start', 'npm', ['start'], {
  cwd: root,
  // One backend serves both apps.
  env: {
    APP_CONFIG_backend_cors_origin: JSON.stringify(apps.map(a => a.url)),
  },
});
if (withLegacy) {
  const legacy = apps.find(a => a.name === 'app-legacy');
  start('the legacy app', 'npx', ['backstage-cli', 'package', 'start'], {
    cwd: path.join(root, 'packages/app-legacy'),
    env: { APP_CONFIG_app_baseUrl: legacy.url },
  });
}

let failed = false;
try {
  await waitFor(
    'the backend',
    async () => (await fetch(`${backendUrl}/api/kymaros/health`)).ok,
    300_000,
  );
  log('backend up');
  for (const app of selected) {
    await waitFor(app.name, async () => (await fetch(app.url)).ok, 300_000);
    log(`${app.name} up on ${app.url}`);
  }
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
    for (const app of selected) {
      const appShots = path.join(shots, app.name);
      mkdirSync(appShots, { recursive: true });
      // A fresh context per app: its own storage, so each signs in anew.
      const context = await browser.newContext({
        viewport: { width: 1440, height: 1000 },
      });
      const page = await context.newPage();
      await page.goto(app.url, { waitUntil: 'domcontentloaded' });
      const enter = page.getByRole('button', { name: /enter/i });
      await enter.first().waitFor({ timeout: 60_000 });
      await enter.first().click();
      await page
        .getByText(/catalog|components/i)
        .first()
        .waitFor({ timeout: 60_000 });
      for (const scenario of scenarios) {
        if (scenario.apps && !scenario.apps.includes(app.name)) continue;
        log(`${app.name}: ${scenario.name}`);
        try {
          await scenario.run({
            page,
            api: (route, init) => api(token, route, init),
            request: (route, init) => request(token, route, init),
            appUrl: app.url,
            shot: name =>
              page.screenshot({
                path: path.join(appShots, `${name}.png`),
                fullPage: true,
              }),
            log,
          });
        } catch (e) {
          e.message = `${app.name}: ${scenario.name}: ${e.message}`;
          await page
            .screenshot({
              path: path.join(appShots, 'failure.png'),
              fullPage: true,
            })
            .catch(() => undefined);
          throw e;
        }
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  log(`all scenarios passed on ${selected.map(a => a.name).join(' and ')}`);
} catch (e) {
  failed = true;
  process.stderr.write(
    `\nE2E FAILED: ${e.stack ?? e}\n${processes
      .map(
        p => `\n--- last output of ${p.label} ---\n${p.output.slice(-6000)}\n`,
      )
      .join('')}`,
  );
} finally {
  stopAll();
}
process.exit(failed ? 1 : 0);
