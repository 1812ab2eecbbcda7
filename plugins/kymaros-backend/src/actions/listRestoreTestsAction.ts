import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import {
  kymarosReportReadPermission,
  SUMMARY_OUTCOMES,
  type SummaryItem,
  type SummaryOutcome,
} from '@kymaros/plugin-kymaros-common';
import { readableEntityRefs } from '../router/buildSummary';
import { parseSummaryQuery } from '../router/parseSummaryQuery';
import { readScopes } from '../router/readScope';
import type { KymarosActionDeps } from './KymarosActionDeps';

/** Tests answered at once, by default and at most: enough for a chat, bounded for a model's context. */
export const LIST_LIMIT = { default: 25, max: 100 };

/** Without `staleAfterHours`, a test is stale after a week, as the scorecard's "tested within 7 days" check counts. */
export const DEFAULT_STALE_AFTER_HOURS = 7 * 24;

const HOUR_MS = 3_600_000;

/**
 * `list-restore-tests`: the catalog-wide overview as a list, filtered by
 * owner, result and staleness, worst first. Read-only; only the tests of
 * entities the caller may read, as in `GET /summary`.
 */
export function registerListRestoreTestsAction(
  registry: ActionsRegistryService,
  deps: KymarosActionDeps,
): void {
  registry.register({
    name: 'list-restore-tests',
    title: 'List restore tests',
    description: [
      'Kymaros restore tests across the catalog with the latest result of each, worst first',
      '(invalid, fail, error, never run, partial, pass; then lowest score).',
      'Filter by owner (group:default/team-a, or team-a), result, and stale: valid tests with no run',
      `in the last staleAfterHours hours (default ${DEFAULT_STALE_AFTER_HOURS}), never-run ones included.`,
      'Pages with limit and offset; total counts every match. Only tests of entities you may read (kymaros.report.read).',
    ].join(' '),
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          owner: z
            .string()
            .optional()
            .describe(
              'Owner entity ref; a bare name means a group in the default namespace',
            ),
          result: z
            .enum(SUMMARY_OUTCOMES as [SummaryOutcome, ...SummaryOutcome[]])
            .optional()
            .describe(
              'Latest result; invalid: bad definition; never: not run yet',
            ),
          stale: z
            .boolean()
            .optional()
            .describe('Only valid tests not run within staleAfterHours'),
          staleAfterHours: z
            .number()
            .int()
            .min(1)
            .max(24 * 366)
            .optional()
            .describe(
              `Hours without a run after which a test is stale (default ${DEFAULT_STALE_AFTER_HOURS}); only with stale: true`,
            ),
          search: z
            .string()
            .optional()
            .describe('Case-insensitive part of the entity ref or test name'),
          limit: z
            .number()
            .int()
            .min(1)
            .max(LIST_LIMIT.max)
            .optional()
            .describe(`Tests to return (default ${LIST_LIMIT.default})`),
          offset: z.number().int().min(0).optional(),
        }),
      output: z =>
        z.object({
          items: z.array(
            z.object({
              testId: z.string(),
              testName: z.string(),
              entityRef: z.string(),
              owner: z.string().optional(),
              result: z.enum(
                SUMMARY_OUTCOMES as [SummaryOutcome, ...SummaryOutcome[]],
              ),
              score: z.number().optional(),
              lastRunAt: z.string().optional(),
              rtoWithinTarget: z.boolean().optional(),
              backupAge: z.string().optional(),
              rpoWithinTarget: z.boolean().optional(),
              phase: z.enum(['Idle', 'Running', 'Completed', 'Failed']),
              invalidDefinition: z.string().optional(),
            }),
          ),
          total: z.number().describe('Tests matching the filters, all pages'),
          offset: z.number(),
          staleBefore: z
            .string()
            .optional()
            .describe('With stale: tests with no run since this time'),
        }),
    },
    action: async ({ input, credentials }) => {
      const notRunSince = staleCutoff(input);
      const params = parseSummaryQuery({
        ...(input.owner !== undefined && { owner: input.owner }),
        ...(input.result && { result: input.result }),
        ...(input.search !== undefined && { search: input.search }),
        limit: String(input.limit ?? LIST_LIMIT.default),
        offset: String(input.offset ?? 0),
      });
      const [scope] = await readScopes(deps.permissions, credentials, [
        kymarosReportReadPermission,
      ]);
      const page = await deps.store.summarizeTests({
        ...params,
        notRunSince,
        entityRefs: await readableEntityRefs(deps.store, scope),
      });
      return {
        output: {
          items: page.items.map(listItem),
          total: page.total,
          offset: params.offset,
          staleBefore: notRunSince?.toISOString(),
        },
      };
    },
  });
}

function staleCutoff(input: {
  stale?: boolean;
  staleAfterHours?: number;
}): Date | undefined {
  if (input.staleAfterHours !== undefined && !input.stale)
    throw new InputError(
      `staleAfterHours (${input.staleAfterHours}) is only used with stale: true`,
    );
  if (!input.stale) return undefined;
  const hours = input.staleAfterHours ?? DEFAULT_STALE_AFTER_HOURS;
  return new Date(Date.now() - hours * HOUR_MS);
}

function listItem(item: SummaryItem) {
  return {
    testId: item.testId,
    testName: item.testName,
    entityRef: item.entityRef,
    owner: item.owner,
    result: item.error ? 'invalid' : item.result ?? 'never',
    score: item.score,
    lastRunAt: item.lastRunAt,
    rtoWithinTarget: item.withinSLA,
    backupAge: item.rpo?.backupAge ?? item.backupAge,
    rpoWithinTarget: item.rpo?.withinTarget,
    phase: item.phase,
    invalidDefinition: item.error,
  } as const;
}
