import { z } from 'zod';
import type { HealthCheck } from '@kymaros/plugin-kymaros-common';
import { parseDuration } from '../util/duration';

export const durationSchema = z.string().superRefine((value, ctx) => {
  try {
    parseDuration(value);
  } catch (e) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: (e as Error).message,
    });
  }
});

const portName = /^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;

export const portSchema = z.custom<number | string>(
  value =>
    (typeof value === 'number' &&
      Number.isInteger(value) &&
      value >= 1 &&
      value <= 65535) ||
    (typeof value === 'string' && portName.test(value)),
  { message: 'must be a port number (1-65535) or a port name' },
);

export const exitCodeSchema = z
  .number({ invalid_type_error: 'must be an exit code (0-255)' })
  .int()
  .min(0)
  .max(255);

export const labelsSchema = z.record(
  z.string({ invalid_type_error: 'label values must be strings' }),
);

/**
 * The reason a check's own settings block is unusable, or undefined: a
 * missing block, or the first problem zod finds, named by its path
 * (`httpGet.port: must be a port number (1-65535) or a port name`).
 */
export function validateBlock(
  check: HealthCheck,
  key: string,
  schema: z.ZodTypeAny,
): string | undefined {
  const block = check[key];
  if (block === undefined || block === null) {
    return `${check.type} check "${check.name}" needs a ${key} block`;
  }
  const result = schema.safeParse(block);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  const path = [key, ...issue.path].join('.');
  return `${path}: ${issue.message}`;
}
