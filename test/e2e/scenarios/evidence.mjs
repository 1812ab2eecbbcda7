// What a run keeps before its sandboxes go: the failing pod's state, logs and events, the failed
// checks, the provider's restore log, and the download of all of it.
import { readFileSync } from 'node:fs';
import { entity, visible } from '../pageHelpers.mjs';

// The Restore tab's own components render the same in both frontend systems: these run on the new
// app only. Each system's wiring (tabs, cards, catalog column, signals) is covered on both apps by
// basics, coverage and live.
export const apps = ['app'];

// The orders database's pod panel, whatever the run's sandbox was called.
const postgresPanel = page =>
  page.locator('[id^="kymaros-evidence-pod-"][id$="-orders-postgres-0"]');

async function openOrders(page, appUrl, hash = '') {
  await page.goto(`${appUrl}${entity('orders')}/kymaros${hash}`);
  await visible(page, 'Restore test orders', 180_000);
  await page.locator('#kymaros-evidence').waitFor({ timeout: 60_000 });
  await postgresPanel(page).waitFor({ timeout: 60_000 });
}

export const scenarios = [
  {
    name: "the orders tab shows the OOMKilled pod's termination, and once opened its log tail and events",
    async run({ page, appUrl, shot }) {
      await openOrders(page, appUrl);
      const panel = postgresPanel(page);
      // Seen without opening anything.
      await panel
        .getByText(/Last terminated: OOMKilled \(exit code 137\)/)
        .waitFor({ timeout: 30_000 });
      await panel
        .getByText(/CrashLoopBackOff/)
        .first()
        .waitFor();
      await page.locator('#kymaros-evidence').scrollIntoViewIfNeeded();
      await shot('orders-evidence-folded');
      await panel.getByText('orders-postgres-0', { exact: true }).click();
      await panel
        .getByText(/previous instance/)
        .first()
        .waitFor();
      await panel
        .getByText(/terminated by signal 9/)
        .first()
        .waitFor();
      await panel.getByText(/Warning BackOff Pod\/orders-postgres-0/).waitFor();
      await panel
        .getByRole('list', { name: 'Containers of orders-postgres-0' })
        .getByText(/OOMKilled \(exit code 137\)/)
        .waitFor();
      // The failed check links to the pod it targets.
      const id = await panel.getAttribute('id');
      const link = page
        .locator('#kymaros-evidence')
        .getByRole('link', { name: 'orders-postgres-0' });
      if ((await link.getAttribute('href')) !== `#${id}`)
        throw new Error(`the check's link does not point at #${id}`);
      await visible(page, /velero restore kymaros-/);
      await panel.scrollIntoViewIfNeeded();
      await shot('orders-evidence-open');
    },
  },
  {
    name: 'a link to a pod opens its evidence',
    async run({ page, appUrl }) {
      await openOrders(page, appUrl);
      const id = await postgresPanel(page).getAttribute('id');
      await openOrders(page, appUrl, `#${id}`);
      await postgresPanel(page)
        .getByText(/terminated by signal 9/)
        .first()
        .waitFor({ timeout: 30_000 });
    },
  },
  {
    name: 'Download evidence saves the whole evidence as JSON',
    async run({ page, appUrl }) {
      await openOrders(page, appUrl);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download evidence' }).click(),
      ]);
      if (!/-evidence\.json$/.test(download.suggestedFilename()))
        throw new Error(`downloaded ${download.suggestedFilename()}`);
      const evidence = JSON.parse(readFileSync(await download.path(), 'utf8'));
      const pod = evidence.podLogs.find(p => p.podName === 'orders-postgres-0');
      const ended = pod?.containerStates?.[0]?.lastTermination;
      if (ended?.reason !== 'OOMKilled')
        throw new Error(
          `the file does not say the database was OOMKilled: ${JSON.stringify(
            ended,
          )}`,
        );
      if (!evidence.restore?.log?.includes('restore completed'))
        throw new Error('the file has no restore log');
      if (!pod.containers.some(c => c.log.includes('signal 9')))
        throw new Error('the file has no database log');
    },
  },
  {
    name: "the partial service shows the provider's restore error",
    async run({ page, appUrl, shot }) {
      await page.goto(`${appUrl}${entity('catalog-search')}/kymaros`);
      await visible(page, 'Restore test catalog-search', 180_000);
      await page.locator('#kymaros-evidence').waitFor({ timeout: 60_000 });
      const section = page.locator('#kymaros-evidence');
      await section
        .getByText(/admission webhook "secrets-policy\.example\.com" denied/)
        .first()
        .waitFor({ timeout: 60_000 });
      await section.scrollIntoViewIfNeeded();
      await shot('catalog-search-evidence');
    },
  },
  {
    name: 'the evidence reads on a phone',
    async run({ page, appUrl, shot }) {
      await page.setViewportSize({ width: 390, height: 844 });
      try {
        await openOrders(page, appUrl);
        await postgresPanel(page)
          .getByText('orders-postgres-0', { exact: true })
          .click();
        await postgresPanel(page)
          .getByText(/terminated by signal 9/)
          .first()
          .waitFor();
        await postgresPanel(page).scrollIntoViewIfNeeded();
        await shot('orders-evidence-390');
      } finally {
        await page.setViewportSize({ width: 1440, height: 1000 });
      }
    },
  },
];
