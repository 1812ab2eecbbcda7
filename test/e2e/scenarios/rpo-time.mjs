// Backup age against its RPO target, times in the viewer's zone, and the history chart's two scales.
import { entity, until, visible } from '../pageHelpers.mjs';

// The Restore tab's own components render the same in both frontend systems: these run on the new
// app only. Each system's wiring (tabs, cards, catalog column, signals) is covered on both apps by
// basics, coverage and live.
export const apps = ['app'];

// The first demo runs take a while after start-up.
const FIRST_REPORT_MS = 180_000;

/**
 * Runs `fn` with the browser's time zone set to Brussels (Chromium's own
 * emulation), whatever the machine's, then puts the zone back.
 */
async function inBrussels(page, fn) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTimezoneOverride', {
    timezoneId: 'Europe/Brussels',
  });
  try {
    await fn();
  } finally {
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: '' });
    await cdp.detach();
  }
}

export const scenarios = [
  {
    name: 'catalog-search: its backup age is shown beside the RTO and flagged as older than its RPO target',
    async run({ page, appUrl, shot }) {
      await page.goto(`${appUrl}${entity('catalog-search')}/kymaros`);
      await visible(page, 'Restore test catalog-search');
      await visible(page, 'Backup age (RPO)', FIRST_REPORT_MS);
      await visible(page, /old at restore, of 2h target/);
      await visible(page, /^Older than the 2h RPO target by /);
      // The RTO card sits beside it.
      await visible(page, 'Recovery time (RTO)');
      await visible(page, /RPO target 2h/);
      // What to fix names it.
      await visible(page, /^The backup was .* old, over its 2h RPO target$/);
      await page.getByText('Backup age (RPO)').first().scrollIntoViewIfNeeded();
      await shot('rpo-catalog-search-tab');

      // The card on the entity page says it too.
      await page.goto(`${appUrl}${entity('catalog-search')}`);
      await visible(page, 'older than the 2h RPO target');
    },
  },
  {
    name: 'the overview shows each backup age against its target and filters the breaches',
    async run({ page, appUrl, shot }) {
      await page.goto(`${appUrl}/kymaros`);
      await visible(page, 'Restore tests, worst first');
      await visible(page, 'Backup age (RPO)');
      const row = page.locator('tr', {
        has: page.getByRole('link', { name: 'catalog-search', exact: true }),
      });
      await row
        .getByText(/over 2h target/)
        .waitFor({ timeout: FIRST_REPORT_MS });
      const filter = page.getByRole('checkbox', { name: /^RPO breached/ });
      await filter.check();
      await until(
        'only the tests whose backup was older than their target are listed',
        async () =>
          (await page
            .getByRole('link', { name: 'payments-api', exact: true })
            .count()) === 0 && (await row.count()) === 1,
      );
      await shot('rpo-overview-breached');
      await filter.uncheck();
    },
  },
  {
    name: "times are in the viewer's zone, named; the next run is absolute and relative; the cron's zone is beside the schedule",
    async run({ page, appUrl, shot }) {
      await inBrussels(page, async () => {
        // Loaded after the zone changed, so every time is formatted in it.
        await page.goto(`${appUrl}${entity('payments-api')}/kymaros`);
        await visible(page, 'Restore test payments-api');
        // payments-api's RestoreTest fires in Brussels' zone.
        await visible(page, /schedule .* \(Europe\/Brussels, CET\)/);
        // Next run: an absolute time in the viewer's zone, then how soon.
        await visible(
          page,
          /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} CET \(in /,
          FIRST_REPORT_MS,
        );
        // Last run: the same, and how long ago.
        await visible(
          page,
          /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} CET \(.* ago\)$/,
          FIRST_REPORT_MS,
        );
        await shot('time-payments-api-brussels');
      });
    },
  },
  {
    name: 'the history chart puts score and RTO on separate scales and draws the RTO target with one run',
    async run({ page, appUrl, shot }) {
      await page.goto(`${appUrl}${entity('catalog-search')}/kymaros`);
      await visible(page, 'Restore test catalog-search');
      const chart = page.getByRole('group', {
        name: 'Score and RTO history',
      });
      await chart.waitFor({ timeout: FIRST_REPORT_MS });
      await chart.getByText('Score (0–100)').waitFor();
      await chart.getByText('Recovery time (RTO)').waitFor();
      await chart.getByText('target 10m', { exact: true }).waitFor();
      if ((await chart.getByTestId('rto-target').count()) !== 1)
        throw new Error('the RTO target is not drawn');
      await page
        .getByTestId('history-selected-run')
        .getByText(/^Selected:/)
        .waitFor();
      await visible(page, /score \d+ \(Partial\) · RTO .* its 10m target/);
      await chart.scrollIntoViewIfNeeded();
      await shot('chart-catalog-search');
    },
  },
];
