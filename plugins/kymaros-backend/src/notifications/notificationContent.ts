import { parseEntityRef } from '@backstage/catalog-model';
import {
  type RestoreReport,
  type RestoreReportStatus,
  type RestoreResult,
  VALIDATION_LEVELS,
} from '@kymaros/plugin-kymaros-common';
import { excerpt } from '../util/text';
import type { NotificationsConfig } from './readNotificationsConfig';
import type { StateChangeKind } from './stateChange';

/** What every message says, whatever its format. */
export interface NotificationContent {
  /** The most important change; `events` lists every one this message is about. */
  event: StateChangeKind;
  events: StateChangeKind[];
  headline: string;
  test: { id: string; name: string; namespace?: string; cluster: string };
  entityRef: string;
  report: {
    name: string;
    score: number;
    result: RestoreResult;
    completedAt: string;
  };
  previous?: { name: string; score: number; result: RestoreResult };
  /** The first cause: why the run ended early, else the first failing level. */
  reason: string;
  rto: {
    measured: string;
    measuredMs?: number;
    target?: string;
    targetMs?: number;
    withinSLA: boolean;
  };
  regression?: RestoreReportStatus['regression'];
  /** The entity's Restore tab; absent without `app.baseUrl`. */
  url?: string;
}

const MAX_REASON = 500;

function headline(
  kind: StateChangeKind,
  name: string,
  result: RestoreResult,
): string {
  switch (kind) {
    case 'failure':
      return result === 'error'
        ? `Restore test ${name} could not complete`
        : `Restore test ${name} failed`;
    case 'regression':
      return `Restore test ${name} regressed`;
    case 'rtoExceeded':
      return `Restore test ${name} exceeded its RTO target`;
    case 'recovery':
      return result === 'pass'
        ? `Restore test ${name} recovered`
        : `Restore test ${name} no longer fails (${result})`;
    case 'passing':
      return `Restore test ${name} passes`;
    default:
      return `Restore test ${name} is back within its RTO target`;
  }
}

/** Why the run ended early, else the first failing level in report order with its detail. */
export function reasonOf(status: RestoreReportStatus): string {
  const level = VALIDATION_LEVELS.find(
    l => status.validationLevels?.[l.key]?.status === 'fail',
  );
  const text =
    status.detail ||
    (level
      ? `${level.title}: ${status.validationLevels[level.key].detail}`
      : 'Every level passed');
  return excerpt(text, MAX_REASON);
}

/** The entity's Restore tab, as the catalog routes entities (kind and namespace lowercased). */
export function entityTabUrl(
  link: NotificationsConfig['link'],
  entityRef: string,
): string | undefined {
  if (!link) return undefined;
  const { kind, namespace, name } = parseEntityRef(entityRef);
  const path = link.entityPath
    .replace('{namespace}', encodeURIComponent(namespace.toLowerCase()))
    .replace('{kind}', encodeURIComponent(kind.toLowerCase()))
    .replace('{name}', encodeURIComponent(name));
  return `${link.baseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
}

/** The content of a message about `events`, from the new report and the one before it. */
export function notificationContent(args: {
  events: StateChangeKind[];
  test: NotificationContent['test'];
  entityRef: string;
  report: RestoreReport;
  previous?: RestoreReport;
  link: NotificationsConfig['link'];
}): NotificationContent {
  const { report, previous, test } = args;
  const { status } = report;
  const { rto } = status;
  return {
    event: args.events[0],
    events: args.events,
    headline: headline(args.events[0], test.name, status.result),
    test,
    entityRef: args.entityRef,
    report: {
      name: report.metadata.name,
      score: status.score,
      result: status.result,
      completedAt: status.completedAt,
    },
    ...(previous
      ? {
          previous: {
            name: previous.metadata.name,
            score: previous.status.score,
            result: previous.status.result,
          },
        }
      : {}),
    reason: reasonOf(status),
    rto: {
      measured: rto.measured,
      ...(rto.measuredMs !== undefined ? { measuredMs: rto.measuredMs } : {}),
      ...(rto.target !== undefined ? { target: rto.target } : {}),
      ...(rto.targetMs !== undefined ? { targetMs: rto.targetMs } : {}),
      withinSLA: rto.withinSLA,
    },
    ...(status.regression ? { regression: status.regression } : {}),
    ...(args.link ? { url: entityTabUrl(args.link, args.entityRef) } : {}),
  };
}

/** `11m35s (target 15m, within)`, `21m10s (target 15m, exceeded)`, `11m35s (no target)`. */
export function rtoText(rto: NotificationContent['rto']): string {
  if (rto.target === undefined) return `${rto.measured} (no target)`;
  return `${rto.measured} (target ${rto.target}, ${
    rto.withinSLA ? 'within' : 'exceeded'
  })`;
}

/** `Score 100 → 80 (−20); failing now: Pod startup`. */
export function regressionText(
  regression: NonNullable<NotificationContent['regression']>,
  score: number,
): string {
  const titles = regression.levels.map(
    key => VALIDATION_LEVELS.find(l => l.key === key)?.title ?? key,
  );
  return `Score ${regression.previousScore} → ${score} (${
    regression.scoreDelta > 0 ? '+' : ''
  }${regression.scoreDelta})${
    titles.length ? `; failing now: ${titles.join(', ')}` : ''
  }`;
}
