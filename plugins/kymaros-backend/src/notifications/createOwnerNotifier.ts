import type {
  LoggerService,
  RootInstanceMetadataService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { OwnerNotifier } from './OwnerNotifier';
import { readNotificationsConfig } from './readNotificationsConfig';
import { readOwnerNotificationsConfig } from './readOwnerNotificationsConfig';

/** The notifications backend's plugin id. */
const NOTIFICATIONS_PLUGIN = 'notifications';

/** Owner notifications as the plugin runs them: `kymaros.notifications.owners`, sent through `notifications`. */
export function createOwnerNotifier(options: {
  config: Config;
  logger: LoggerService;
  notifications: NotificationService;
  instanceMetadata?: RootInstanceMetadataService;
}): OwnerNotifier {
  const { instanceMetadata } = options;
  return new OwnerNotifier({
    notifications: options.notifications,
    config: readOwnerNotificationsConfig(options.config),
    logger: options.logger,
    timeoutMs: readNotificationsConfig(options.config).timeoutMs,
    notificationsInstalled: async () =>
      !!instanceMetadata &&
      (await instanceMetadata.getInstalledPlugins()).some(
        p => p.pluginId === NOTIFICATIONS_PLUGIN,
      ),
  });
}
