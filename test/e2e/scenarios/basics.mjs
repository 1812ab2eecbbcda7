// The pages every user opens first: the tab, the card, Run now and the overview.
import { entity, restoreTab, until, visible } from '../pageHelpers.mjs';

// Every demo service that opted in (examples/entities.yaml).
const optedIn = [
  'payments-api',
  'catalog-search',
  'orders',
  'storefront',
  'legacy-reports',
  'analytics-pipeline',
  'ledger',
  'media-archive',
];

export const scenarios = [
  {
    name: 'the Restore tab and the card appear on a service that opted in, not on one that did not',
    async run({ page, appUrl, shot }) {
      // billing-worker is a production service without kymaros.io annotations.
      await page.goto(`${appUrl}${entity('billing-worker')}`);
      await visible(page, 'Background worker that issues invoices');
      // The page is complete once the catalog's own cards are there; Kymaros' would load alongside.
      await visible(page, 'Has subcomponents');
      await page.waitForLoadState('networkidle');
      if ((await restoreTab(page).count()) !== 0)
        throw new Error(
          'billing-worker, which did not opt in, has a Restore tab',
        );
      if ((await page.getByText('View restore details').count()) !== 0)
        throw new Error(
          'billing-worker, which did not opt in, shows the restore card',
        );
      await shot('billing-worker-not-opted-in');

      await page.goto(`${appUrl}${entity('payments-api')}`);
      await visible(page, 'View restore details');
      await restoreTab(page).first().click();
      await until('the Restore tab opens at /kymaros under the entity', () =>
        page.url().endsWith(`${entity('payments-api')}/kymaros`),
      );
      await visible(page, 'Restore test payments-api');
    },
  },
  {
    name: 'a passing service shows its score and nothing to fix',
    async run({ page, appUrl, shot }) {
      await page.goto(`${appUrl}${entity('payments-api')}/kymaros`);
      await visible(page, 'Restore test payments-api');
      await visible(page, 'Nothing to fix: every level earned full points.');
      await visible(page, /^Pass$/);
      await visible(page, 'payments-daily-20261122020000');
      await visible(page, 'ledger-has-rows');
      await shot('payments-api-restore-tab');
    },
  },
  {
    name: 'the OOMKilled service fails on pod startup with its downstream checks skipped',
    async run({ page, appUrl, shot }) {
      await page.goto(`${appUrl}${entity('orders')}/kymaros`);
      await visible(page, 'Restore test orders');
      await visible(page, /^Fail$/);
      await visible(page, /CrashLoopBackOff — OOMKilled/);
      await visible(
        page,
        'Skipped: postgres-pod-ready failed, downstream checks aborted',
      );
      await shot('orders-restore-tab');
    },
  },
  {
    name: 'the two-namespace service restored both namespaces and verified its dependency',
    async run({ page, appUrl, shot }) {
      await page.goto(`${appUrl}${entity('storefront')}/kymaros`);
      await visible(page, 'Restore test storefront');
      await visible(page, /cross-namespace dependencies verified/);
      await visible(page, /storefront-db\.storefront-data/);
      await shot('storefront-restore-tab');
      await page.goto(`${appUrl}${entity('storefront')}`);
      // The card's link to the tab proves the card itself rendered (the sidebar also says "Restore confidence").
      await visible(page, 'View restore details');
      await visible(page, 'Backup age');
      await shot('storefront-overview-card');
    },
  },
  {
    // The guest is a member of team-payments (examples/org.yaml), not of team-orders.
    name: 'Run now is offered for a service the user owns, not for one they do not, and the API agrees',
    async run({ page, appUrl, request, shot }) {
      await page.goto(`${appUrl}${entity('orders')}/kymaros`);
      await visible(page, 'Restore test orders');
      const refused = page.getByRole('button', { name: /run now/i });
      // A disabled button takes no pointer events: its wrapper shows the reason.
      await refused.locator('xpath=..').hover();
      await visible(
        page,
        'You do not have permission to run the restore tests of component:default/orders (kymaros.restoretest.run).',
      );
      if (!(await refused.isDisabled()))
        throw new Error(
          'Run now is enabled on orders, which the guest does not own',
        );
      await shot('orders-run-now-not-allowed');

      const id = encodeURIComponent('component:default/orders:orders');
      const res = await request(`/tests/${id}/run`, { method: 'POST' });
      const body = await res.json();
      if (res.status !== 403 || body.error?.name !== 'NotAllowedError') {
        throw new Error(
          `POST run of orders answered ${res.status} ${JSON.stringify(
            body,
          )}, expected 403 NotAllowedError`,
        );
      }

      await page.goto(`${appUrl}${entity('payments-api')}/kymaros`);
      await visible(page, 'Restore test payments-api');
      const allowed = page.getByRole('button', { name: /run now/i });
      await until(
        'Run now is enabled on payments-api, which the guest owns',
        () => allowed.isEnabled(),
      );
    },
  },
  {
    name: 'Run now starts a run and the new report appears by itself',
    async run({ page, appUrl, api, shot, log }) {
      const id = encodeURIComponent(
        'component:default/payments-api:payments-api',
      );
      const before = (await api(`/tests/${id}/reports`)).items.length;
      await page.goto(`${appUrl}${entity('payments-api')}/kymaros`);
      await visible(page, 'Restore test payments-api');
      await page.getByRole('button', { name: /run now/i }).click();
      log(`run requested (${before} report(s) kept before)`);
      await visible(page, `Report (${before + 1} kept)`, 180_000);
      const after = (await api(`/tests/${id}/reports`)).items;
      if (after.length !== before + 1)
        throw new Error(
          `expected ${before + 1} reports, found ${after.length}`,
        );
      if (after[0].status.triggeredBy === 'schedule')
        throw new Error('the new report was not triggered on demand');
      await shot('payments-api-after-run-now');
    },
  },
  {
    name: 'the sidebar item opens the overview, which lists every tested service worst first, and the coverage gap',
    async run({ page, appUrl, shot }) {
      await page.goto(`${appUrl}/catalog`);
      await page
        .locator('nav a', { hasText: /^Restore confidence$/ })
        .first()
        .click();
      await until('the sidebar item leads to /kymaros', () =>
        page.url().endsWith('/kymaros'),
      );
      await visible(page, 'Restore tests, worst first');
      await visible(page, 'Coverage gaps');
      await visible(page, 'billing-worker');
      const rows = await page.locator('table tbody tr').allInnerTexts();
      const names = rows.map(r => r.split('\n')[0].trim()).filter(Boolean);
      const pos = n => names.findIndex(x => x.includes(n));
      const missing = optedIn.filter(n => pos(n) < 0);
      if (missing.length > 0)
        throw new Error(
          `the overview lacks ${missing.join(', ')}; it lists ${names.join(
            ', ',
          )}`,
        );
      if (pos('orders') > pos('payments-api')) {
        throw new Error(
          `expected orders before payments-api (worst first), got ${names.join(
            ', ',
          )}`,
        );
      }
      await shot('overview');
    },
  },
];
