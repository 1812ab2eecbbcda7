import type { HealthCheckPolicy } from '@kymaros/plugin-kymaros-common';
import type { ParsedPolicy, ParsedTest } from './parseKymarosFile';
import { quote } from './quote';

/** A policy is in a test's reach when either leaves its namespace out or both name the same one. */
const inReach = (policy: ParsedPolicy, test: ParsedTest) =>
  !policy.namespace || !test.namespace || policy.namespace === test.namespace;

const sameChecks = (a: ParsedPolicy, b: ParsedPolicy) =>
  JSON.stringify(a.checks) === JSON.stringify(b.checks);

/** The policies a test resolves names against: those of the entity's files in its reach, then configuration's. */
export function policiesFor(
  test: ParsedTest,
  filePolicies: ParsedPolicy[],
  configPolicies: HealthCheckPolicy[],
): Map<string, HealthCheckPolicy> {
  const map = new Map(configPolicies.map(p => [p.name, p]));
  for (const policy of filePolicies)
    if (!policy.error && inReach(policy, test))
      map.set(policy.name, { name: policy.name, checks: policy.checks });
  return map;
}

/**
 * Why the policy a test names cannot be used, when the entity's files say
 * why better than "unknown" would: it is invalid, defined twice with
 * different checks, or only in another namespace.
 */
export function policyRefError(
  test: ParsedTest,
  filePolicies: ParsedPolicy[],
): string | undefined {
  const ref = (test.spec as { healthChecks?: { policyRef?: unknown } })
    ?.healthChecks?.policyRef;
  if (typeof ref !== 'string') return undefined;
  const named = filePolicies.filter(p => p.name === ref);
  const reachable = named.filter(p => inReach(p, test));
  const field = `healthChecks.policyRef: HealthCheckPolicy ${quote(ref)}`;
  if (reachable.length > 1 && reachable.some(p => !sameChecks(p, reachable[0])))
    return `${field} is defined more than once with different checks (${reachable
      .map(p => p.where)
      .join(', ')}); keep one`;
  const invalid = reachable.find(p => p.error);
  if (invalid) return `${field} cannot be used: ${invalid.error}`;
  if (reachable.length === 0 && named.length)
    return `${field} is defined only in namespace ${named
      .map(p => quote(p.namespace!))
      .join(', ')} (${named
      .map(p => p.where)
      .join(', ')}), not in the test's namespace ${quote(test.namespace!)}`;
  return undefined;
}

/** Invalid policies no test names: nothing fails for them, but their owners should know. */
export function unusedPolicyWarnings(
  filePolicies: ParsedPolicy[],
  tests: ParsedTest[],
): string[] {
  const named = new Set(
    tests.map(
      t =>
        (t.spec as { healthChecks?: { policyRef?: unknown } })?.healthChecks
          ?.policyRef,
    ),
  );
  return filePolicies
    .filter(p => p.error && !named.has(p.name))
    .map(
      p =>
        `HealthCheckPolicy ${quote(p.name)} is invalid and no test names it: ${
          p.error
        }`,
    );
}
