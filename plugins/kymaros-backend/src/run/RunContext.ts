import type { KubeConfig } from '@kubernetes/client-node';
import { SandboxManager } from '../sandbox/SandboxManager';
import { WriteGuard } from '../sandbox/WriteGuard';
import { guardedKubeConfig } from '../sandbox/guardedKubeConfig';
import { formatDuration } from '@kymaros/plugin-kymaros-common';
import { CleanupStack } from './CleanupStack';
import { RunRecorder } from './RunRecorder';
import type { RunDependencies, RunTarget } from './executeRun';
import { withTimeout } from './withTimeout';

/** What every phase of one run works with. */
export interface RunContext {
  target: RunTarget;
  runId: string;
  deps: RunDependencies;
  /** The test's namespaces. */
  sources: string[];
  /** Credentials that write only to this run's sandboxes and the provider's own objects. */
  kubeConfig: KubeConfig;
  sandboxes: SandboxManager;
  /** The labels of everything the run creates. */
  labels: Record<string, string>;
  recorder: RunRecorder;
  cleanups: CleanupStack;
  /** The run's own signal: aborts when the run is stopped (shutdown, lease lost, global timeout). */
  signal: AbortSignal;
  /**
   * Runs `work` as the step `name`: reported to the UI, timed, and bounded
   * by `timeoutMs` and the run's signal.
   */
  step<T>(
    name: string,
    timeoutMs: number,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T>;
}

export function startRun(
  target: RunTarget,
  runId: string,
  deps: RunDependencies,
  signal: AbortSignal,
): RunContext {
  const guard = new WriteGuard(deps.provider.ownedObjects);
  const kubeConfig = guardedKubeConfig(deps.kubeConfig, guard);
  const sandboxes = new SandboxManager(kubeConfig, guard);
  const recorder = new RunRecorder();
  return {
    target,
    runId,
    deps,
    sources: target.spec.backupSource.namespaces.map(n => n.name),
    kubeConfig,
    sandboxes,
    labels: sandboxes.labels({ runId, testName: target.testName }),
    recorder,
    cleanups: new CleanupStack(),
    signal,
    step: (name, timeoutMs, work) => {
      deps.onStep(name);
      return recorder.timed(name, () =>
        withTimeout(
          signal,
          timeoutMs,
          `${name} did not finish within ${formatDuration(timeoutMs)}`,
          work,
        ),
      );
    },
  };
}
