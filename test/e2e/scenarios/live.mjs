// Live pages: the overview, the Restore tab and the entity card follow runs started elsewhere
// (Backstage signals), without a reload, and nothing is requested while nothing runs.
import { entity, until, visible } from '../pageHelpers.mjs';

const PAYMENTS = encodeURIComponent(
  'component:default/payments-api:payments-api',
);
// A payments-api run in the demo takes well under a minute.
const RUN_MS = 120_000;

/** Starts a payments-api run through the API, as another user or a script would. */
async function startRunElsewhere(request, api) {
  await until(
    'payments-api is not running',
    async () => (await api(`/tests/${PAYMENTS}`)).status.phase !== 'Running',
    RUN_MS,
  );
  const res = await request(`/tests/${PAYMENTS}/run`, { method: 'POST' });
  if (res.status !== 202)
    throw new Error(
      `POST run of payments-api answered ${res.status} ${await res.text()}`,
    );
}

/** Marks the document, so that a reload (which drops the mark) is caught. */
const mark = page => page.evaluate(() => (window.__kymarosLive = true));
async function expectNoReload(page) {
  if (!(await page.evaluate(() => window.__kymarosLive === true)))
    throw new Error('the page was reloaded');
}

/** Requests to the Kymaros API the page makes over `ms`. */
async function kymarosRequestsOver(page, ms) {
  const seen = [];
  const onRequest = r => {
    if (r.url().includes('/api/kymaros/')) seen.push(r.url());
  };
  page.on('request', onRequest);
  await page.waitForTimeout(ms);
  page.off('request', onRequest);
  return seen;
}

export const scenarios = [
  {
    name: 'the overview requests nothing while nothing runs, then follows a run started elsewhere without a reload',
    async run({ page, appUrl, api, request, shot }) {
      await page.goto(`${appUrl}/kymaros`);
      await visible(page, 'Restore tests, worst first');
      const row = page.locator('tr', {
        has: page.getByRole('link', { name: 'payments-api', exact: true }),
      });
      await row.waitFor();
      await until(
        'no run is going',
        async () =>
          (await api('/summary')).items.every(i => i.phase !== 'Running'),
        RUN_MS,
      );
      const idle = await kymarosRequestsOver(page, 10_000);
      if (idle.length)
        throw new Error(
          `the idle overview made ${idle.length} request(s): ${idle.join(
            ', ',
          )}`,
        );

      await mark(page);
      const before = (await api(`/tests/${PAYMENTS}`)).status.lastReportName;
      await startRunElsewhere(request, api);
      await row.getByText('running').waitFor({ timeout: 30_000 });
      await shot('live-overview-running');
      await row
        .getByText('running')
        .waitFor({ state: 'detached', timeout: RUN_MS });
      const after = (await api(`/tests/${PAYMENTS}`)).status;
      if (after.lastReportName === before)
        throw new Error('the run ended without a new report');
      const item = (await api('/summary?search=payments-api')).items.find(
        i => i.testName === 'payments-api',
      );
      // The row's last-run time is the new run's, without a reload.
      await row
        .locator(`time[datetime="${item.lastRunAt}"]`)
        .waitFor({ timeout: 30_000 });
      await expectNoReload(page);
      await shot('live-overview-finished');
    },
  },
  {
    name: 'the Restore tab follows a run started elsewhere and says when it finished, with its result',
    async run({ page, appUrl, api, request, shot }) {
      await page.goto(`${appUrl}${entity('payments-api')}/kymaros`);
      await visible(page, 'Restore test payments-api');
      await page.getByRole('button', { name: /run now/i }).waitFor();
      await mark(page);
      await startRunElsewhere(request, api);
      // The status card's own line (pod lists below also say "Running").
      const progress = page.getByText('Run in progress:', { exact: true });
      await progress.waitFor({ timeout: 30_000 });
      await shot('live-tab-running');
      const notice = page
        .getByRole('alert')
        .filter({ hasText: 'Run finished' });
      await notice.waitFor({ timeout: RUN_MS });
      const text = await notice.innerText();
      if (
        !/Run finished at .*: Pass, score \d+\/100; its report is below/.test(
          text,
        )
      )
        throw new Error(`the notice says "${text}"`);
      await expectNoReload(page);
      await notice.scrollIntoViewIfNeeded();
      await shot('live-tab-run-finished');
    },
  },
  {
    name: 'the entity card shows a run in progress and then its result, without a reload',
    async run({ page, appUrl, api, request, shot }) {
      await page.goto(`${appUrl}${entity('payments-api')}`);
      await visible(page, 'Restore confidence');
      await mark(page);
      await startRunElsewhere(request, api);
      await visible(page, /^Run in progress/, 30_000);
      await shot('live-card-running');
      await page
        .getByText(/^Run in progress/)
        .first()
        .waitFor({ state: 'detached', timeout: RUN_MS });
      await expectNoReload(page);
      await shot('live-card-finished');
    },
  },
];
