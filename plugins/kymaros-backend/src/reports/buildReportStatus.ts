import type {
  RestoreReportStatus,
  RpoMeasurement,
  SandboxFidelity,
} from '@kymaros/plugin-kymaros-common';
import { emptyCompleteness } from '../completeness/compareCompleteness';
import { type Evaluation, notEvaluated } from '../scoring/evaluation';
import {
  formatCompactDuration,
  formatDuration,
  tryParseDuration,
} from '@kymaros/plugin-kymaros-common';
import { toRfc3339 } from './rfc3339';
import {
  type InterruptedFacts,
  type NotStartedFacts,
  type ReportFacts,
  type RunReportFacts,
  rtoWindow,
} from './reportFacts';

/** What a report says beyond the run's own facts. */
export interface ReportContext {
  cluster: string;
  provider: string;
  triggeredBy?: string;
  regression?: RestoreReportStatus['regression'];
}

/** A report's scored verdict, known before the report is built: regressions and the test's state are judged on it. */
export interface ReportVerdict extends Evaluation {
  completedAt: Date;
  /** Every level was evaluated. */
  complete: boolean;
}

export function reportVerdict(facts: ReportFacts): ReportVerdict {
  if (facts.kind === 'run')
    return {
      ...facts.evaluation,
      completedAt: rtoWindow(facts, facts.endedAt).end,
      complete: facts.validatedAt !== undefined,
    };
  return {
    ...notEvaluated(facts.detail),
    completedAt: facts.at,
    complete: false,
  };
}

/**
 * The one place a report status is built, for a run through validation or
 * stopped part way, for a run that could not start, and for a run the
 * reaper found interrupted.
 */
export function buildReportStatus(
  facts: ReportFacts,
  context: ReportContext,
): RestoreReportStatus {
  return facts.kind === 'run'
    ? runStatus(facts, context)
    : unevaluatedStatus(facts, context);
}

function runStatus(
  facts: RunReportFacts,
  context: ReportContext,
): RestoreReportStatus {
  const { validationLevels, score, result } = facts.evaluation;
  const rto = rtoWindow(facts, facts.endedAt);
  const targetMs = facts.rtoTarget
    ? tryParseDuration(facts.rtoTarget)
    : undefined;
  const { backup } = facts;
  // Age at the moment the restore started: how old the data brought back was.
  const ageMs = backup?.completedAt
    ? Math.max(0, rto.start.getTime() - Date.parse(backup.completedAt))
    : undefined;
  return {
    score,
    result,
    startedAt: toRfc3339(rto.start),
    completedAt: toRfc3339(rto.end),
    rto: {
      // The rtoCompliance level words these two the same way.
      measured: formatCompactDuration(rto.measuredMs),
      measuredMs: rto.measuredMs,
      ...(facts.rtoTarget
        ? {
            target:
              targetMs !== undefined
                ? formatCompactDuration(targetMs)
                : facts.rtoTarget,
          }
        : {}),
      ...(targetMs !== undefined ? { targetMs } : {}),
      withinSLA:
        facts.validatedAt !== undefined &&
        (targetMs === undefined || rto.measuredMs <= targetMs),
      phases: facts.phases,
    },
    ...(ageMs !== undefined
      ? { rpo: rpoMeasurement(ageMs, facts.rpoTarget) }
      : {}),
    backup: {
      name: backup?.name ?? '',
      age: ageMs !== undefined ? formatDuration(ageMs) : '',
      ...(ageMs !== undefined ? { ageMs } : {}),
      size: backup?.size ?? '',
      phase: backup?.phase,
      completedAt: backup?.completedAt,
    },
    checks: facts.checks,
    completeness: facts.completeness?.summary ?? emptyCompleteness(),
    completenessDetail: facts.completeness?.detail,
    validationLevels,
    ...(facts.detail ? { detail: facts.detail } : {}),
    ...contextFields(context),
    sandboxes: Object.entries(facts.sandboxes).map(([source, sandbox]) => ({
      source,
      sandbox,
    })),
    ...sandboxFidelity(facts.sandboxFidelity),
  };
}

/** The backup's age at restore against `sla.maxRPO`; no target, nothing to breach. */
function rpoMeasurement(
  backupAgeMs: number,
  written: string | undefined,
): RpoMeasurement {
  const targetMs = written ? tryParseDuration(written) : undefined;
  return {
    backupAge: formatCompactDuration(backupAgeMs),
    backupAgeMs,
    ...(targetMs !== undefined
      ? { target: formatCompactDuration(targetMs), targetMs }
      : {}),
    withinTarget: targetMs === undefined || backupAgeMs <= targetMs,
  };
}

function unevaluatedStatus(
  facts: NotStartedFacts | InterruptedFacts,
  context: ReportContext,
): RestoreReportStatus {
  const { validationLevels, score, result } = notEvaluated(facts.detail);
  const at = toRfc3339(facts.at);
  const interrupted = facts.kind === 'interrupted' ? facts : undefined;
  return {
    score,
    result,
    startedAt: interrupted?.startedAt ? toRfc3339(interrupted.startedAt) : at,
    completedAt: at,
    rto: { measured: '0s', measuredMs: 0, withinSLA: false, phases: [] },
    backup: { name: '', age: '', size: '' },
    checks: [],
    completeness: emptyCompleteness(),
    validationLevels,
    detail: facts.detail,
    ...contextFields(context),
    ...(interrupted ? { sandboxes: interrupted.sandboxes } : {}),
  };
}

function contextFields({
  cluster,
  provider,
  triggeredBy,
  regression,
}: ReportContext) {
  return {
    cluster,
    provider,
    ...(triggeredBy !== undefined ? { triggeredBy } : {}),
    ...(regression ? { regression } : {}),
  };
}

/** The fidelity section once the restore was planned; its lists always present. */
function sandboxFidelity(fidelity: Partial<SandboxFidelity> | undefined): {
  sandboxFidelity?: SandboxFidelity;
} {
  if (fidelity?.manifestsRead === undefined) return {};
  return {
    sandboxFidelity: {
      rewrites: [],
      externalReferences: [],
      transformations: [],
      volumesNotRestored: [],
      ...fidelity,
      manifestsRead: fidelity.manifestsRead,
    },
  };
}
