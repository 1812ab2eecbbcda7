import type { NotificationTarget } from '@kymaros/plugin-kymaros-common';
import type { NotificationContent } from './notificationContent';
import { signatureHeaders } from './signature';
import type { StateChangeKind } from './stateChange';

/** Names the body's format; a change that breaks receivers gets a new one. */
export const WEBHOOK_SCHEMA = 'kymaros.notification/v1';

/** The generic webhook's JSON body (documented in docs/notifications.md). */
export function webhookMessage(
  content: NotificationContent,
  target: NotificationTarget,
  sentAt: Date,
): object {
  return {
    schema: WEBHOOK_SCHEMA,
    event: content.event,
    events: content.events,
    summary: content.headline,
    sentAt: sentAt.toISOString(),
    test: content.test,
    entity: {
      ref: content.entityRef,
      ...(content.url ? { url: content.url } : {}),
    },
    report: content.report,
    previous: content.previous ?? null,
    reason: content.reason,
    rto: content.rto,
    regression: content.regression ?? null,
    ...(target.channel ? { channel: target.channel } : {}),
  };
}

/**
 * The generic webhook's headers for one attempt: the event, the delivery
 * id (the same across retries, so receivers can drop a repeat) and, with a
 * key, the signature of this attempt's timestamp and the body.
 */
export function webhookHeaders(
  event: StateChangeKind,
  deliveryId: string,
  body: string,
  signingSecret: string | undefined,
): Record<string, string> {
  return {
    'X-Kymaros-Event': event,
    'X-Kymaros-Delivery': deliveryId,
    ...(signingSecret ? signatureHeaders(body, signingSecret, new Date()) : {}),
  };
}
