import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { RecordedRun } from '../reports/recordFinishedRun';
import type { RunObserver } from '../run/RunObserver';
import { withTimeout } from '../run/withTimeout';
import { describeError } from '../util/errors';
import { ownerNotification } from './ownerNotification';
import type { OwnerNotificationsConfig } from './readOwnerNotificationsConfig';

export interface OwnerNotifierOptions {
  notifications: NotificationService;
  config: OwnerNotificationsConfig;
  logger: LoggerService;
  /**
   * Whether the notifications backend runs beside this plugin; asked once,
   * and only when `enabled` is not configured.
   */
  notificationsInstalled: () => Promise<boolean>;
  /** Each send's time limit: a stuck backend must not hold messages forever. */
  timeoutMs: number;
}

const NEVER = new AbortController().signal;

/**
 * Tells a test's owners in Backstage's notifications when its state
 * changes. Only the replica that recorded a run hears of it, so a message is
 * sent once. Sending happens in the background: a run never waits for, nor
 * fails because of, the notifications backend; failures are logged.
 */
export class OwnerNotifier implements RunObserver {
  readonly counts = { sent: 0, failed: 0 };
  private enabled?: Promise<boolean>;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: OwnerNotifierOptions) {}

  runRecorded(recorded: RecordedRun): void {
    let message: ReturnType<typeof ownerNotification>;
    try {
      message = ownerNotification(recorded, this.options.config);
    } catch (e) {
      this.failed(recorded, e);
      return;
    }
    if (!message) return;
    const sending = this.send(recorded, message).finally(() =>
      this.inFlight.delete(sending),
    );
    this.inFlight.add(sending);
  }

  /** Resolves once every message under way has been sent or has failed. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private async send(
    { test }: RecordedRun,
    message: NonNullable<ReturnType<typeof ownerNotification>>,
  ): Promise<void> {
    try {
      if (!(await this.isEnabled())) return;
      await withTimeout(
        NEVER,
        this.options.timeoutMs,
        `no answer within ${this.options.timeoutMs} ms`,
        () => this.options.notifications.send(message),
      );
      this.counts.sent++;
      const { recipients, payload } = message;
      const to =
        recipients.type === 'entity'
          ? [recipients.entityRef].flat().join(', ')
          : 'everyone';
      // The notifications backend resolves who that is: a group without members reaches nobody.
      this.options.logger.info(
        `Notification of restore test ${test.id} sent for ${to}: ${payload.title}`,
      );
    } catch (e) {
      this.failed({ test }, e);
    }
  }

  private failed({ test }: Pick<RecordedRun, 'test'>, error: unknown): void {
    this.counts.failed++;
    this.options.logger.warn(
      `Could not notify the owners of restore test ${test.id}: ${describeError(
        error,
      )}; ${this.counts.failed} owner notification(s) failed since start`,
    );
  }

  private isEnabled(): Promise<boolean> {
    const { enabled } = this.options.config;
    if (enabled !== undefined) return Promise.resolve(enabled);
    this.enabled ??= this.options.notificationsInstalled().then(
      installed => {
        if (!installed)
          this.options.logger.info(
            'Owner notifications are off: this backend does not run the notifications plugin (set kymaros.notifications.owners.enabled to send anyway)',
          );
        return installed;
      },
      e => {
        this.options.logger.warn(
          `Owner notifications are off: could not tell whether the notifications plugin runs here: ${describeError(
            e,
          )}`,
        );
        return false;
      },
    );
    return this.enabled;
  }
}
