import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { NotificationSeverity } from '@backstage/plugin-notifications-common';
import type { RecordedRun } from '../reports/recordFinishedRun';
import { excerpt } from '../util/text';
import {
  entityTabUrl,
  type NotificationContent,
  notificationContent,
  regressionText,
} from './notificationContent';
import type {
  OwnerEvent,
  OwnerNotificationsConfig,
} from './readOwnerNotificationsConfig';
import { classifyStateChange } from './stateChange';

/**
 * A failed restore means the backup does not bring the service back: the
 * most urgent news. An error means the run could not tell (an
 * infrastructure fault), a regression that it got worse but still restores.
 */
export const OWNER_SEVERITY: Record<OwnerEvent, NotificationSeverity> = {
  failure: 'critical',
  error: 'high',
  regression: 'normal',
  recovery: 'low',
};

/** The notifications backend stores topic and scope in 255 characters. */
const MAX_KEY = 255;

/** The owner event of a recorded run: its state change, a failure split by its result; none when unchanged. */
export function ownerEventOf(recorded: RecordedRun): OwnerEvent | undefined {
  const { report, previous } = recorded;
  const kind = classifyStateChange(report, previous, {
    alertOnExceed: false,
  }).find(k => k === 'failure' || k === 'regression' || k === 'recovery');
  if (kind === 'failure' && report.status.result === 'error') return 'error';
  return kind;
}

function description(event: OwnerEvent, content: NotificationContent): string {
  const { report, previous, reason, regression } = content;
  const where = `${content.entityRef}, cluster ${content.test.cluster}`;
  switch (event) {
    case 'failure':
      return `Why: ${reason} (score ${report.score}; ${where})`;
    case 'error':
      return `Not evaluated: ${reason} (${where})`;
    case 'regression':
      return `${
        regression ? regressionText(regression, report.score) : 'Regressed'
      }. Why: ${reason} (${where})`;
    default:
      return `Now ${report.result} with score ${report.score}${
        previous ? `, after ${previous.result} (${previous.score})` : ''
      } (${where})`;
  }
}

/**
 * The notification for a recorded run, or none when the test's state did
 * not change or its event is switched off. The test's entity is the
 * recipient (the notifications backend resolves its owner's members), with
 * the configured extra recipients. Topic and scope are per test: repeats
 * group, and a new message replaces the test's previous one in an inbox.
 */
export function ownerNotification(
  recorded: RecordedRun,
  config: Pick<
    OwnerNotificationsConfig,
    'events' | 'recipients' | 'entityPath'
  >,
): NotificationSendOptions | undefined {
  const event = ownerEventOf(recorded);
  if (!event || !config.events.has(event)) return undefined;
  const { test, report, previous } = recorded;
  const content = notificationContent({
    events: [event === 'error' ? 'failure' : event],
    test: { id: test.id, name: test.name, cluster: test.cluster },
    entityRef: test.entityRef,
    report,
    previous,
    link: undefined,
  });
  return {
    recipients: {
      type: 'entity',
      entityRef: [...new Set([test.entityRef, ...config.recipients])],
    },
    payload: {
      title: content.headline,
      description: description(event, content),
      // In-app: the notifications page navigates without leaving the app.
      link: entityTabUrl(
        { baseUrl: '', entityPath: config.entityPath },
        test.entityRef,
      ),
      severity: OWNER_SEVERITY[event],
      topic: excerpt(`Restore test ${test.name} of ${test.entityRef}`, MAX_KEY),
      scope: excerpt(`kymaros:restore-test:${test.id}`, MAX_KEY),
      metadata: {
        event,
        testId: test.id,
        entityRef: test.entityRef,
        report: report.metadata.name,
        result: report.status.result,
        score: report.status.score,
      },
    },
  };
}
