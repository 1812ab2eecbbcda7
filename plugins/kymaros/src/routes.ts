import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The catalog-wide overview page.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'kymaros' });

/**
 * The "Restore" tab on an entity page; the card links to it.
 *
 * @public
 */
export const entityContentRouteRef = createRouteRef({
  id: 'kymaros:entity-content',
});
