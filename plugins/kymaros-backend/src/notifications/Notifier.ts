import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationTarget } from '@kymaros/plugin-kymaros-common';
import type { RecordedRun } from '../reports/recordFinishedRun';
import type { StoredTest } from '../store/KymarosStore';
import { describeError } from '../util/errors';
import { notificationContent } from './notificationContent';
import { type PostOptions, postWebhook } from './postWebhook';
import type { NotificationsConfig } from './readNotificationsConfig';
import {
  type ReferenceScope,
  resolveWebhook,
  type SecretReader,
} from './resolveWebhook';
import { slackMessage } from './slackMessage';
import {
  audienceOf,
  classifyStateChange,
  type StateChangeKind,
} from './stateChange';
import { webhookHeaders, webhookMessage } from './webhookMessage';

export interface NotifierOptions {
  config: NotificationsConfig;
  logger: LoggerService;
  /** Kubernetes Secrets; without it only configured references resolve. */
  secrets?: SecretReader;
  /** First wait between attempts (default 1s, doubled each retry). */
  backoffMs?: number;
}

/** Deliveries waiting for a slot beyond this are dropped (and counted): a stuck receiver must not grow memory. */
const MAX_QUEUED = 1000;

/** One message to one target about a run. */
interface Delivery {
  target: NotificationTarget;
  events: StateChangeKind[];
  recorded: RecordedRun;
}

/** What happened to messages since start-up, for logs and tests. */
export interface NotifierCounts {
  sent: number;
  failed: number;
  /** Attempts after a first one that did not pass. */
  retried: number;
  /** Never attempted: the queue was full. */
  dropped: number;
}

/** Where the test's references are read: its cluster, and its file's `metadata.namespace`. */
function referenceScope(test: StoredTest): ReferenceScope {
  return {
    cluster: test.cluster,
    ...(test.namespace ? { namespace: test.namespace } : {}),
  };
}

/**
 * Sends a test's `spec.notifications` when its state changes. It listens to
 * recorded runs (only the replica that recorded a run hears of it, so a
 * message is sent once) and works in the background with bounded
 * concurrency: a run and its report never wait for, nor fail because of, a
 * receiver. Failures are logged as warnings with a running count.
 */
export class Notifier {
  readonly counts: NotifierCounts = {
    sent: 0,
    failed: 0,
    retried: 0,
    dropped: 0,
  };
  private readonly queue: Delivery[] = [];
  private active = 0;
  private readonly stopping = new AbortController();
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: NotifierOptions) {}

  /** For `RecordingContext.onRecorded`: queues what the run calls for; never throws. */
  readonly onRecorded = (recorded: RecordedRun): void => {
    try {
      for (const delivery of this.deliveriesFor(recorded))
        this.enqueue(delivery);
    } catch (e) {
      this.options.logger.warn(
        `Notifications of restore test ${
          recorded.test.id
        } were not sent: ${describeError(e)}`,
      );
    }
  };

  /** Resolves once nothing is queued or being sent, or after `timeoutMs`. */
  async settled(timeoutMs = Infinity): Promise<void> {
    if (this.active === 0 && this.queue.length === 0) return;
    await new Promise<void>(resolve => {
      const timer =
        timeoutMs === Infinity ? undefined : setTimeout(resolve, timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Shutdown: no more retries are waited for; sends in flight end within their timeout. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping.abort();
    await this.settled(timeoutMs);
  }

  /** One delivery per distinct target, carrying every change its lists call for. */
  private deliveriesFor(recorded: RecordedRun): Delivery[] {
    const { test, report, previous } = recorded;
    const lists = test.spec?.notifications;
    if (!this.options.config.enabled || !lists) return [];
    const events = classifyStateChange(report, previous, {
      alertOnExceed: test.spec?.sla?.alertOnExceed === true,
    });
    const byTarget = new Map<string, Delivery>();
    for (const kind of events)
      for (const list of audienceOf(kind, report.status.result))
        for (const target of lists[list] ?? []) {
          const key = JSON.stringify([
            target.type,
            target.webhookSecretRef,
            target.channel ?? '',
          ]);
          const delivery = byTarget.get(key) ?? {
            target,
            events: [],
            recorded,
          };
          if (!delivery.events.includes(kind)) delivery.events.push(kind);
          byTarget.set(key, delivery);
        }
    return [...byTarget.values()];
  }

  private enqueue(delivery: Delivery): void {
    if (this.queue.length >= MAX_QUEUED) {
      this.counts.dropped++;
      this.options.logger.warn(
        `Notification to webhookSecretRef "${delivery.target.webhookSecretRef}" of restore test ${delivery.recorded.test.id} dropped: ${MAX_QUEUED} messages are waiting already`,
      );
      return;
    }
    this.queue.push(delivery);
    this.pump();
  }

  private pump(): void {
    while (
      this.active < this.options.config.concurrency &&
      this.queue.length > 0
    ) {
      const delivery = this.queue.shift()!;
      this.active++;
      this.send(delivery)
        .catch(e => this.failed(delivery, describeError(e)))
        .finally(() => {
          this.active--;
          this.pump();
          if (this.active === 0 && this.queue.length === 0) {
            const waiters = this.idleWaiters;
            this.idleWaiters = [];
            waiters.forEach(wake => wake());
          }
        });
    }
  }

  private async send(delivery: Delivery): Promise<void> {
    const { target, recorded } = delivery;
    const scope = referenceScope(recorded.test);
    const webhook = await resolveWebhook(
      target.webhookSecretRef,
      scope,
      this.options.config,
      this.options.secrets,
    );
    const content = this.contentOf(delivery, scope);
    const body = JSON.stringify(
      target.type === 'slack'
        ? slackMessage(content, target)
        : webhookMessage(content, target, new Date()),
    );
    const id = randomUUID();
    const outcome = await postWebhook(
      webhook.url,
      body,
      () => ({
        'Content-Type': 'application/json',
        'User-Agent': 'Kymaros-Backstage',
        ...(target.type === 'webhook'
          ? webhookHeaders(content.event, id, body, webhook.signingSecret)
          : {}),
      }),
      this.postOptions,
    );
    this.counts.retried += Math.max(0, outcome.attempts - 1);
    if (outcome.ok) this.sent(delivery);
    else
      this.failed(
        delivery,
        `${outcome.problem}${
          outcome.attempts > 1 ? ` after ${outcome.attempts} attempts` : ''
        } (URL from ${webhook.source})`,
      );
  }

  private contentOf(delivery: Delivery, scope: ReferenceScope) {
    const { test, report, previous } = delivery.recorded;
    return notificationContent({
      events: delivery.events,
      test: { id: test.id, name: test.name, ...scope },
      entityRef: test.entityRef,
      report,
      previous,
      link: this.options.config.link,
    });
  }

  private get postOptions(): PostOptions {
    const { config } = this.options;
    return {
      timeoutMs: config.timeoutMs,
      retries: config.retries,
      retryAfterLimitMs: config.retryAfterLimitMs,
      backoffMs: this.options.backoffMs ?? 1000,
      signal: this.stopping.signal,
    };
  }

  private sent({ target, recorded, events }: Delivery): void {
    this.counts.sent++;
    this.options.logger.info(
      `Notified ${target.type} webhookSecretRef "${
        target.webhookSecretRef
      }" of restore test ${recorded.test.id}: ${events.join(', ')}`,
    );
  }

  private failed(delivery: Delivery, problem: string): void {
    this.counts.failed++;
    const { target, recorded, events } = delivery;
    this.options.logger.warn(
      `Could not notify ${target.type} webhookSecretRef "${
        target.webhookSecretRef
      }" of restore test ${recorded.test.id} (${events.join(
        ', ',
      )}): ${problem}; ${
        this.counts.failed
      } notification(s) failed since start`,
    );
  }
}
