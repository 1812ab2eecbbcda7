// Honest signals and remedies: passed, failed and not-tested items told apart, a remedy for
// each failure, "—" for a run that could not be evaluated, the card's top reason, and tests
// not run yet counted apart from errors.
import { entity, until, visible } from '../pageHelpers.mjs';

// The Restore tab's own components render the same in both frontend systems: these run on the new
// app only. Each system's wiring (tabs, cards, catalog column, signals) is covered on both apps by
// basics, coverage and live.
export const apps = ['app'];

const level = (page, key) => page.getByTestId(`level-${key}`);
const items = (page, key, state) =>
  level(page, key).getByTestId(`items-${state}`);

async function openTab(page, appUrl, name) {
  await page.goto(`${appUrl}${entity(name)}/kymaros`);
  await visible(page, `Restore test ${name}`, 180_000);
  await level(page, 'restoreIntegrity').waitFor();
}

/** Waits until the element's text matches: the element itself, not one inside it. */
async function hasText(locator, pattern, what) {
  await until(what, async () =>
    pattern.test(
      (await locator
        .first()
        .textContent()
        .catch(() => '')) ?? '',
    ),
  );
}

async function expectChip(list, name, what) {
  if ((await list.getByText(name, { exact: true }).count()) !== 1)
    throw new Error(`${name} is not listed as ${what}`);
}

async function expectNone(list, what) {
  if ((await list.count()) !== 0)
    throw new Error(`a list of ${what} items is shown where none belongs`);
}

export const scenarios = [
  {
    name: 'orders: the crash-looping database is failed, the checks after it not tested with the reason',
    async run({ page, appUrl, shot }) {
      await openTab(page, appUrl, 'orders');
      await expectChip(
        items(page, 'podStartup', 'failed'),
        'orders-postgres',
        'failed pod startup',
      );
      await expectChip(
        items(page, 'podStartup', 'passed'),
        'orders-api',
        'passed pod startup',
      );
      await expectNone(items(page, 'podStartup', 'notTested'), 'not-tested');
      await expectChip(
        items(page, 'internalHealth', 'failed'),
        'postgres-pod-ready',
        'a failed check',
      );
      const notTested = items(page, 'internalHealth', 'notTested');
      await expectChip(notTested, 'api-http-ready', 'a check not tested');
      await notTested
        .getByText(
          'Why not tested: Skipped: postgres-pod-ready failed, downstream checks aborted',
        )
        .waitFor();
      await level(page, 'podStartup').scrollIntoViewIfNeeded();
      await shot('signals-orders-levels');
    },
  },
  {
    name: "orders: What to fix gives the OOMKilled remedy with the database's log tail and a link to its evidence",
    async run({ page, appUrl, shot }) {
      await openTab(page, appUrl, 'orders');
      const remedy = page
        .getByTestId('remedy')
        .filter({ hasText: 'Pod orders-postgres-0 was OOMKilled' });
      await remedy.waitFor({ timeout: 30_000 });
      await remedy.getByText(/sandbox\.limitRange\.defaultMemory/).waitFor();
      await hasText(
        remedy.getByLabel('Log tail'),
        /terminated by signal 9/,
        "the remedy quotes the database's log tail",
      );
      const href = await remedy
        .getByRole('link', { name: 'See the evidence' })
        .getAttribute('href');
      if (
        !/^#kymaros-evidence-pod-kymaros-orders-.+-orders-postgres-0$/.test(
          href,
        )
      )
        throw new Error(`the remedy links to ${href}, not the pod's evidence`);
      await page
        .getByTestId('not-evaluated')
        .getByText(
          /Cross-namespace dependencies\. Why: pod startup did not complete\./,
        )
        .waitFor();
      await remedy.scrollIntoViewIfNeeded();
      await shot('signals-orders-what-to-fix');
      // The link lands on the pod's evidence.
      await remedy.getByRole('link', { name: 'See the evidence' }).click();
      await until('the pod evidence is in view', async () =>
        page.locator(href).isVisible(),
      );
    },
  },
  {
    name: 'catalog-search: the missing Secret and the failing check are failed, with the webhook remedy',
    async run({ page, appUrl, shot }) {
      await openTab(page, appUrl, 'catalog-search');
      await expectChip(
        items(page, 'completeness', 'failed'),
        'search/Secret/search-opensearch-credentials',
        'a missing object',
      );
      await expectNone(items(page, 'completeness', 'notTested'), 'not-tested');
      await expectChip(
        items(page, 'internalHealth', 'failed'),
        'index-green',
        'a failed check',
      );
      const webhook = page
        .getByTestId('remedy')
        .filter({ hasText: 'Admission webhook secrets-policy.example.com' });
      await webhook
        .getByText(/kymaros\.io\/managed-by=kymaros-backstage/)
        .waitFor();
      await page
        .getByTestId('remedy')
        .filter({ hasText: '1 Secret missing from the sandbox' })
        .waitFor();
      await shot('signals-catalog-search');
    },
  },
  {
    name: 'legacy-reports: the levels it never reached say why, and a Velero Schedule is offered',
    async run({ page, appUrl, shot }) {
      await openTab(page, appUrl, 'legacy-reports');
      const item = page.getByTestId('not-evaluated');
      await item
        .getByText(
          /Why: the run stopped before this step: No eligible velero backup covers namespace reports/,
        )
        .first()
        .waitFor();
      if (await item.getByText(/see the report detail/).count())
        throw new Error('a "Not evaluated" item still points at a detail view');
      await hasText(
        page.getByLabel('YAML to apply'),
        /kind: Schedule[\s\S]*includedNamespaces:\s+- reports/,
        'a Velero Schedule covering reports is offered',
      );
      await shot('signals-legacy-reports');
    },
  },
  {
    name: 'media-archive: a run that could not be evaluated shows "—", on the tab, the card and the overview',
    async run({ page, appUrl, shot }) {
      await page.goto(`${appUrl}${entity('media-archive')}/kymaros`);
      await visible(page, 'Restore test media-archive', 180_000);
      const gauge = page.getByRole('img', {
        name: 'No restore confidence score: the run could not be evaluated',
      });
      await gauge.waitFor();
      if ((await gauge.textContent()).includes('0'))
        throw new Error('the error run shows a score');
      if (await page.getByText(/^0 of 100 points/).count())
        throw new Error('the error run says 0 of 100 points');
      await shot('signals-media-archive-tab');

      await page.goto(`${appUrl}${entity('media-archive')}`);
      await visible(page, 'View restore details');
      await page
        .getByRole('img', {
          name: 'No restore confidence score: the run could not be evaluated',
        })
        .waitFor();
      await hasText(
        page.getByTestId('top-reason'),
        /^Not evaluated: Unsupported provider "trilio"/,
        'the card says why media-archive was not evaluated',
      );

      await page.goto(`${appUrl}/kymaros`);
      await visible(page, 'Restore tests, worst first');
      const score = page.getByRole('link', {
        name: 'Restore details of component:default/media-archive',
      });
      await until(
        'the overview lists media-archive',
        async () => (await score.count()) >= 1,
      );
      const scoreText = (await score.first().textContent()).trim();
      if (scoreText !== '—')
        throw new Error(`the overview scores the error run "${scoreText}"`);
      await score.first().scrollIntoViewIfNeeded();
      await shot('signals-media-archive-overview');
    },
  },
  {
    name: 'the overview counts tests not run yet apart from errors and invalid definitions',
    async run({ page, appUrl, api, shot }) {
      const { counts } = await api('/summary');
      await page.goto(`${appUrl}/kymaros`);
      await visible(page, 'Restore tests, worst first');
      const tile = id => page.getByTestId(`tile-${id}`);
      const expectTile = async (id, label, value) => {
        const text = (await tile(id).textContent()).trim();
        if (text !== `${value}${label}`)
          throw new Error(`tile ${id} reads "${text}", not ${value} ${label}`);
      };
      await tile('never').waitFor();
      // media-archive's error is counted as an error, not as "not run yet".
      if (counts.error < 1) throw new Error('the demo has no error run');
      await expectTile('error', 'Could not be evaluated', counts.error);
      await expectTile('invalid', 'Invalid definition', counts.invalid);
      await expectTile('never', 'Not run yet', counts.never);
      await shot('signals-overview-tiles');
    },
  },
  {
    name: 'the orders card gives the top reason of its failure and no green mark beside it',
    async run({ page, appUrl, shot }) {
      await page.goto(`${appUrl}${entity('orders')}`);
      await visible(page, 'View restore details');
      await hasText(
        page.getByTestId('top-reason'),
        /^Why: Pod startup: Pod orders-postgres-0 entered CrashLoopBackOff: container OOMKilled$/,
        'the card gives the top reason of the failure',
      );
      if (await page.getByText(/within SLA/).count())
        throw new Error('the card still says "within SLA" beside a Fail');
      await page.getByTestId('top-reason').scrollIntoViewIfNeeded();
      await shot('signals-orders-card');
    },
  },
  {
    name: 'at phone width the orders levels and remedies stay readable',
    async run({ page, appUrl, shot }) {
      const wide = page.viewportSize();
      await page.setViewportSize({ width: 390, height: 844 });
      try {
        await openTab(page, appUrl, 'orders');
        await page
          .getByTestId('remedy')
          .filter({ hasText: 'Pod orders-postgres-0 was OOMKilled' })
          .waitFor({ timeout: 30_000 });
        await shot('signals-orders-390');
      } finally {
        await page.setViewportSize(wide);
      }
    },
  },
];
