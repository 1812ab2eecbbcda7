import { z } from 'zod';
import type { RestoreTestNotifications } from '@kymaros/plugin-kymaros-common';
import type { ValueFreeParams } from '../checks/validation';

/** A Kubernetes object name (RFC 1123 subdomain), as a Secret's name must be. */
const OBJECT_NAME =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const SECRET_NAME =
  'the name of a Secret or of a kymaros.notifications.secrets entry (lowercase letters, digits, - and .)';

/**
 * As Kymaros writes it: a plain Secret name. Its documentation's
 * `{name, namespace}` form was never accepted by the operator, so it is
 * refused here too, with the form to write.
 */
const webhookSecretRef = z
  .string({
    required_error: `Required: ${SECRET_NAME}, holding the webhook URL`,
    invalid_type_error: `must be ${SECRET_NAME}`,
  })
  .superRefine((value, ctx) => {
    if (value.length > 253 || !OBJECT_NAME.test(value)) {
      // A URL written here would be shown to every portal user: say so.
      const expected = /^[a-z][a-z0-9+.-]*:/i.test(value)
        ? `${SECRET_NAME}, not the URL itself: keep the URL in the Secret`
        : SECRET_NAME;
      const params: ValueFreeParams = { expected };
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `must be ${expected}`,
        params,
      });
    }
  });

/** One destination of a message: `{type, channel, webhookSecretRef}`. */
export const notificationTargetSchema = z
  .object({
    type: z.enum(['slack', 'webhook']),
    /** Slack: the channel override legacy webhooks honour; webhook: passed along in the body. */
    channel: z.string().optional(),
    webhookSecretRef,
  })
  .strict();

/** `spec.notifications` of a RestoreTest; unknown keys are refused, never dropped. */
export const notificationsSchema: z.ZodType<
  RestoreTestNotifications,
  z.ZodTypeDef,
  unknown
> = z
  .object({
    onFailure: z.array(notificationTargetSchema).optional(),
    onSuccess: z.array(notificationTargetSchema).optional(),
  })
  .strict();
