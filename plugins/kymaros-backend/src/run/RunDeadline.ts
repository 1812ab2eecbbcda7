import { CustomErrorBase, InputError } from '@backstage/errors';
import { formatDuration, parseDuration } from '@kymaros/plugin-kymaros-common';
import { describeError } from '../util/errors';

/** The run went past its global deadline. */
export class GlobalTimeoutError extends CustomErrorBase {}

/**
 * A run's global deadline: the test's `timeout`, never later than the
 * installation's run limit (`kymaros.timeouts.run`). It counts from the
 * run's start, once the run has its cluster slot; its signal aborts with a
 * GlobalTimeoutError when it passes.
 */
export class RunDeadline {
  private readonly controller = new AbortController();
  private readonly timer?: NodeJS.Timeout;

  constructor(specTimeout: string | undefined, installationLimitMs?: number) {
    const limit = globalLimit(specTimeout, installationLimitMs);
    if (!limit) return;
    const error = new GlobalTimeoutError(
      `global timeout exceeded (${formatDuration(limit.ms)}${
        limit.fromInstallation ? ', kymaros.timeouts.run' : ''
      })`,
    );
    this.timer = setTimeout(() => this.controller.abort(error), limit.ms);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Stops the clock: what follows (cleanup, the report) has its own limits. */
  dispose(): void {
    clearTimeout(this.timer);
  }
}

function globalLimit(
  specTimeout: string | undefined,
  installationLimitMs: number | undefined,
): { ms: number; fromInstallation: boolean } | undefined {
  const own = specTimeout === undefined ? undefined : parseTimeout(specTimeout);
  if (own !== undefined && (installationLimitMs ?? Infinity) >= own)
    return { ms: own, fromInstallation: false };
  if (installationLimitMs === undefined) return undefined;
  return { ms: installationLimitMs, fromInstallation: true };
}

/** The definition loader refuses a bad `timeout`; this names the field should one get through. */
function parseTimeout(text: string): number {
  try {
    return parseDuration(text);
  } catch (e) {
    throw new InputError(`timeout: ${describeError(e)}`);
  }
}
