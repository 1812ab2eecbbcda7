import { z } from 'zod';
import type { HealthCheck } from '@kymaros/plugin-kymaros-common';
import type {
  CheckSettingsSchema,
  CheckType,
} from '@kymaros/plugin-kymaros-node';
import { CheckProblem, describeCheckProblem } from './checkProblem';
import { parseDuration } from '@kymaros/plugin-kymaros-common';
import { describeError } from '../util/errors';

/**
 * What a custom issue says without the value it rejected, in its `params`:
 * definitions are shown to every portal user and a field may hold a secret,
 * so the loader words such an issue as `must be <expected>`.
 */
export interface ValueFreeParams {
  expected: string;
}

const DURATION_EXAMPLE = 'a duration such as 30s, 5m or 1h30m';

/** How long one attempt of a check may take: a Go-style duration above 0 (a timeout of 0 could never pass). */
export const timeoutSchema = z
  .string({ invalid_type_error: `must be ${DURATION_EXAMPLE}` })
  .superRefine((value, ctx) => {
    let ms: number;
    try {
      ms = parseDuration(value);
    } catch (e) {
      const params: ValueFreeParams = { expected: DURATION_EXAMPLE };
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: describeError(e),
        params,
      });
      return;
    }
    if (ms <= 0)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'must be longer than 0s',
      });
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

/** Whether a schema makes its block optional, i.e. accepts its absence. */
export function acceptsNoBlock(schema: CheckSettingsSchema): boolean {
  return schema.safeParse(undefined).success;
}

/** What is wrong with the settings block `check[key]`: missing, or the first problem the schema finds. */
export function settingsProblem(
  check: HealthCheck,
  key: string,
  schema: CheckSettingsSchema,
): CheckProblem | undefined {
  const block = check[key];
  const result = schema.safeParse(block);
  if (result.success) return undefined;
  if (block === undefined || block === null)
    return { kind: 'noSettings', type: key };
  const issue = result.error.issues[0];
  return { kind: 'invalidField', path: [key, ...issue.path], issue };
}

/**
 * The reason a check's own settings block is unusable, or undefined: a
 * missing block, or the first problem the schema finds, named by its path
 * (`httpGet.port: must be a port number (1-65535) or a port name`).
 */
export function validateBlock(
  check: HealthCheck,
  key: string,
  schema: CheckSettingsSchema,
): string | undefined {
  const problem = settingsProblem(check, key, schema);
  return problem && describeCheckProblem(check.name, problem);
}

/** The reason a check's settings are unusable for its type, or undefined. */
export function validateSettings(
  checkType: CheckType,
  check: HealthCheck,
): string | undefined {
  return validateBlock(check, checkType.type, checkType.settings);
}
