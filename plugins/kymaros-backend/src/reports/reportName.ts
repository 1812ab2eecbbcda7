import { parseEntityRef } from '@backstage/catalog-model';
import { toDnsLabelPart } from '../sandbox/sandboxName';

/** Kubernetes object names (and the report name column) stay within this. */
const MAX_NAME = 253;

/** `yyyymmdd-hhmmss` of an instant, in UTC. */
export function reportStamp(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso
    .slice(11, 19)
    .replace(/:/g, '')}`;
}

/** What may stand in an object name (a DNS subdomain): lower-case letters, digits, `-` and `.`. */
function namePart(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
}

/**
 * `<head>-<tail>`, within MAX_NAME: the head is shortened, never the tail,
 * which carries the time stamp and what keeps the name unique.
 */
function fitName(head: string, tail: string): string {
  const room = MAX_NAME - tail.length - 1;
  const cut = head.slice(0, room).replace(/[^a-z0-9]+$/, '');
  return `${cut || 'report'}-${tail}`;
}

/**
 * Names a report may take, in order, all valid object names of at most 253
 * characters ending in the run's start stamp:
 *
 * 1. `<test>-<yyyymmdd>-<hhmmss>`, as Kymaros names reports;
 * 2. `<test>-<entity>-<stamp>`: test names are unique per entity only;
 * 3. that numbered `-2`, `-3`, for reports of one test started in the same second;
 * 4. that ending in the run's id, which no other run has.
 *
 * The same inputs always give the same names, so which one a report gets
 * depends only on which are taken.
 */
export function reportNameCandidates(args: {
  testName: string;
  entityRef: string;
  startedAt: Date;
  runId: string;
}): string[] {
  const stamp = reportStamp(args.startedAt);
  const test = namePart(args.testName) || 'restore-test';
  const entity = toDnsLabelPart(parseEntityRef(args.entityRef).name);
  // The entity part keeps its full length (at most 63): only the test part is cut.
  const qualified = (tail: string) =>
    fitName(test, `${entity || 'entity'}-${tail}`);
  const run = toDnsLabelPart(args.runId) || 'run';
  return [
    fitName(test, stamp),
    qualified(stamp),
    qualified(`${stamp}-2`),
    qualified(`${stamp}-3`),
    qualified(`${stamp}-${run}`),
  ];
}
