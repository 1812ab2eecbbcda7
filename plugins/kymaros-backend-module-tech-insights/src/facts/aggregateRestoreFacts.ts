import {
  tryParseDuration,
  type SummaryItem,
  type SummaryOutcome,
} from '@kymaros/plugin-kymaros-common';
import type { KymarosRestoreFacts } from './restoreFactSchema';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Worst first, as the Restore confidence page sorts: a lower index wins. */
const OUTCOME_ORDER: readonly SummaryOutcome[] = [
  'invalid',
  'fail',
  'error',
  'never',
  'partial',
  'pass',
];

/** The facts of an entity that no restore test covers. */
export function untestedFacts(): KymarosRestoreFacts {
  return {
    hasRestoreTest: false,
    restoreTestCount: 0,
    restoreScore: null,
    restoreResult: null,
    lastRestoreTestAt: null,
    daysSinceLastRestoreTest: null,
    rtoWithinSla: null,
    backupAgeSeconds: null,
  };
}

/**
 * One entity's facts from the latest result of each of its tests. Several
 * tests are reduced to the worst: the lowest score, the worst outcome, the
 * least recently run test, any RTO over target, the oldest backup; so a
 * scorecard passes only when every test of the entity would pass it alone.
 */
export function aggregateRestoreFacts(
  items: SummaryItem[],
  now: Date,
): KymarosRestoreFacts {
  if (!items.length) return untestedFacts();
  const lastRun = stalestRun(items);
  return {
    hasRestoreTest: true,
    restoreTestCount: items.length,
    restoreScore: minOf(items.map(scoreOf)),
    restoreResult: worstOutcome(items),
    lastRestoreTestAt: lastRun?.toISOString() ?? null,
    daysSinceLastRestoreTest: lastRun
      ? round2(Math.max(0, now.getTime() - lastRun.getTime()) / DAY_MS)
      : null,
    rtoWithinSla: allWithinSla(items),
    backupAgeSeconds: oldestBackupSeconds(items),
  };
}

/** What the summary says of one test: its latest result, `invalid` or `never`. */
export function outcomeOf(item: SummaryItem): SummaryOutcome {
  if (item.error) return 'invalid';
  return item.result ?? 'never';
}

/** An error run is an infrastructure fault: it scored nothing, whatever it stored. */
function scoreOf(item: SummaryItem): number | undefined {
  return item.result === 'error' ? undefined : item.score;
}

function worstOutcome(items: SummaryItem[]): SummaryOutcome {
  return items
    .map(outcomeOf)
    .reduce((worst, outcome) =>
      OUTCOME_ORDER.indexOf(outcome) < OUTCOME_ORDER.indexOf(worst)
        ? outcome
        : worst,
    );
}

/** The oldest latest run; undefined when any test has never run (nothing vouches for it). */
function stalestRun(items: SummaryItem[]): Date | undefined {
  const times = items.map(item =>
    item.lastRunAt ? new Date(item.lastRunAt) : undefined,
  );
  if (times.some(time => !time || Number.isNaN(time.getTime())))
    return undefined;
  return new Date(Math.min(...times.map(time => time!.getTime())));
}

function allWithinSla(items: SummaryItem[]): boolean | null {
  const measured = items.filter(item => item.withinSLA !== undefined);
  if (!measured.length) return null;
  return measured.every(item => item.withinSLA);
}

function oldestBackupSeconds(items: SummaryItem[]): number | null {
  const ages = items.map(
    item =>
      item.rpo?.backupAgeMs ?? tryParseDuration(item.backupAge, { days: true }),
  );
  const max = maxOf(ages);
  return max === null ? null : Math.round(max / 1000);
}

function minOf(values: (number | undefined)[]): number | null {
  const known = values.filter((v): v is number => typeof v === 'number');
  return known.length ? Math.min(...known) : null;
}

function maxOf(values: (number | undefined)[]): number | null {
  const known = values.filter((v): v is number => typeof v === 'number');
  return known.length ? Math.max(...known) : null;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
