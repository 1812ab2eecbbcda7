import type {
  CheckResult,
  RestoreReportStatus,
  SandboxFidelity,
} from '@kymaros/plugin-kymaros-common';
import type { BackupRef } from '@kymaros/plugin-kymaros-node';
import type { CompletenessResult } from '../completeness/compareCompleteness';
import type { Evaluation } from '../scoring/evaluation';

export type PhaseTiming = RestoreReportStatus['rto']['phases'][number];

/** What a run learns as it goes; a run that stops early reports what it got to. */
export interface RunFacts {
  backup?: BackupRef;
  /** When the provider started restoring (a queued restore does not count against RTO). */
  restoreStartedAt?: Date;
  /** Sandboxes created so far, by source namespace. */
  sandboxes: Record<string, string>;
  checks: CheckResult[];
  completeness?: CompletenessResult;
  /** How the sandbox differed from the source on purpose (rewrites, transformations, quota). */
  sandboxFidelity?: Partial<SandboxFidelity>;
  /** Set when every level was evaluated: a run that got through validation. */
  validatedAt?: Date;
}

/** A run that got going: through validation, or stopped part way. */
export interface RunReportFacts extends RunFacts {
  kind: 'run';
  startedAt: Date;
  /** When the run was over, cleanup included. */
  endedAt: Date;
  evaluation: Evaluation;
  phases: PhaseTiming[];
  detail?: string;
  /** The RTO target as written in the test (`sla.maxRTO`). */
  rtoTarget?: string;
  /** The backup-age target as written in the test (`sla.maxRPO`). */
  rpoTarget?: string;
}

/** A run that could not start its evaluation at all (credentials, unsupported provider). */
export interface NotStartedFacts {
  kind: 'not-started';
  detail: string;
  at: Date;
}

/** A run whose backend stopped, found and ended by the reaper. */
export interface InterruptedFacts {
  kind: 'interrupted';
  detail: string;
  at: Date;
  startedAt?: string;
  sandboxes: { source: string; sandbox: string }[];
}

export type ReportFacts = RunReportFacts | NotStartedFacts | InterruptedFacts;

/**
 * The RTO window: from the restore's start (the run's start when the
 * restore never started) to validation, or to `endedAt` when the run did
 * not get through validation.
 */
export function rtoWindow(
  facts: Pick<RunFacts, 'restoreStartedAt' | 'validatedAt'> & {
    startedAt: Date;
  },
  endedAt: Date,
): { start: Date; end: Date; measuredMs: number } {
  const start = facts.restoreStartedAt ?? facts.startedAt;
  const end = facts.validatedAt ?? endedAt;
  return {
    start,
    end,
    measuredMs: Math.max(0, end.getTime() - start.getTime()),
  };
}
