// Owner notifications: a failing restore test puts one message in its owners' inbox (Backstage
// notifications, live through signals), titled with what happened, saying why, and linking to the
// entity's Restore tab. The demo's first orders run fails; the guest is a member of team-platform,
// which app-config.yaml adds to every test's recipients (kymaros.notifications.owners.recipients).
import { visible } from '../pageHelpers.mjs';

const ORDERS_FAILED = 'Restore test orders failed';
const ORDERS_TAB = '/catalog/default/component/orders/kymaros';

/** The inbox, unread and read alike, once the orders failure is listed. */
async function openInbox(page) {
  await page
    .getByRole('link', { name: /notifications/i })
    .first()
    .click();
  await visible(page, ORDERS_FAILED, 60_000);
}

export const scenarios = [
  {
    name: "the orders failure is in the guest's inbox once, says why, and links to its Restore tab",
    apps: ['app'],
    async run({ page, appUrl, shot }) {
      await page.goto(`${appUrl}/catalog`);
      await openInbox(page);
      if (!page.url().startsWith(`${appUrl}/notifications`))
        throw new Error(`the sidebar item opened ${page.url()}`);
      const title = page.getByRole('link', {
        name: ORDERS_FAILED,
        exact: true,
      });
      const count = await title.count();
      if (count !== 1)
        throw new Error(`the inbox lists the orders failure ${count} times`);
      const href = await title.getAttribute('href');
      if (href !== ORDERS_TAB)
        throw new Error(`the notification links to ${href}, not ${ORDERS_TAB}`);
      // The inbox cuts long descriptions: open the whole one.
      const row = page.locator('tr', { has: title });
      await row.getByRole('button', { name: 'Show more' }).click();
      await row
        .getByText(
          /Why: Pod startup: Pod orders-postgres-0 entered CrashLoopBackOff: container OOMKilled \(score \d+; component:default\/orders, cluster simulator\)/,
        )
        .waitFor();
      await row
        .getByText('Restore test orders of component:default/orders')
        .waitFor();
      // A passing test's first pass is no news: nothing about payments-api.
      if (await page.getByText(/Restore test payments-api/).count())
        throw new Error(
          'the inbox tells of payments-api, whose state did not fail',
        );
      await shot('notifications-inbox');
      await title.click();
      await visible(page, 'Restore test orders');
      if (!page.url().endsWith(ORDERS_TAB))
        throw new Error(`the notification opened ${page.url()}`);
    },
  },
  {
    name: 'the legacy app has the inbox in its sidebar, with the orders failure',
    apps: ['app-legacy'],
    async run({ page, appUrl, shot }) {
      await page.goto(`${appUrl}/catalog`);
      await openInbox(page);
      await shot('notifications-inbox-legacy');
    },
  },
];
