// What a user of the fresh portal must see: real restore reports through the API, then in
// Chromium the Restore tab with a report, the card on the overview, no tab on an entity that did
// not opt in, and the Restore confidence page (reached from its nav item) listing the services.
import path from 'node:path';
import { GiveUp, waitUntil } from '../../crash/lib/wait.mjs';

const within = ms => ({ intervalMs: 2000, deadline: Date.now() + ms });

const OPTED_IN = ['payments-api', 'catalog-search', 'orders', 'storefront'];
const NOT_OPTED_IN = 'design-sandbox';
// The tab's label; the sidebar's "Restore confidence" does not match it.
const RESTORE_TAB = /^Restore$/i;
const entity = name => `/catalog/default/component/${name}`;

export async function waitForBackend(url, backend) {
  await waitUntil(
    'the production backend',
    async () => {
      if (!backend.running)
        throw new GiveUp(`the production backend exited:\n${backend.output()}`);
      return (await fetch(`${url}/api/kymaros/health`)).ok;
    },
    within(300_000),
  );
}

async function guestToken(url) {
  const res = await fetch(`${url}/api/auth/guest/refresh`, {
    method: 'POST',
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok)
    throw new Error(
      `guest sign-in answered ${res.status}: ${await res.text()}`,
    );
  return (await res.json()).backstageIdentity.token;
}

/** Waits until every opted-in demo service has a finished report; returns the summary. */
export async function waitForReports(url) {
  const token = await guestToken(url);
  return waitUntil(
    'a finished report for every opted-in demo service',
    async () => {
      const res = await fetch(`${url}/api/kymaros/summary`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!res.ok)
        throw new Error(`/summary answered ${res.status}: ${await res.text()}`);
      const { items } = await res.json();
      const done = OPTED_IN.every(name =>
        items.some(
          i =>
            i.entityRef.endsWith(`/${name}`) &&
            i.result &&
            i.phase !== 'Running',
        ),
      );
      return done && items;
    },
    within(300_000),
  );
}

async function visible(page, text, timeout = 60_000) {
  await page.getByText(text).first().waitFor({ state: 'visible', timeout });
}

async function signIn(page, url) {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.first().waitFor({ timeout: 90_000 });
  await enter.first().click();
  await page
    .getByText(/catalog|components/i)
    .first()
    .waitFor({ timeout: 60_000 });
}

export async function checkInBrowser({ url, shots, variant, log }) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
    ],
  });
  const shot = (page, name) =>
    page.screenshot({
      path: path.join(shots, `${variant}-${name}.png`),
      fullPage: true,
    });
  try {
    const page = await browser.newPage({
      viewport: { width: 1440, height: 1000 },
    });
    await signIn(page, url);

    log('Restore tab of payments-api shows its report');
    await page.goto(`${url}${entity('payments-api')}/kymaros`);
    await visible(page, 'Restore test payments-api');
    await visible(page, /^Pass$/);
    await visible(page, 'ledger-has-rows');
    await shot(page, 'restore-tab');

    log('the card is on the overview of storefront, next to its Restore tab');
    await page.goto(`${url}${entity('storefront')}`);
    await visible(page, 'View restore details');
    await visible(page, 'Backup age');
    await visible(page, RESTORE_TAB);
    await shot(page, 'overview-card');

    log(`no Restore tab and no card on ${NOT_OPTED_IN}, which did not opt in`);
    await page.goto(`${url}${entity(NOT_OPTED_IN)}`);
    // The tab bar and the overview's cards must have rendered before an absence means anything.
    await visible(page, /^Overview$/i);
    await visible(page, 'About');
    for (const absent of [RESTORE_TAB, 'View restore details'])
      if ((await page.getByText(absent).count()) !== 0)
        throw new Error(`${NOT_OPTED_IN} shows ${absent}`);

    log(
      'the nav item opens the Restore confidence page, which lists the services',
    );
    await page
      .getByRole('link', { name: /restore confidence/i })
      .first()
      .click();
    await page.waitForURL(/\/kymaros$/, { timeout: 30_000 });
    for (const name of OPTED_IN) await visible(page, name);
    await shot(page, 'overview-page');
  } finally {
    await browser.close();
  }
}
