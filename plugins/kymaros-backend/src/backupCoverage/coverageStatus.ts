import type {
  BackupCoverageStatus,
  BackupScheduleItem,
} from '@kymaros/plugin-kymaros-common';
import {
  formatHumanDuration,
  tryParseDuration,
} from '@kymaros/plugin-kymaros-common';

/** Worst first: the order the overview lists tests in. */
export const COVERAGE_STATUS_ORDER: readonly BackupCoverageStatus[] = [
  'no-schedule',
  'failing',
  'stale',
  'unknown',
  'covered',
];

/** The newest successful backup holding every namespace of the test: what a restore test would restore now. */
export interface NewestBackup {
  name: string;
  /** ISO 8601: when it completed (or started, when the provider gives no completion). */
  at: string;
}

export interface CoverageFacts {
  namespaces: string[];
  /** The provider's schedules that take any of the namespaces. */
  schedules: BackupScheduleItem[];
  newestBackup?: NewestBackup;
  /** `sla.maxRPO` as written. */
  rpoTarget?: string;
  now: Date;
}

export interface CoverageVerdict {
  status: BackupCoverageStatus;
  detail: string;
  uncovered: string[];
}

const quoted = (items: string[]) => items.map(i => `"${i}"`).join(', ');
const scheduleName = (s: BackupScheduleItem) => `${s.namespace}/${s.name}`;

/** Namespaces of the test that no schedule takes. */
export function uncoveredNamespaces(
  namespaces: string[],
  schedules: BackupScheduleItem[],
): string[] {
  const covered = new Set(schedules.flatMap(s => s.namespaces));
  return namespaces.filter(ns => !covered.has(ns));
}

/** Why a schedule does not keep taking good backups, if it does not. */
export function scheduleTrouble(s: BackupScheduleItem): string | undefined {
  const name = `${s.kind} ${scheduleName(s)}`;
  if (s.problem) return `${name} is broken: ${s.problem}`;
  if (s.paused) return `${name} is paused`;
  const failure = s.lastFailure;
  if (!failure) return undefined;
  const success = s.lastSuccess;
  if (success && Date.parse(success.at) >= Date.parse(failure.at))
    return undefined;
  return `the latest backup of ${name}, ${failure.name}, failed at ${
    failure.at
  }${failure.reason ? `: ${failure.reason}` : ''}`;
}

function capitalised(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** One sentence naming the first item, and how many more there are. */
function firstAndMore(sentences: string[]): string {
  const more = sentences.length - 1;
  return `${capitalised(sentences[0])}${
    more > 0 ? ` (and ${more} more like it)` : ''
  }.`;
}

/** Stale when the newest backup is missing, or older than the RPO target. */
function staleness(facts: CoverageFacts): string | undefined {
  const { newestBackup, rpoTarget, namespaces, now } = facts;
  if (!newestBackup)
    return `No successful backup holds ${quoted(namespaces)} yet.`;
  const targetMs = tryParseDuration(rpoTarget);
  if (targetMs === undefined) return undefined;
  const ageMs = now.getTime() - Date.parse(newestBackup.at);
  if (ageMs <= targetMs) return undefined;
  return `The newest successful backup of ${quoted(namespaces)}, ${
    newestBackup.name
  }, is ${formatHumanDuration(
    ageMs,
  )} old: over the RPO target of ${rpoTarget}.`;
}

function coveredDetail(facts: CoverageFacts): string {
  const names = facts.schedules.map(scheduleName).join(', ');
  const { newestBackup, now, rpoTarget } = facts;
  const age = newestBackup
    ? `; the newest backup, ${newestBackup.name}, is ${formatHumanDuration(
        now.getTime() - Date.parse(newestBackup.at),
      )} old${rpoTarget ? ` (RPO target ${rpoTarget})` : ''}`
    : '';
  return `Backed up on schedule by ${names}${age}.`;
}

/**
 * The coverage status of a test's namespaces, worst finding first (see
 * BackupCoverageStatus): a namespace without a schedule, then a namespace
 * whose every schedule is broken, paused or failed its latest backup, then a newest
 * successful backup that is missing or older than the RPO target.
 */
export function coverageVerdict(facts: CoverageFacts): CoverageVerdict {
  const uncovered = uncoveredNamespaces(facts.namespaces, facts.schedules);
  if (uncovered.length)
    return {
      status: 'no-schedule',
      uncovered,
      detail: `No backup schedule takes namespace${
        uncovered.length > 1 ? 's' : ''
      } ${quoted(uncovered)}.`,
    };
  // Failing only where no healthy schedule takes a namespace: a paused leftover beside a working schedule is not a gap.
  const healthy = facts.schedules.filter(sc => !scheduleTrouble(sc));
  const unprotected = uncoveredNamespaces(facts.namespaces, healthy);
  const troubles = facts.schedules
    .filter(sc => sc.namespaces.some(ns => unprotected.includes(ns)))
    .map(scheduleTrouble)
    .filter((t): t is string => t !== undefined);
  if (troubles.length)
    return { status: 'failing', uncovered, detail: firstAndMore(troubles) };
  const stale = staleness(facts);
  if (stale) return { status: 'stale', uncovered, detail: stale };
  return { status: 'covered', uncovered, detail: coveredDetail(facts) };
}
