import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { StoredTest } from '../store/KymarosStore';
import type { KymarosActionDeps } from './KymarosActionDeps';
import { reportSummary, reportSummarySchema } from './reportSummary';
import { resolveEntityTests } from './resolveEntityTests';

/**
 * `get-restore-confidence`: how well an entity's backups restore, from the
 * latest report of each of its restore tests. Read-only, with the access
 * rules of `GET /tests?entityRef=`.
 */
export function registerGetRestoreConfidenceAction(
  registry: ActionsRegistryService,
  deps: KymarosActionDeps,
): void {
  registry.register({
    name: 'get-restore-confidence',
    title: 'Get restore confidence',
    description: [
      'How well the backups of a catalog entity restore: for each of its Kymaros restore tests, the latest report',
      '(result pass/partial/fail/error, score 0-100, validation levels passed and failed, RTO measured against its',
      'target, the restored backup age against the RPO target, why it did not pass and the next steps).',
      'A test without a report has not run yet; an invalid definition says why.',
      'Needs kymaros.report.read on the entity; an entity without tests, or one you may not read, is not found.',
    ].join(' '),
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'The entity, as kind:namespace/name, e.g. component:default/orders',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          restoreTabUrl: z
            .string()
            .optional()
            .describe("The entity's Restore tab in the portal"),
          tests: z.array(
            z.object({
              testId: z.string(),
              testName: z.string(),
              phase: z.enum(['Idle', 'Running', 'Completed', 'Failed']),
              lastRunAt: z.string().optional(),
              nextRunAt: z.string().optional(),
              invalidDefinition: z
                .string()
                .optional()
                .describe('Why the definition is invalid; the test cannot run'),
              latestReport: reportSummarySchema(z)
                .optional()
                .describe('Absent when the test has not run yet'),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef, tests } = await resolveEntityTests(
        deps,
        credentials,
        input.entityRef,
      );
      return {
        output: {
          entityRef,
          restoreTabUrl: deps.restoreTabUrl(entityRef),
          tests: await Promise.all(
            tests.map(test => testConfidence(deps, test)),
          ),
        },
      };
    },
  });
}

async function testConfidence(deps: KymarosActionDeps, test: StoredTest) {
  const [latest] = await deps.store.listReports(test.id, 1);
  return {
    testId: test.id,
    testName: test.name,
    phase: test.state.phase,
    lastRunAt: test.state.lastRunAt,
    nextRunAt: test.state.nextRunAt,
    invalidDefinition: test.error,
    latestReport: latest && reportSummary(latest),
  };
}
