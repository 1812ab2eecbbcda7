// The restore scorecard: Tech Insights runs the Kymaros checks on the facts its retriever
// computed from the Kymaros summary, and the entity overview shows each check passing or failing
// as the service's latest restore says it should.
import { entity, until, visible } from '../pageHelpers.mjs';

// The card is enabled in app-config for the new app; the legacy app places it by hand, and both
// draw the same component, so one app is enough here.
export const apps = ['app'];

const SCORE_CHECK = 'Restore score at least 90';
const RECENT_CHECK = 'Restore tested within 7 days';

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

// Reloads until the card shows the three checks, the score check as the latest result says and
// the recency check passing (the demo has just run every test): the facts are retrieved every
// minute, so those of the first retrieval may predate the demo's first restore results.
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
      // Facts retrieved before the demo's first run say the service was never tested.
      if (
        Object.keys(rows).length === 3 &&
        rows[SCORE_CHECK] === expected &&
        rows[RECENT_CHECK] === 'Passes'
      )
        return true;
      await new Promise(r => setTimeout(r, 5_000));
      return false;
    },
    180_000,
  ).catch(e => {
    throw new Error(
      `${
        e.message
      }; expected the score check to say ${expected} and the recency check to pass, card shows ${JSON.stringify(
        rows,
      )}`,
    );
  });
  return { rows, expected };
}

// The page scrolls inside its main area, which a full-page screenshot does not unroll.
const showWholeCard = page =>
  page
    .getByRole('list', { name: 'Restore checks' })
    .evaluate(el => el.scrollIntoView({ block: 'end' }));

export const scenarios = [
  {
    name: 'the entity overview shows the restore scorecard with each Tech Insights check passing or failing',
    async run({ page, appUrl, api, shot, log }) {
      const payments = await scorecardOf(page, appUrl, api, 'payments-api');
      log(`payments-api scorecard: ${JSON.stringify(payments.rows)}`);
      for (const check of [SCORE_CHECK, RECENT_CHECK, 'RTO within target'])
        if (!payments.rows[check])
          throw new Error(`the scorecard lacks the check "${check}"`);
      // Each check says what it asks for.
      await visible(page, /scored 90 or more/);
      await visible(page, /has run in the last 7 days/);
      await showWholeCard(page);
      await shot('scorecard-payments-api');

      const orders = await scorecardOf(page, appUrl, api, 'orders');
      log(`orders scorecard: ${JSON.stringify(orders.rows)}`);
      if (orders.rows[SCORE_CHECK] === 'Fails')
        await visible(page, /Found: restoreScore (\d+|none)/);
      await showWholeCard(page);
      await shot('scorecard-orders');
    },
  },
];
