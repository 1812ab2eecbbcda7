import {
  formatDuration,
  tryParseDuration,
} from '@kymaros/plugin-kymaros-common';
import type { DefinitionContext } from './buildDefinitions';
import type { ParsedTest } from './parseKymarosFile';

/** A limit a test may ask for, and the installation's ceiling over it. */
const CEILINGS: {
  field: string;
  read(spec: Record<string, any>): unknown;
  ceiling(ctx: DefinitionContext): { ms: number; key: string; what: string };
}[] = [
  {
    field: 'spec.timeout',
    read: spec => spec.timeout,
    ceiling: ctx => ({
      ms: ctx.config.timeoutsMs.run,
      key: 'kymaros.timeouts.run',
      what: 'runs stop at',
    }),
  },
  {
    field: 'spec.healthChecks.timeout',
    read: spec => spec.healthChecks?.timeout,
    ceiling: ctx => ({
      ms: ctx.config.timeoutsMs.checks,
      key: 'kymaros.timeouts.checks',
      what: 'the checks phase ends at',
    }),
  },
];

/**
 * What a test's file asks for that this installation will not give in full:
 * a timeout beyond the configured ceiling still loads (the ceiling applies),
 * but its owner is told, since the file says otherwise.
 */
export function specWarnings(
  test: ParsedTest,
  ctx: DefinitionContext,
): string[] {
  const spec = test.spec as Record<string, any> | null | undefined;
  if (typeof spec !== 'object' || spec === null) return [];
  const silentAlert =
    spec.sla?.alertOnExceed === true && !spec.notifications?.onFailure?.length
      ? [
          `${test.where}: spec.sla.alertOnExceed: nothing is sent, as notifications.onFailure lists no target`,
        ]
      : [];
  return [...silentAlert, ...ceilingWarnings(test, spec, ctx)];
}

function ceilingWarnings(
  test: ParsedTest,
  spec: Record<string, any>,
  ctx: DefinitionContext,
): string[] {
  return CEILINGS.flatMap(({ field, read, ceiling }) => {
    const written = read(spec);
    const ms =
      typeof written === 'string' ? tryParseDuration(written) : undefined;
    const limit = ceiling(ctx);
    if (ms === undefined || ms <= limit.ms) return [];
    const max = formatDuration(limit.ms);
    return [
      `${test.where}: ${field}: ${written} is longer than this installation's limit (${limit.key}, ${max}); ${limit.what} ${max}`,
    ];
  });
}
