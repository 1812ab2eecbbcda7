// Backup coverage: the overview lists the services whose backups need attention, a service's
// Restore tab shows its schedules, and "Back up now" creates a backup the simulated cluster takes.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { entity, until, visible } from '../pageHelpers.mjs';

const DESKTOP = { width: 1440, height: 1000 };
const PHONE = { width: 390, height: 844 };
// Written by the demo backend when it starts the simulator (app-config.yaml, kymaros.simulator).
const KUBECONFIG = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../.kube-simulator/kubeconfig',
);

const LABELS = {
  covered: 'Covered',
  'no-schedule': 'No schedule',
  failing: 'Failing',
  stale: 'Stale',
  unknown: 'Unknown',
};

// How the overview names a test: the entity, and the test when its name differs.
const serviceName = item => {
  const name = item.entityRef.split('/').pop();
  return item.testName === name ? name : `${name} (test ${item.testName})`;
};

const coverageList = page =>
  page.getByRole('list', { name: 'Services whose backups need attention' });
const backupsCard = (page, testName) =>
  page.getByRole('region', { name: `Backups of restore test ${testName}` });

// A Velero Backup as the cluster holds it, wherever the backend put it.
async function clusterBackup(name) {
  const { KubeConfig, CustomObjectsApi } = await import(
    '@kubernetes/client-node'
  );
  const kc = new KubeConfig();
  kc.loadFromFile(KUBECONFIG);
  const list = await kc
    .makeApiClient(CustomObjectsApi)
    .listClusterCustomObject({
      group: 'velero.io',
      version: 'v1',
      plural: 'backups',
    });
  return list.items.find(b => b.metadata.name === name);
}

// Nothing in the page's main area ends past the screen's right edge, nor scrolls the page sideways.
async function fitsTheScreen(page, what) {
  const { width, scrollWidth, wide } = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const scrolls = el => {
      for (let a = el.parentElement; a; a = a.parentElement) {
        const x = getComputedStyle(a).overflowX;
        if (x === 'auto' || x === 'scroll') return true;
      }
      return false;
    };
    const past = [...document.querySelectorAll('main *')]
      .filter(el => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > w + 1 && !scrolls(el);
      })
      .map(
        el => `${el.tagName} "${(el.textContent ?? '').trim().slice(0, 40)}"`,
      );
    return {
      width: w,
      scrollWidth: document.documentElement.scrollWidth,
      wide: past.slice(0, 5),
    };
  });
  if (scrollWidth > width + 1 || wide.length)
    throw new Error(
      `${what} at ${width}px is wider than the screen (${scrollWidth}px) or cut off: ${wide.join(
        '; ',
      )}`,
    );
}

export const scenarios = [
  {
    name: 'the overview lists the services whose backups need attention, worst first, with a count per status',
    async run({ page, appUrl, api, shot, log }) {
      const { items } = await api('/backup-coverage');
      const statuses = [...new Set(items.map(i => i.status))];
      log(
        `backup coverage: ${items
          .map(i => `${serviceName(i)}=${i.status}`)
          .join(' ')}`,
      );
      if (items.length < 6)
        throw new Error(
          `the backend reports the backup coverage of ${items.length} demo tests, not every one`,
        );
      const notCovered = items.filter(i => i.status !== 'covered');
      if (!notCovered.length || !items.some(i => i.status === 'covered'))
        throw new Error(
          `the demo should have covered and not-covered services; statuses: ${statuses.join(
            ', ',
          )}`,
        );

      await page.goto(`${appUrl}/kymaros`);
      await visible(page, 'Backup coverage');
      const list = coverageList(page);
      await list.waitFor({ timeout: 60_000 });
      const rows = list.getByRole('listitem');
      await until(
        `the card lists the ${notCovered.length} services not covered`,
        async () => (await rows.count()) === Math.min(notCovered.length, 10),
      );
      // In the backend's order, worst first, each with its chip and sentence.
      for (const [i, item] of notCovered.slice(0, 10).entries()) {
        const row = rows.nth(i);
        const link = row.getByRole('link', { name: serviceName(item) });
        if ((await link.count()) !== 1)
          throw new Error(`row ${i + 1} is not ${serviceName(item)}`);
        await row.getByTestId(`coverage-${item.status}`).waitFor();
        await row.getByText(item.detail).waitFor();
      }
      for (const status of statuses) {
        const count = items.filter(i => i.status === status).length;
        await visible(
          page,
          new RegExp(`${count} ${LABELS[status].toLowerCase()}`),
        );
      }
      await page.waitForLoadState('networkidle');
      // The page scrolls inside its content area: bring the card into the picture.
      await list.scrollIntoViewIfNeeded();
      await shot('backup-coverage-overview');

      // Each links to the service's Restore tab, where its Backups card is.
      const first = notCovered[0];
      await rows.first().getByRole('link').click();
      await page.waitForURL(url => url.pathname.endsWith('/kymaros'));
      await backupsCard(page, first.testName)
        .getByText(first.detail)
        .waitFor({ timeout: 60_000 });
    },
  },
  {
    name: "a service's Restore tab shows its schedules and the namespaces none covers",
    async run({ page, appUrl, api, shot }) {
      const { items } = await api(
        `/backup-coverage?entityRef=${encodeURIComponent(
          'component:default/payments-api',
        )}`,
      );
      const payments = items[0];
      if (!payments?.schedules.length)
        throw new Error(
          `payments-api has no schedule in the demo: ${JSON.stringify(
            payments,
          )}`,
        );
      await page.goto(`${appUrl}${entity('payments-api')}/kymaros`);
      const card = backupsCard(page, payments.testName);
      await card.waitFor({ timeout: 60_000 });
      await card.getByTestId(`coverage-${payments.status}`).waitFor();
      for (const schedule of payments.schedules) {
        const row = card.locator('tr', {
          hasText: `${schedule.namespace}/${schedule.name}`,
        });
        await row.waitFor();
        if (schedule.cron) await row.getByText(schedule.cron).waitFor();
        if (schedule.lastSuccess)
          await row
            .getByText(/ago|yesterday/)
            .first()
            .waitFor();
      }
      await card.scrollIntoViewIfNeeded();
      await shot('payments-backups');

      // A service with a namespace no schedule covers says which.
      const { items: all } = await api('/backup-coverage');
      const gap = all.find(i => i.uncovered.length);
      if (gap) {
        await page.goto(
          `${appUrl}${entity(gap.entityRef.split('/').pop())}/kymaros`,
        );
        const gapCard = backupsCard(page, gap.testName);
        await gapCard
          .getByText(/No backup schedule covers namespace/)
          .waitFor({ timeout: 60_000 });
        await gapCard.getByText(gap.uncovered[0]).first().waitFor();
        await gapCard.scrollIntoViewIfNeeded();
        await shot('backups-not-covered');
      }
    },
  },
  {
    name: 'Back up now asks first, names the backup it created, and the cluster takes it',
    async run({ page, appUrl, api, shot, log }) {
      await page.goto(`${appUrl}${entity('payments-api')}/kymaros`);
      const card = backupsCard(page, 'payments-api');
      await card.waitFor({ timeout: 60_000 });
      const button = card.getByRole('button', { name: 'Back up now' });
      await until('Back up now is enabled', () => button.isEnabled());
      await button.click();
      const dialog = page.getByRole('dialog');
      await dialog
        .getByText(
          'This creates a Velero backup of namespace payments (cluster simulator) now, outside any schedule.',
        )
        .waitFor();
      await shot('back-up-now-confirm');
      await dialog.getByRole('button', { name: 'Back up now' }).click();
      const notice = card.getByText(/was created in cluster simulator/);
      await notice.waitFor({ timeout: 60_000 });
      const name = (await notice.locator('code').innerText()).trim();
      log(`Back up now created ${name}`);
      await shot('back-up-now-created');

      const backup = await clusterBackup(name);
      if (!backup) throw new Error(`the cluster has no Velero backup ${name}`);
      if (
        JSON.stringify(backup.spec?.includedNamespaces) !==
        JSON.stringify(['payments'])
      )
        throw new Error(
          `backup ${name} includes ${JSON.stringify(
            backup.spec?.includedNamespaces,
          )}, not payments`,
        );
      let phase;
      await until(
        `Velero completes backup ${name}`,
        async () => {
          phase = (await clusterBackup(name))?.status?.phase;
          return phase === 'Completed';
        },
        90_000,
      );
    },
  },
  {
    name: 'the backup cards read well on a 390 px phone',
    async run({ page, appUrl, shot }) {
      await page.setViewportSize(PHONE);
      try {
        await page.goto(`${appUrl}/kymaros`);
        await coverageList(page).waitFor({ timeout: 60_000 });
        await page.waitForLoadState('networkidle');
        await coverageList(page).scrollIntoViewIfNeeded();
        await shot('backup-coverage-overview-390');
        await fitsTheScreen(page, 'the overview');
        // Each sentence is shown whole, not cut to one line with an ellipsis.
        const cut = await coverageList(page).evaluate(list =>
          [...list.querySelectorAll('p, span')]
            .filter(el => el.scrollWidth > el.clientWidth + 1)
            .map(el => el.textContent.slice(0, 60)),
        );
        if (cut.length)
          throw new Error(`the coverage card cuts off: ${cut.join('; ')}`);

        await page.goto(`${appUrl}${entity('payments-api')}/kymaros`);
        const card = backupsCard(page, 'payments-api');
        await card.waitFor({ timeout: 60_000 });
        await page.waitForLoadState('networkidle');
        await card.scrollIntoViewIfNeeded();
        await shot('payments-backups-390');
        await fitsTheScreen(page, "payments-api's Restore tab");
      } finally {
        await page.setViewportSize(DESKTOP);
      }
    },
  },
];
