import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { CheckType } from '@kymaros/plugin-kymaros-node';
import type { RunDependencies } from './executeRun';
import { DEFAULT_CHECK_TIMEOUT_MS } from '../checks/planChecks';
import { runChecks } from '../checks/runChecks';

/**
 * Runs a test's checks in its sandboxes: a check that names its `namespace`
 * runs in that namespace's sandbox; one that names none looks for its target
 * in every sandbox of the run (see checks/sandboxSearch).
 */
export function runChecksForRun(
  types: ReadonlyMap<string, CheckType>,
  logger: LoggerService,
): RunDependencies['runChecks'] {
  return async (checks, ctx) => {
    const sources = Object.keys(ctx.sandboxes);
    return runChecks(checks ?? [], {
      types,
      logger,
      signal: ctx.signal,
      contextFor: check => {
        const source = check.namespace ?? sources[0];
        // Definitions are validated against the test's namespaces; this guards anything that slips through.
        if (!ctx.sandboxes[source])
          throw new InputError(
            `namespace "${source}" is not one of the test's namespaces`,
          );
        return {
          kubeConfig: ctx.kubeConfig,
          sandbox: ctx.sandboxes[source],
          sourceNamespace: source,
          sandboxes: ctx.sandboxes,
          namespacePinned: check.namespace !== undefined,
          signal: ctx.signal,
          // Each attempt gets the check's own timeout in place of this one.
          timeoutMs: DEFAULT_CHECK_TIMEOUT_MS,
          logger,
          labels: ctx.labels,
        };
      },
    });
  };
}
