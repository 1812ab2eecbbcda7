// Coverage on every page: the not-covered card, the catalog's Restore column, the team card;
// then the overview and a Restore tab at phone width.
import { entity, restoreTab, until, visible } from '../pageHelpers.mjs';

const DESKTOP = { width: 1440, height: 1000 };
const PHONE = { width: 390, height: 844 };

// The catalog's table row of one entity, found by its name link.
const catalogRow = (page, name) =>
  page.locator('tr', {
    has: page.getByRole('link', { name, exact: true }),
  });

// Elements that end past the viewport's right edge push content off-screen, or are cut off
// where a card clips them; those inside a box that scrolls sideways on purpose (a log) are fine.
async function overflowing(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrolls = el => {
      for (let a = el.parentElement; a; a = a.parentElement) {
        const x = getComputedStyle(a).overflowX;
        if (x === 'auto' || x === 'scroll') return true;
      }
      return false;
    };
    const wide = [];
    for (const el of document.querySelectorAll('main *')) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > width + 1 && !scrolls(el)) {
        const text = (el.textContent ?? '').trim().slice(0, 40);
        wide.push(
          `${el.tagName.toLowerCase()} "${text}" ends at ${Math.round(
            box.right,
          )}px`,
        );
      }
    }
    return {
      width,
      scrollWidth: document.documentElement.scrollWidth,
      wide: wide.slice(0, 5),
    };
  });
}

// Words broken mid-letter: cells whose text may wrap inside a word that fits its line
// (break-all, anywhere, or the theme's word-break: break-word).
async function brokenWords(page) {
  return page.evaluate(() => {
    const broken = [];
    for (const el of document.querySelectorAll('main td, main th, main li')) {
      const style = getComputedStyle(el);
      if (
        style.wordBreak === 'break-all' ||
        style.wordBreak === 'break-word' ||
        style.overflowWrap === 'anywhere' ||
        style.lineBreak === 'anywhere'
      )
        broken.push((el.textContent ?? '').trim().slice(0, 40));
    }
    return broken.slice(0, 5);
  });
}

async function readableAtPhoneWidth(page, what) {
  const { width, scrollWidth, wide } = await overflowing(page);
  if (scrollWidth > width + 1 || wide.length)
    throw new Error(
      `${what} at ${width}px is wider than the screen (${scrollWidth}px) or cut off: ${wide.join(
        '; ',
      )}`,
    );
  const broken = await brokenWords(page);
  if (broken.length)
    throw new Error(`${what} breaks words mid-letter in: ${broken.join('; ')}`);
}

export const scenarios = [
  {
    name: 'a production service that did not opt in shows the not-covered card with the annotations to add',
    async run({ page, appUrl, shot }) {
      await page.goto(`${appUrl}${entity('billing-worker')}`);
      await visible(page, 'No restore test covers billing-worker');
      await visible(page, 'kymaros.io/enabled: "true"');
      await visible(page, 'kymaros.io/namespaces: "billing"');
      // Still neither the tab nor the results card of an opted-in service.
      if ((await restoreTab(page).count()) !== 0)
        throw new Error(
          'billing-worker, which did not opt in, has a Restore tab',
        );
      if ((await page.getByText('View restore details').count()) !== 0)
        throw new Error('billing-worker shows the results card');
      await shot('billing-worker-coverage-card');

      // An opted-in service has no such card.
      await page.goto(`${appUrl}${entity('payments-api')}`);
      await visible(page, 'View restore details');
      if ((await page.getByText(/No restore test covers/).count()) !== 0)
        throw new Error(
          'payments-api, which opted in, shows the not-covered card',
        );
    },
  },
  {
    name: "the catalog table has a Restore column with each service's result",
    async run({ page, appUrl, shot }) {
      await page.goto(
        `${appUrl}/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all`,
      );
      await page
        .getByRole('columnheader', { name: 'Restore' })
        .first()
        .waitFor({ timeout: 60_000 });
      const expected = {
        'payments-api': 'result-pass',
        orders: 'result-fail',
        'analytics-pipeline': 'result-partial',
        'media-archive': 'result-error',
      };
      for (const [name, testId] of Object.entries(expected)) {
        await catalogRow(page, name)
          .getByTestId(testId)
          .first()
          .waitFor({ timeout: 60_000 });
      }
      await catalogRow(page, 'billing-worker')
        .getByText('Not covered')
        .waitFor({ timeout: 60_000 });
      // Seen without scrolling sideways, next to names that wrap between words.
      const header = await page
        .getByRole('columnheader', { name: 'Restore' })
        .first()
        .boundingBox();
      const width = page.viewportSize().width;
      if (!header || header.x + header.width > width)
        throw new Error(
          `the Restore column is off-screen at ${width}px: ${JSON.stringify(
            header,
          )}`,
        );
      const nameBreak = await catalogRow(page, 'analytics-pipeline')
        .getByRole('link', { name: 'analytics-pipeline', exact: true })
        .evaluate(link => getComputedStyle(link.closest('td')).wordBreak);
      if (nameBreak !== 'normal')
        throw new Error(
          `catalog names break mid-word (word-break: ${nameBreak})`,
        );
      const scoreWrap = await catalogRow(page, 'payments-api')
        .getByLabel('score 100')
        .evaluate(score => getComputedStyle(score.closest('td')).whiteSpace);
      if (scoreWrap !== 'nowrap')
        throw new Error(
          `the Restore cell may break its score (white-space: ${scoreWrap})`,
        );
      await shot('catalog-restore-column');
    },
  },
  {
    name: "a team's page summarises its services' restore state",
    async run({ page, appUrl, shot }) {
      await page.goto(`${appUrl}/catalog/default/group/team-payments`);
      const card = page.locator('div', {
        has: page.getByText('Needs attention', { exact: true }),
      });
      await visible(page, 'Needs attention');
      const stats = page.getByLabel("Restore state of the team's services");
      await until(
        'the team card counts one passing, one not covered',
        async () => {
          const text = await stats.innerText();
          return /1\s*Passing/.test(text) && /1\s*Not covered/.test(text);
        },
      );
      await card
        .getByLabel('Services that need attention')
        .getByText('billing-worker')
        .waitFor();
      await shot('team-payments-card');
    },
  },
  {
    name: 'the overview and a Restore tab read well on a 390 px phone',
    async run({ page, appUrl, shot }) {
      await page.setViewportSize(PHONE);
      try {
        await page.goto(`${appUrl}/kymaros`);
        await visible(page, 'Restore tests, worst first');
        await visible(page, 'orders');
        await page.waitForLoadState('networkidle');
        await shot('overview-390');
        await readableAtPhoneWidth(page, 'the overview');

        await page.goto(`${appUrl}${entity('orders')}/kymaros`);
        await visible(page, 'Restore test orders');
        await page.waitForLoadState('networkidle');
        await shot('orders-restore-tab-390');
        await readableAtPhoneWidth(page, "orders' Restore tab");
      } finally {
        await page.setViewportSize(DESKTOP);
      }
    },
  },
];
