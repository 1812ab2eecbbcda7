import type {
  CheckResult,
  LevelResult,
  RestoreResult,
  ValidationLevelKey,
} from '@kymaros/plugin-kymaros-common';
import {
  VALIDATION_LEVELS,
  resultForScore,
  formatDuration,
} from '@kymaros/plugin-kymaros-common';

const maxPoints = Object.fromEntries(
  VALIDATION_LEVELS.map(l => [l.key, l.points]),
) as Record<ValidationLevelKey, number>;

/** Points for a ratio, floored per level so partial credit never rounds up. */
export function points(key: ValidationLevelKey, ratio: number): number {
  return Math.floor(Math.max(0, Math.min(1, ratio)) * maxPoints[key] + 1e-9);
}

function level(
  key: ValidationLevelKey,
  status: LevelResult['status'],
  ratio: number,
  detail: string,
  tested: string[],
  notTested: string[],
): LevelResult {
  return {
    status,
    detail,
    tested,
    notTested,
    points: status === 'skip' ? 0 : points(key, ratio),
    maxPoints: maxPoints[key],
  };
}

/** A level the run never reached. */
export function skipped(
  key: ValidationLevelKey,
  detail: string,
  notTested: string[] = [],
): LevelResult {
  return level(key, 'skip', 0, detail, [], notTested);
}

export interface RestoreFacts {
  phase: string;
  backupName: string;
  provider: string;
  itemsTotal?: number;
  itemsFailed: number;
  messages: string[];
}

/** Completed earns everything; PartiallyFailed earns the share of items restored without error. */
export function restoreIntegrity(r: RestoreFacts): LevelResult {
  if (r.phase === 'Completed')
    return level(
      'restoreIntegrity',
      'pass',
      1,
      `${r.provider} restore completed without errors`,
      [r.backupName],
      [],
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
      `${r.provider} restore partially failed, ${ok}/${total} items restored without error${first}`,
      [r.backupName],
      [],
    );
  }
  const why = r.messages.length ? `: ${r.messages.join('; ')}` : '';
  return level(
    'restoreIntegrity',
    'fail',
    0,
    `${r.provider} restore ended ${r.phase}${why}`,
    [],
    [r.backupName],
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
      [],
      [],
    );
  const ratio = c.found / c.expected;
  if (c.missing.length === 0)
    return level(
      'completeness',
      'pass',
      1,
      `All ${c.expected} expected resources found in sandbox`,
      c.present,
      [],
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
    c.present,
    c.missing,
  );
}

export interface PodFacts {
  expected: number;
  ready: number;
  readyNames: string[];
  notReady: { pod: string; reason: string }[];
  missing: { workload: string; count: number }[];
  timeoutMs: number;
  readyAfterMs?: number;
}

export function podStartup(p: PodFacts): LevelResult {
  if (p.expected === 0)
    return level(
      'podStartup',
      'pass',
      1,
      'No workloads to start (configuration-only namespaces)',
      [],
      [],
    );
  const notTested = [
    ...p.notReady.map(n => n.pod),
    ...p.missing.map(
      m =>
        `${m.workload} (${m.count} pod${
          m.count === 1 ? '' : 's'
        } never created)`,
    ),
  ];
  if (p.ready >= p.expected) {
    return level(
      'podStartup',
      'pass',
      1,
      `All ${p.expected} pods reached Ready state within ${formatDuration(
        p.readyAfterMs ?? 0,
      )}`,
      p.readyNames,
      [],
    );
  }
  // Each reason already names its pod, e.g. "Pod db-0 not Ready: CrashLoopBackOff — OOMKilled".
  const worst =
    p.notReady[0]?.reason ?? `${p.missing[0]?.workload} has no pods`;
  return level(
    'podStartup',
    'fail',
    p.ready / p.expected,
    `${p.ready}/${p.expected} pods Ready within ${formatDuration(
      p.timeoutMs,
    )}. ${worst}`,
    p.readyNames,
    notTested,
  );
}

/** Skipped checks count as not passed; a test without checks scores nothing here and says so. */
export function internalHealth(checks: CheckResult[]): LevelResult {
  if (checks.length === 0) {
    return level(
      'internalHealth',
      'fail',
      0,
      'No health checks defined: add a HealthCheckPolicy so the restored application itself is tested',
      [],
      [],
    );
  }
  const passed = checks.filter(c => c.status === 'pass');
  const skippedCount = checks.filter(c => c.status === 'skip').length;
  const detail = `${passed.length}/${checks.length} health checks passed${
    skippedCount ? `, ${skippedCount} skipped due to upstream failure` : ''
  }`;
  return level(
    'internalHealth',
    passed.length === checks.length ? 'pass' : 'fail',
    passed.length / checks.length,
    detail,
    checks.filter(c => c.status !== 'skip').map(c => c.name),
    checks.filter(c => c.status === 'skip').map(c => c.name),
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
      'No cross-namespace dependencies',
      [],
      [],
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
    ok.map(v => v.name),
    d.verdicts.filter(v => !v.satisfied).map(v => v.name),
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
      `${formatDuration(measuredMs)} measured; no RTO target set`,
      [],
      ['sla.maxRTO'],
    );
  const within = measuredMs <= targetMs;
  const over = within
    ? ''
    : ` — exceeded by ${formatDuration(measuredMs - targetMs)}`;
  return level(
    'rtoCompliance',
    within ? 'pass' : 'fail',
    within ? 1 : 0,
    `${formatDuration(measuredMs)} measured against ${formatDuration(
      targetMs,
    )} target${over}`,
    ['sla.maxRTO'],
    [],
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
