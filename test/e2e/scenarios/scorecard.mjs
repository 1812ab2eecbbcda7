// The restore scorecard: Tech Insights runs the Kymaros checks on the facts its retriever
// computed from the Kymaros summary, and the entity overview shows each check passing or failing
// as the service's latest restore says it should.
import { entity, until, visible } from '../pageHelpers.mjs';

// The card is enabled in app-config for the new app; the legacy app places it by hand, and both
// draw the same component, so one app is enough here.
export const apps = ['app'];

const SCORE_CHECK = 'Restore score at least 90';

// Each check on the card: its name and whether its icon says it passes or fails.
async function checkRows(page) {
  const rows = page.getByRole('list', { name: 'Restore checks' }).locator('li');
  const out = {};
  for (const row of await rows.all()) {
    const name = await row.getAttribute('data-check-name');
    const state = await row.locator('svg title').textContent();
    out[name.trim()] = state.trim();
  }
  return out;
}

// What the score check must say for a service, from its latest results in the Kymaros API:
// an error run scores nothing, so it fails whatever it stored.
async function expectedScoreCheck(api, name) {
  const { items } = await api(`/summary?search=${name}&limit=10`);
  const mine = items.filter(i => i.entityRef === `component:default/${name}`);
  if (!mine.length)
    throw new Error(`the Kymaros summary has no test of ${name}`);
  const passes = mine.every(i => i.result !== 'error' && i.score >= 90);
  return passes ? 'Passes' : 'Fails';
}

// Reloads until the card shows the three checks with the score check as expected: the facts are
// retrieved every minute, so the first run may predate the demo's first restore results.
async function scorecardOf(page, appUrl, api, name) {
  let rows = {};
  let expected;
  await until(
    `the scorecard of ${name} shows its restore result`,
    async () => {
      await page.goto(`${appUrl}${entity(name)}`);
      await visible(page, 'Restore scorecard');
      await page
        .getByText(/checks pass|No restore facts|not installed|could not run/)
        .first()
        .waitFor({ timeout: 30_000 });
      expected = await expectedScoreCheck(api, name);
      rows = await checkRows(page);
      if (Object.keys(rows).length === 3 && rows[SCORE_CHECK] === expected)
        return true;
      await new Promise(r => setTimeout(r, 5_000));
      return false;
    },
    180_000,
  ).catch(e => {
    throw new Error(
      `${e.message}; expected ${expected}, card shows ${JSON.stringify(rows)}`,
    );
  });
  return { rows, expected };
}

export const scenarios = [
  {
    name: 'the entity overview shows the restore scorecard with each Tech Insights check passing or failing',
    async run({ page, appUrl, api, shot, log }) {
      const passing = await scorecardOf(page, appUrl, api, 'payments-api');
      log(`payments-api scorecard: ${JSON.stringify(passing.rows)}`);
      for (const check of [
        SCORE_CHECK,
        'Restore tested within 7 days',
        'RTO within target',
      ])
        if (!passing.rows[check])
          throw new Error(`the scorecard lacks the check "${check}"`);
      // Each check says what it asks for.
      await visible(page, /scored 90 or more/);
      await visible(page, /has run in the last 7 days/);
      // Just tested by the demo: the recency check passes.
      if (passing.rows['Restore tested within 7 days'] !== 'Passes')
        throw new Error(
          'payments-api was tested minutes ago, yet fails the 7-day check',
        );
      await page
        .getByText('Restore scorecard')
        .first()
        .scrollIntoViewIfNeeded();
      await shot('scorecard-payments-api');

      const failing = await scorecardOf(page, appUrl, api, 'orders');
      log(`orders scorecard: ${JSON.stringify(failing.rows)}`);
      if (failing.rows[SCORE_CHECK] === 'Fails')
        await visible(page, /Found: restoreScore \d+/);
      await shot('scorecard-orders');
    },
  },
];
