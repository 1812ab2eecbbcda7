import type { LevelResult } from '@kymaros/plugin-kymaros-common';
import { waitForWorkloads } from '../../pods/waitForWorkloads';
import { podStartupFacts } from '../../pods/podStartupFacts';
import * as levels from '../../scoring/levels';
import { tryParseDuration } from '@kymaros/plugin-kymaros-common';
import type { RunContext } from '../RunContext';

/** The pod wait's own budget, and the margin the step gets on top to report what it saw. */
const DEFAULT_POD_READY_MS = 120_000;
const REPORTING_MARGIN_MS = 30_000;

/** Waits for the restored workloads' pods to be Ready; judges pod startup. */
export async function waitForPods(
  run: RunContext,
  mapping: Record<string, string>,
): Promise<LevelResult> {
  const podTimeout =
    tryParseDuration(run.target.spec.podReadyTimeout ?? '2m') ??
    DEFAULT_POD_READY_MS;
  const pods = await run.step(
    'pods',
    podTimeout + REPORTING_MARGIN_MS,
    signal =>
      waitForWorkloads(
        run.kubeConfig,
        Object.values(mapping),
        podTimeout,
        signal,
      ),
  );
  const sourceOf = Object.fromEntries(
    Object.entries(mapping).map(([source, sandbox]) => [sandbox, source]),
  );
  return run.recorder.level(
    'podStartup',
    levels.podStartup(podStartupFacts(pods, sourceOf)),
  );
}
