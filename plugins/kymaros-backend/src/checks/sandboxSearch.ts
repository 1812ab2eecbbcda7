import type { CheckContext, CheckOutcome } from '@kymaros/plugin-kymaros-node';
import { pollUntil } from '../kube/poll';
import { waitBudgetMs } from './waitBudget';

/** A sandbox a check looks in, and the source namespace it mirrors. */
export interface SearchedSandbox {
  source: string;
  sandbox: string;
}

/** The longest a target found in no sandbox is looked for again. */
const LOOKUP_GRACE_MS = 5000;

/**
 * The sandboxes a check looks in: its own namespace's when it names one,
 * else every sandbox of the run, in the test's namespace order.
 */
export function searchedSandboxes(context: CheckContext): SearchedSandbox[] {
  const own = [{ source: context.sourceNamespace, sandbox: context.sandbox }];
  if (context.namespacePinned) return own;
  const all = Object.entries(context.sandboxes ?? {}).map(
    ([source, sandbox]) => ({ source, sandbox }),
  );
  return all.length ? all : own;
}

/** `kymaros-a (shop), kymaros-b (platform)`: which sandbox mirrors which namespace; one sandbox by its name alone. */
export function describeSandboxes(sandboxes: SearchedSandbox[]): string {
  if (sandboxes.length === 1) return sandboxes[0].sandbox;
  return sandboxes.map(s => `${s.sandbox} (${s.source})`).join(', ');
}

/**
 * How long a target found in no sandbox is looked for again: the restore is
 * complete when checks run, so it will not come back by itself, but an
 * operator may still be creating it from restored resources. A quarter of
 * the check's timeout, at most 5 s: a missing target fails quickly.
 */
export function lookupGraceMs(timeoutMs: number): number {
  return Math.min(LOOKUP_GRACE_MS, Math.floor(waitBudgetMs(timeoutMs) / 4));
}

/** `namespaces` for an outcome: only when the check looked in several sandboxes. */
export function outcomeNamespaces(
  searched: SearchedSandbox[],
  used: SearchedSandbox[],
): Pick<CheckOutcome, 'namespaces'> {
  return searched.length > 1 ? { namespaces: used.map(s => s.source) } : {};
}

/**
 * What `find` finds in each searched sandbox, in the test's order. While it
 * finds nothing anywhere it looks again, for the lookup grace only.
 */
export async function findInSandboxes<T>(
  context: CheckContext,
  find: (where: SearchedSandbox) => Promise<T | undefined>,
): Promise<{ where: SearchedSandbox; found: T }[]> {
  const searched = searchedSandboxes(context);
  const hits = await pollUntil(
    async () => {
      const found = await Promise.all(searched.map(find));
      const present: { where: SearchedSandbox; found: T }[] = [];
      found.forEach((value, i) => {
        if (value !== undefined)
          present.push({ where: searched[i], found: value });
      });
      return present.length ? present : undefined;
    },
    {
      signal: context.signal,
      deadline: Date.now() + lookupGraceMs(context.timeoutMs),
      initialIntervalMs: 250,
    },
  );
  return hits ?? [];
}

/** Why a target is not in any of the searched sandboxes. */
export function notFound(what: string, searched: SearchedSandbox[]): string {
  return searched.length === 1
    ? `${what} not found in ${describeSandboxes(searched)}`
    : `${what} not found in any sandbox (searched ${describeSandboxes(
        searched,
      )})`;
}

/** A check's target in the one sandbox that holds it; `place` goes into the outcome, to say where it ran. */
export interface Located<T> {
  where: SearchedSandbox;
  found: T;
  place: Pick<CheckOutcome, 'namespaces'>;
}

/**
 * The one sandbox holding a check's target (`what`: `Service api`), with
 * what `find` found there; or the failed outcome when no sandbox holds it,
 * or several do (the check must then name its namespace).
 */
export async function locateOne<T>(
  context: CheckContext,
  what: string,
  find: (where: SearchedSandbox) => Promise<T | undefined>,
): Promise<Located<T> | { failed: CheckOutcome }> {
  const searched = searchedSandboxes(context);
  const hits = await findInSandboxes(context, find);
  if (hits.length === 0) {
    return {
      failed: {
        status: 'fail',
        message: notFound(what, searched),
        ...outcomeNamespaces(searched, searched),
      },
    };
  }
  if (hits.length > 1) {
    const where = hits.map(h => h.where);
    return {
      failed: {
        status: 'fail',
        message: `${what} found in ${
          hits.length
        } sandboxes (${describeSandboxes(
          where,
        )}): name the one to check with ${where
          .map(w => `namespace: ${w.source}`)
          .join(' or ')}`,
        ...outcomeNamespaces(searched, where),
      },
    };
  }
  const [hit] = hits;
  return { ...hit, place: outcomeNamespaces(searched, [hit.where]) };
}
