import type { Config } from '@backstage/config';
import { entityTabUrl } from '../notifications/notificationContent';
import { readNotificationsConfig } from '../notifications/readNotificationsConfig';

/**
 * The entity's Restore tab, as notifications link it (`app.baseUrl` and
 * `kymaros.notifications.entityPath`); no link without `app.baseUrl`.
 */
export function restoreTabUrlFor(
  config: Config,
): (entityRef: string) => string | undefined {
  const { link } = readNotificationsConfig(config);
  return entityRef => entityTabUrl(link, entityRef);
}
