import type {
  AuditorServiceCreateEventOptions,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { kymarosRestoreTestRunPermission } from '@kymaros/plugin-kymaros-common';
import { requireEntityAccess } from '../router/requireEntityAccess';
import type { StoredTest } from '../store/KymarosStore';
import { audited } from '../util/audited';
import type { KymarosActionDeps } from './KymarosActionDeps';
import { requestedBy } from '../run/requestedBy';
import { resolveEntityTests } from './resolveEntityTests';

interface RunInput {
  testId?: string;
  entityRef?: string;
  testName?: string;
}

/**
 * `run-restore-test`: asks for a run now, through the same on-demand path
 * and permission (`kymaros.restoretest.run` on the test's entity) as the
 * Restore tab's Run now. A run already going or requested is not a second
 * one: the answer says so instead of queuing.
 */
export function registerRunRestoreTestAction(
  registry: ActionsRegistryService,
  deps: KymarosActionDeps,
): void {
  registry.register({
    name: 'run-restore-test',
    title: 'Run a restore test now',
    description: [
      'Requests an on-demand run of a Kymaros restore test: its latest backup is restored into a sandbox and validated;',
      'the run takes minutes and its report then appears in get-restore-confidence.',
      'Name the test by testId, or by entityRef and testName (testName may be left out when the entity has one test).',
      'Needs kymaros.restoretest.run on the entity. requested is false, with the reason, when a run is already going,',
      'already requested, or the definition is invalid.',
    ].join(' '),
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          testId: z
            .string()
            .optional()
            .describe(
              'The test id, <entityRef>:<testName>, as list-restore-tests gives it',
            ),
          entityRef: z
            .string()
            .optional()
            .describe('The entity, as kind:namespace/name; instead of testId'),
          testName: z
            .string()
            .optional()
            .describe('The test of entityRef to run'),
        }),
      output: z =>
        z.object({
          requested: z.boolean().describe('Whether a run was queued'),
          testId: z.string(),
          testName: z.string(),
          entityRef: z.string(),
          message: z.string(),
          restoreTabUrl: z
            .string()
            .optional()
            .describe('Where the run can be followed in the portal'),
        }),
    },
    action: async ({ input, credentials, logger }) => {
      const by = requestedBy(credentials);
      const requestRun = async () => {
        const test = await findRunnableTest(deps, credentials, input);
        return { test, ...(await request(deps, test, by)) };
      };
      // Refusals are recorded too, as for Run now: who tried to run what matters to auditors.
      const { test, ...outcome } = deps.auditor
        ? await audited(deps.auditor, auditEvent(input, by), requestRun, r =>
            r.requested
              ? { meta: { testId: r.test.id, outcome: 'accepted' } }
              : {
                  meta: { testId: r.test.id, outcome: 'refused' },
                  error: new ConflictError(r.message),
                },
          )
        : await requestRun();
      if (outcome.requested)
        logger.info(`Run of ${test.id} requested by ${by} through an action`);
      return {
        output: {
          ...outcome,
          testId: test.id,
          testName: test.name,
          entityRef: test.entityRef,
          restoreTabUrl: deps.restoreTabUrl(test.entityRef),
        },
      };
    },
  });
}

/** Run now's audit event, with what the caller named and who it is (there is no HTTP request to derive the actor from). */
function auditEvent(
  input: RunInput,
  by: string,
): AuditorServiceCreateEventOptions {
  return {
    eventId: 'restore-test-run',
    severityLevel: 'medium',
    meta: {
      via: 'action',
      requestedBy: by,
      ...(input.testId !== undefined && { testId: input.testId }),
      ...(input.entityRef !== undefined && { entityRef: input.entityRef }),
      ...(input.testName !== undefined && { testName: input.testName }),
    },
  };
}

/** The test named, once the caller may run it; NotFoundError as for reading, NotAllowedError without the run permission. */
async function findRunnableTest(
  deps: KymarosActionDeps,
  credentials: BackstageCredentials,
  input: RunInput,
): Promise<StoredTest> {
  if (input.testId !== undefined) {
    if (input.entityRef !== undefined || input.testName !== undefined)
      throw new InputError(
        `Give either testId (${input.testId}) or entityRef and testName, not both`,
      );
    const test = await deps.store.getTest(input.testId);
    await requireEntityAccess({
      permissions: deps.permissions,
      credentials,
      entityRef: test?.entityRef,
      notFound: `No restore test ${input.testId}`,
      permission: kymarosRestoreTestRunPermission,
    });
    return test!;
  }
  if (input.entityRef === undefined)
    throw new InputError('Give testId, or entityRef (and testName)');
  const { entityRef, tests } = await resolveEntityTests(
    deps,
    credentials,
    input.entityRef,
    kymarosRestoreTestRunPermission,
  );
  return pickTest(entityRef, tests, input.testName);
}

function pickTest(
  entityRef: string,
  tests: StoredTest[],
  testName: string | undefined,
): StoredTest {
  const names = tests.map(t => t.name).join(', ');
  if (testName === undefined) {
    if (tests.length === 1) return tests[0];
    throw new InputError(
      `${entityRef} has ${tests.length} restore tests (${names}): give testName`,
    );
  }
  const test = tests.find(t => t.name === testName);
  if (!test)
    throw new NotFoundError(
      `${entityRef} has no restore test named ${testName} (its tests: ${names})`,
    );
  return test;
}

/** Asks the scheduler for the run; a conflict (running, requested, invalid) is an answer, not an error. */
async function request(
  deps: KymarosActionDeps,
  test: StoredTest,
  by: string,
): Promise<{ requested: boolean; message: string }> {
  if (test.error)
    return {
      requested: false,
      message: `Restore test ${test.id} is invalid and cannot run: ${test.error}`,
    };
  try {
    await deps.requestRun(test.id, by);
  } catch (error) {
    if (error instanceof ConflictError)
      return { requested: false, message: error.message };
    throw error;
  }
  return {
    requested: true,
    message: `Run of ${test.id} requested; it starts when the cluster has a free slot`,
  };
}
