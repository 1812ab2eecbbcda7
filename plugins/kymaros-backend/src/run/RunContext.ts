import type { KubeConfig } from '@kubernetes/client-node';
import { SandboxManager } from '../sandbox/SandboxManager';
import { WriteGuard } from '../sandbox/WriteGuard';
import { guardedKubeConfig } from '../sandbox/guardedKubeConfig';
import { formatDuration } from '@kymaros/plugin-kymaros-common';
import { CleanupStack } from './CleanupStack';
import { RunRecorder } from './RunRecorder';
import { RunDeadline } from './RunDeadline';
import type { RunDependencies, RunTarget } from './executeRun';
import { withTimeout } from './withTimeout';

/** How a step ends when it runs out of time. */
export interface StepOptions {
  /** What the step's own limit says when it is reached (default: `<name> did not finish within …`). */
  timeoutMessage?: string;
  /** How long work that answers its abort with partial results may take to hand them in. */
  graceMs?: number;
}

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
  /** The run's global deadline (`timeout`, within `kymaros.timeouts.run`). */
  deadline: RunDeadline;
  /** The run's own signal: aborts when the run is stopped (shutdown, lease lost) or its deadline passes. */
  signal: AbortSignal;
  /** The steps begun so far, in order. */
  steps: string[];
  /**
   * Runs `work` as the step `name`: reported to the UI, timed, and bounded
   * by `timeoutMs` and the run's signal.
   */
  step<T>(
    name: string,
    timeoutMs: number,
    work: (signal: AbortSignal) => Promise<T>,
    options?: StepOptions,
  ): Promise<T>;
}

export function startRun(
  target: RunTarget,
  runId: string,
  deps: RunDependencies,
  stop: AbortSignal,
): RunContext {
  const guard = deps.guard ?? new WriteGuard([...deps.provider.ownedObjects]);
  const kubeConfig = guardedKubeConfig(deps.kubeConfig, guard);
  const sandboxes = new SandboxManager(kubeConfig, guard);
  const recorder = new RunRecorder();
  const deadline = new RunDeadline(target.spec.timeout, deps.timeoutsMs.run);
  const signal = AbortSignal.any([stop, deadline.signal]);
  const steps: string[] = [];
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
    deadline,
    signal,
    steps,
    step: async (name, timeoutMs, work, options = {}) => {
      // A run already stopped begins no step: the report names the last one begun.
      signal.throwIfAborted();
      steps.push(name);
      deps.onStep(name);
      return recorder.timed(name, () =>
        withTimeout(
          signal,
          timeoutMs,
          options.timeoutMessage ??
            `${name} did not finish within ${formatDuration(timeoutMs)}`,
          work,
          options.graceMs,
        ),
      );
    },
  };
}
