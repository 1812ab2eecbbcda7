import { CronExpressionParser } from 'cron-parser';

/** An `H` token of a cron field: `H`, `H(1-4)`, `H/15`, alone or in a list. */
const hashToken = /(^|,)H(\(|\/|,|$)/;

/**
 * The concrete cron a test's scheduler task runs on. `H` fields (cron-parser's
 * hash) are resolved with the test id as seed, so tests sharing one written
 * schedule — the default above all — spread over its window instead of all
 * starting at once, while each test keeps the same time on every replica and
 * after every restart. Backstage's scheduler only understands concrete fields.
 */
export function taskCron(cron: string, testId: string): string {
  const fields = cron.trim().split(/\s+/);
  if (!fields.some(field => hashToken.test(field))) return cron;
  // A day of month picked from 1-31 would skip the months without it.
  if (fields.length === 5 && fields[2] === 'H') fields[2] = 'H(1-28)';
  return CronExpressionParser.parse(fields.join(' '), {
    hashSeed: testId,
  }).stringify();
}
