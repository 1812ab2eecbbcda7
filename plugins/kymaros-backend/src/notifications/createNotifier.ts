import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import { kubernetesSecretReader } from './kubernetesSecretReader';
import { Notifier } from './Notifier';
import { readNotificationsConfig } from './readNotificationsConfig';

/** The notifier as the plugin runs it: `kymaros.notifications`, Secrets read in each test's cluster. */
export function createNotifier(
  config: Config,
  logger: LoggerService,
  clusters: Pick<ClusterRegistry, 'kubeConfig'>,
): Notifier {
  return new Notifier({
    config: readNotificationsConfig(config),
    logger,
    secrets: kubernetesSecretReader(clusters),
  });
}
