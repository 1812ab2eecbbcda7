import type {
  CheckResult,
  LevelResult,
  RestoreResult,
  ValidationLevelKey,
} from '@kymaros/plugin-kymaros-common';
import {
  VALIDATION_LEVELS,
  resultForScore,
  formatCompactDuration,
  formatDuration,
  providerTitle,
} from '@kymaros/plugin-kymaros-common';

const maxPoints = Object.fromEntries(
  VALIDATION_LEVELS.map(l => [l.key, l.points]),
) as Record<ValidationLevelKey, number>;

/** Points for a ratio, floored per level so partial credit never rounds up. */
export function points(key: ValidationLevelKey, ratio: number): number {
  return Math.floor(Math.max(0, Math.min(1, ratio)) * maxPoints[key] + 1e-9);
}

/** A level's items: passed, tested and failed, not tested and why. */
interface Items {
  tested?: string[];
  failed?: string[];
  notTested?: string[];
  notTestedReason?: string;
}

function level(
  key: ValidationLevelKey,
  status: LevelResult['status'],
  ratio: number,
  detail: string,
  items: Items = {},
): LevelResult {
  const { tested = [], failed = [], notTested = [], notTestedReason } = items;
  return {
    status,
    detail,
    tested,
    failed,
    notTested,
    ...(notTestedReason ? { notTestedReason } : {}),
    points: status === 'skip' ? 0 : points(key, ratio),
    maxPoints: maxPoints[key],
  };
}

/** A level the run never reached: nothing in it was tested, for `detail`. */
export function skipped(
  key: ValidationLevelKey,
  detail: string,
  notTested: string[] = [],
): LevelResult {
  return level(key, 'skip', 0, detail, {
    notTested,
    notTestedReason: detail,
  });
}

export interface RestoreFacts {
  phase: string;
  /** The provider's own word for the phase, shown instead when given. */
  providerPhase?: string;
  backupName: string;
  provider: string;
  itemsTotal?: number;
  itemsFailed: number;
  messages: string[];
}

/** Completed earns everything; PartiallyFailed earns the share of items restored without error. */
export function restoreIntegrity(r: RestoreFacts): LevelResult {
  const provider = providerTitle(r.provider);
  if (r.phase === 'Completed')
    return level(
      'restoreIntegrity',
      'pass',
      1,
      `${provider} restore completed without errors`,
      { tested: [r.backupName] },
    );
  if (r.phase === 'PartiallyFailed') {
    const total =
      r.itemsTotal && r.itemsTotal > 0 ? r.itemsTotal : r.itemsFailed + 1;
    const ok = Math.max(0, total - r.itemsFailed);
    const first = r.messages[0] ? `: ${r.messages[0]}` : '';
    return level(
      'restoreIntegrity',
      'fail',
      ok / total,
      `${provider} restore partially failed, ${ok}/${total} items restored without error${first}`,
      { failed: [r.backupName] },
    );
  }
  const why = r.messages.length ? `: ${r.messages.join('; ')}` : '';
  return level(
    'restoreIntegrity',
    'fail',
    0,
    `${provider} restore ended ${r.providerPhase ?? r.phase}${why}`,
    { failed: [r.backupName] },
  );
}

export interface CompletenessFacts {
  expected: number;
  found: number;
  missing: string[];
  present: string[];
}

export function completeness(c: CompletenessFacts): LevelResult {
  if (c.expected === 0)
    return level(
      'completeness',
      'fail',
      0,
      'The backup holds no restorable objects for these namespaces',
    );
  const ratio = c.found / c.expected;
  if (c.missing.length === 0)
    return level(
      'completeness',
      'pass',
      1,
      'All expected resources found in sandbox',
      { tested: c.present },
    );
  return level(
    'completeness',
    'fail',
    ratio,
    `${c.found}/${c.expected} resources found in sandbox; missing: ${c.missing
      .slice(0, 5)
      .join(', ')}${
      c.missing.length > 5 ? `, and ${c.missing.length - 5} more` : ''
    }`,
    { tested: c.present, failed: c.missing },
  );
}

export interface PodFacts {
  /** Pods the restored workloads want, and how many of them were Ready. */
  expected: number;
  ready: number;
  /** Workloads, by the names reports give them, whose pods all became Ready, and the others. */
  readyWorkloads: string[];
  notReadyWorkloads: string[];
  /** What kept pods from being Ready, worst first, a sentence each naming the pod. */
  problems: string[];
  readyAfterMs?: number;
}

/** Problems the podStartup detail spells out; the rest are counted. */
const PROBLEMS_SHOWN = 3;

export function podStartup(p: PodFacts): LevelResult {
  if (p.expected === 0)
    return level(
      'podStartup',
      'pass',
      1,
      'No workloads to start (configuration-only namespaces)',
    );
  if (p.ready >= p.expected) {
    return level(
      'podStartup',
      'pass',
      1,
      `All pods reached Ready state within ${formatDuration(
        p.readyAfterMs ?? 0,
      )}`,
      { tested: p.readyWorkloads },
    );
  }
  const shown = p.problems.slice(0, PROBLEMS_SHOWN);
  const more = p.problems.length - shown.length;
  const detail = shown.length
    ? `${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`
    : `${p.ready}/${p.expected} pods Ready`;
  return level('podStartup', 'fail', p.ready / p.expected, detail, {
    tested: p.readyWorkloads,
    failed: p.notReadyWorkloads,
  });
}

/** Skipped checks count as not passed; a test without checks scores nothing here and says so. */
export function internalHealth(checks: CheckResult[]): LevelResult {
  if (checks.length === 0) {
    return level(
      'internalHealth',
      'fail',
      0,
      'No health checks defined: add a HealthCheckPolicy so the restored application itself is tested',
    );
  }
  const passed = checks.filter(c => c.status === 'pass');
  const skippedCount = checks.filter(c => c.status === 'skip').length;
  const ratio = `${passed.length}/${checks.length}`;
  const detail = skippedCount
    ? `${ratio} checks passed, ${skippedCount} skipped due to upstream failure`
    : `${ratio} health checks passed`;
  return level(
    'internalHealth',
    passed.length === checks.length ? 'pass' : 'fail',
    passed.length / checks.length,
    detail,
    {
      tested: passed.map(c => c.name),
      failed: checks.filter(c => c.status === 'fail').map(c => c.name),
      notTested: checks.filter(c => c.status === 'skip').map(c => c.name),
      // Each skipped check says why; the first is the cascade's cause.
      notTestedReason: checks.find(c => c.status === 'skip')?.message,
    },
  );
}

export interface DependencyFacts {
  verdicts: { name: string; satisfied: boolean; reason: string }[];
}

export function crossNamespaceDeps(d: DependencyFacts): LevelResult {
  if (d.verdicts.length === 0)
    return level(
      'crossNamespaceDeps',
      'pass',
      1,
      'No cross-namespace dependencies declared',
    );
  const ok = d.verdicts.filter(v => v.satisfied);
  const failedReasons = d.verdicts
    .filter(v => !v.satisfied)
    .map(v => `${v.name}: ${v.reason}`);
  return level(
    'crossNamespaceDeps',
    ok.length === d.verdicts.length ? 'pass' : 'fail',
    ok.length / d.verdicts.length,
    `${ok.length}/${d.verdicts.length} cross-namespace dependencies verified${
      failedReasons.length ? `; ${failedReasons.join('; ')}` : ''
    }`,
    {
      tested: ok.map(v => v.name),
      failed: d.verdicts.filter(v => !v.satisfied).map(v => v.name),
    },
  );
}

export function rtoCompliance(
  measuredMs: number,
  targetMs: number | undefined,
): LevelResult {
  if (targetMs === undefined)
    return level(
      'rtoCompliance',
      'pass',
      1,
      `${formatCompactDuration(measuredMs)} measured; no RTO target set`,
      {
        notTested: ['sla.maxRTO'],
        notTestedReason: 'The test sets no RTO target (sla.maxRTO)',
      },
    );
  const within = measuredMs <= targetMs;
  // The same format as the report's rto.measured and rto.target.
  const over = within
    ? ''
    : ` — exceeded by ${formatCompactDuration(measuredMs - targetMs)}`;
  return level(
    'rtoCompliance',
    within ? 'pass' : 'fail',
    within ? 1 : 0,
    `${formatCompactDuration(
      measuredMs,
    )} measured against ${formatCompactDuration(targetMs)} target${over}`,
    within ? { tested: ['sla.maxRTO'] } : { failed: ['sla.maxRTO'] },
  );
}

/** Sum of the levels; `error` when the run could not be evaluated for reasons outside the backup. */
export function totalScore(
  levels: Record<ValidationLevelKey, LevelResult>,
  error: boolean,
): { score: number; result: RestoreResult } {
  const score = Math.min(
    100,
    VALIDATION_LEVELS.reduce((n, l) => n + levels[l.key].points, 0),
  );
  return { score, result: error ? 'error' : resultForScore(score) };
}
