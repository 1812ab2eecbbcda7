import { z } from 'zod';
import type { HealthCheck } from '@kymaros/plugin-kymaros-common';
import type { CheckType } from '@kymaros/plugin-kymaros-node';
import { acceptsNoBlock, timeoutSchema } from './validation';

/** The most attempts a check may make. */
export const MAX_RETRIES = 10;

/**
 * `retries`, on a check or in its settings block: the number of attempts in
 * total, as the Kymaros operator counts them (`retries: 3` is three
 * attempts; 0 and 1 both mean one). The loader and the runner both hold a
 * check to this one rule.
 */
export const retriesSchema = z
  .number({
    invalid_type_error: `must be a whole number from 0 to ${MAX_RETRIES}`,
  })
  .int(`must be a whole number from 0 to ${MAX_RETRIES}`)
  .min(0, `must be a whole number from 0 to ${MAX_RETRIES}`)
  .max(MAX_RETRIES, `must be a whole number from 0 to ${MAX_RETRIES}`);

/**
 * The fields every check has, whatever its type. Settings blocks pass
 * through: each is its check type's to validate.
 */
export const checkFieldsSchema = z
  .object({
    name: z.string({ required_error: 'is required' }).min(1, 'is required'),
    type: z.string({ required_error: 'is required' }).min(1, 'is required'),
    namespace: z.string().min(1, 'must not be empty').optional(),
    dependsOn: z
      .array(z.string(), {
        invalid_type_error: 'must be a list of check names',
      })
      .optional(),
    timeout: timeoutSchema.optional(),
    retries: retriesSchema.optional(),
  })
  .passthrough();

/** The effective run limits of a check: its own, else those in its settings block (where Kymaros puts them). */
export const runLimitsSchema = z.object({
  timeout: timeoutSchema.optional(),
  retries: retriesSchema.optional(),
});

/** Lifts a settings block's issues to the check's level, so they name their path from the check. */
function addBlockIssues(
  check: Record<string, unknown>,
  key: string,
  checkType: CheckType,
  ctx: z.RefinementCtx,
): void {
  const block = check[key];
  if (block === undefined || block === null) {
    if (key === check.type && !acceptsNoBlock(checkType.settings))
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [key],
        message: `is required by a check of type ${key}`,
      });
    return;
  }
  const result = checkType.settings.safeParse(block);
  if (result.success) return;
  for (const issue of result.error.issues) {
    // A zod schema's issues keep their code (enum values, unknown keys); others become custom issues.
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      ...issue,
      path: [key, ...issue.path],
    } as z.IssueData);
  }
}

const definitionSchemas = new WeakMap<
  ReadonlyMap<string, CheckType>,
  z.ZodType<HealthCheck>
>();

/**
 * A check definition as the definition loader validates it: the common
 * fields, and every settings block named after a known check type (its own
 * one required unless its schema says otherwise) by that type's schema. An
 * unknown type is left to planning, which says which types exist.
 */
export function checkDefinitionSchema(
  types: ReadonlyMap<string, CheckType>,
): z.ZodType<HealthCheck> {
  let schema = definitionSchemas.get(types);
  if (!schema) {
    schema = checkFieldsSchema.superRefine((check, ctx) => {
      for (const key of Object.keys(check)) {
        const checkType = types.get(key);
        if (checkType) addBlockIssues(check, key, checkType, ctx);
      }
      const own = types.get(check.type);
      if (own && !(check.type in check))
        addBlockIssues(check, check.type, own, ctx);
    }) as z.ZodType<HealthCheck>;
    definitionSchemas.set(types, schema);
  }
  return schema;
}
