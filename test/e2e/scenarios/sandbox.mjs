// What the sandbox rewrote and did not reproduce, on the report of a real (simulated) run: the
// storefront web tier's references to its database point at the database's sandbox, the payments
// reference outside the test is left alone, and what reaches out is listed as not reproduced.
import { entity, visible } from '../pageHelpers.mjs';

// The Restore tab's own components render the same in both frontend systems.
export const apps = ['app'];

export const scenarios = [
  {
    name: 'the storefront report lists its rewrites to the sandbox and what the sandbox did not reproduce',
    async run({ page, appUrl, shot }) {
      await page.goto(`${appUrl}${entity('storefront')}/kymaros`);
      await visible(page, 'Restore test storefront', 180_000);
      const rewrites = page.getByRole('table', {
        name: 'Addresses rewritten to the sandbox',
      });
      await rewrites.waitFor({ timeout: 120_000 });
      await rewrites
        .getByText('storefront-db.storefront-data.svc.cluster.local')
        .first()
        .waitFor();
      await rewrites
        .getByText(
          /^storefront-db\.kymaros-storefront-[a-z0-9]+\.svc\.cluster\.local$/,
        )
        .first()
        .waitFor();
      // The database URL's scheme, port and path stay out of the report: host forms only.
      const table = await rewrites.innerText();
      if (/postgres:\/\/|\/shop/.test(table))
        throw new Error(`the rewrites table shows more than hosts: ${table}`);
      const external = page.getByRole('table', {
        name: 'References to namespaces not restored',
      });
      await external
        .getByText('payments-api.payments.svc.cluster.local')
        .first()
        .waitFor();
      const notReproduced = page.getByRole('table', {
        name: 'Not reproduced in the sandbox',
      });
      await notReproduced
        .getByText(/LoadBalancer → ClusterIP/)
        .first()
        .waitFor();
      await notReproduced
        .getByText(/CronJob storefront-web\/sitemap/)
        .first()
        .waitFor();
      await notReproduced
        .getByText(/Ingress storefront-web\/storefront/)
        .first()
        .waitFor();
      await rewrites.scrollIntoViewIfNeeded();
      await shot('storefront-sandbox-section');
    },
  },
];
