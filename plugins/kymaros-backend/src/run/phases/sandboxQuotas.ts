import { InputError } from '@backstage/errors';
import type { ResourceQuotaSpec } from '@kymaros/plugin-kymaros-common';
import type { BackupObject } from '@kymaros/plugin-kymaros-node';
import { describeError } from '../../util/errors';
import { workloadRequests } from '../../fidelity/workloadRequests';
import { formatBytes, formatCpu } from '../../sandbox/quantity';
import {
  type QuotaNeed,
  resolveSandboxQuota,
} from '../../sandbox/sandboxQuota';
import type { RunContext } from '../RunContext';
import type { ManifestsRead } from './backupManifests';

/**
 * Each sandbox's quota: as the test sets it, or sized from what the
 * backup's workloads request (`resourceQuota.auto`). Workloads that cannot
 * fit stop the run before anything is restored, with the quota they need,
 * rather than as a restore the quota refuses in part.
 */
export function sizeSandboxQuotas(
  run: RunContext,
  { manifests }: ManifestsRead,
): Record<string, ResourceQuotaSpec> | undefined {
  const { resourceQuota } = run.target.spec.sandbox;
  if (!resourceQuota) return undefined;
  const requests =
    manifests && !manifests.truncated
      ? readRequests(run, manifests.objects)
      : undefined;
  // Without the workloads' bodies nothing can be sized: the quota applies as written, an automatic one at its cap.
  if (!requests) return resourceQuota.auto ? cappedQuotas(run) : undefined;
  const quotas: Record<string, ResourceQuotaSpec> = {};
  const shortfalls: string[] = [];
  for (const source of run.sources) {
    const requested = requests[source] ?? {
      cpuMillis: 0,
      memoryBytes: 0,
      pods: 0,
      storageBytes: 0,
    };
    const { quota, shortfall } = resolveSandboxQuota({
      quota: resourceQuota,
      requested,
      cap: run.deps.autoQuotaMax,
      source,
    });
    if (quota) quotas[source] = quota;
    if (shortfall) shortfalls.push(shortfall);
  }
  noteQuota(run, Object.values(requests), Object.values(quotas));
  if (shortfalls.length) throw new InputError(shortfalls.join('; '));
  return quotas;
}

/** An automatic quota that could not be sized: the installation's cap, under the values the test wrote. */
function cappedQuotas(run: RunContext): Record<string, ResourceQuotaSpec> {
  const { auto, ...written } = run.target.spec.sandbox.resourceQuota ?? {};
  const quota = { ...run.deps.autoQuotaMax, ...written };
  return Object.fromEntries(run.sources.map(source => [source, quota]));
}

/** What each namespace's workloads request; a quantity the backup holds that is not one leaves the quota as written. */
function readRequests(
  run: RunContext,
  objects: BackupObject[],
): Record<string, QuotaNeed> | undefined {
  const { limitRange, runJobs } = run.target.spec.sandbox;
  try {
    return workloadRequests(objects, limitRange, runJobs ?? false);
  } catch (e) {
    run.recorder.problem(
      `The sandbox quota could not be sized from the backup: ${describeError(
        e,
      )}`,
    );
    return undefined;
  }
}

/** The report's quota line: what all the workloads request, and the quota when every sandbox got the same. */
function noteQuota(
  run: RunContext,
  requests: QuotaNeed[],
  quotas: ResourceQuotaSpec[],
): void {
  const total = requests.reduce(
    (sum, r) => ({
      cpuMillis: sum.cpuMillis + r.cpuMillis,
      memoryBytes: sum.memoryBytes + r.memoryBytes,
      pods: sum.pods + r.pods,
    }),
    { cpuMillis: 0, memoryBytes: 0, pods: 0 },
  );
  const same = quotas.every(
    q => JSON.stringify(q) === JSON.stringify(quotas[0]),
  );
  run.recorder.note({
    sandboxFidelity: {
      ...run.recorder.facts.sandboxFidelity,
      quota: {
        requested: {
          cpu: formatCpu(total.cpuMillis),
          memory: formatBytes(total.memoryBytes),
          pods: total.pods,
        },
        ...(quotas.length && same ? { applied: quotas[0] } : {}),
        auto: run.target.spec.sandbox.resourceQuota?.auto ?? false,
      },
    },
  });
}
