import type {
  HealthCheckPolicy,
  RestoreTestSpec,
  SandboxEgressRule,
} from '@kymaros/plugin-kymaros-common';
import type { DefinitionContext } from './buildDefinitions';
import { planChecks } from '../checks/planChecks';
import { checkProblemText } from './checkProblemText';
import { quote } from './quote';
import { KYMAROS_ANNOTATIONS } from '@kymaros/plugin-kymaros-common';
import { clusterChoices } from '../clusters/defaultCluster';
import { parseSchedule } from '../scheduling/parseSchedule';
import { requestedSandboxNameProblems } from '../sandbox/requestedSandboxNames';

/** The spec fields a semantic problem can be about; check problems name their check instead. */
export type SpecField =
  | 'schedule'
  | 'timezone'
  | 'provider'
  | 'backup'
  | 'namespaces'
  | 'cluster'
  | 'policyRef';

export interface SpecIssue {
  field?: SpecField;
  message: string;
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsSubdomain =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why a name is not a Kubernetes namespace name, if it is not. */
export function namespaceNameError(name: string): string | undefined {
  if (name.length > 63)
    return `${quote(
      name,
    )} is longer than 63 characters, the limit for a namespace name`;
  if (!dnsLabel.test(name))
    return `${quote(
      name,
    )} is not a valid namespace name (lower-case letters, digits and dashes)`;
  return undefined;
}

function backupNameError(name: string): string | undefined {
  if (name === '' || name === 'latest') return undefined;
  if (name.length > 253)
    return `${quote(
      name,
    )} is longer than 253 characters, the limit for a backup name`;
  if (!dnsSubdomain.test(name))
    return `${quote(
      name,
    )} is not "latest" or a valid backup name (lower-case letters, digits, dots and dashes)`;
  return undefined;
}

function namespaceIssues(
  spec: RestoreTestSpec,
  ctx: DefinitionContext,
): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const seen = new Set<string>();
  for (const ns of spec.backupSource.namespaces) {
    const invalid = namespaceNameError(ns.name);
    if (invalid) issues.push({ field: 'namespaces', message: invalid });
    else if (ctx.protectedNamespaces.includes(ns.name))
      issues.push({
        field: 'namespaces',
        message: `${quote(
          ns.name,
        )} cannot be restore-tested (system or backup-tool namespace)`,
      });
    if (seen.has(ns.name))
      issues.push({
        field: 'namespaces',
        message: `${quote(ns.name)} is listed twice`,
      });
    seen.add(ns.name);
  }
  // The engine refuses the same names when a run starts; said here, they are fixed before any run.
  for (const message of requestedSandboxNameProblems(
    spec.backupSource.namespaces,
    ctx.protectedNamespaces,
  ))
    issues.push({ field: 'namespaces', message });
  return issues;
}

/**
 * The checks' problems: each check planned as the runner will plan it (so a
 * test that loads never fails planning when it runs), and each namespace one
 * of the test's. Problems of checks inlined from the policy are the policy's.
 */
function checkIssues(
  spec: RestoreTestSpec,
  ctx: DefinitionContext,
  policies: Map<string, HealthCheckPolicy>,
): SpecIssue[] {
  const checks = spec.healthChecks?.checks ?? [];
  const ref = spec.healthChecks?.policyRef;
  const fromPolicy = (ref && policies.get(ref)?.checks.length) || 0;
  const field = (index: number): SpecField | undefined =>
    index < fromPolicy ? 'policyRef' : undefined;
  const issues: SpecIssue[] = [];
  planChecks(checks, ctx.checkTypes).forEach((plan, index) => {
    if (plan.problem)
      issues.push({
        field: field(index),
        message: checkProblemText(plan.name, plan.problem),
      });
  });
  const namespaces = new Set(spec.backupSource.namespaces.map(n => n.name));
  checks.forEach((check, index) => {
    if (check.namespace && !namespaces.has(check.namespace))
      issues.push({
        field: field(index),
        message: `check ${quote(check.name)}: namespace ${quote(
          check.namespace,
        )} is not one of the test's namespaces`,
      });
  });
  return issues;
}

/** Why the test's cluster (named, or the default) is not one a test can run in. */
function clusterIssue(
  spec: RestoreTestSpec,
  ctx: DefinitionContext,
): string | undefined {
  const { names } = clusterChoices(ctx);
  if (!spec.cluster)
    return `the test names no cluster and there is no default one (kymaros.clusters and type: config locators list none): name one with kymaros.io/cluster (cluster in a RestoreTest file)`;
  if (names.includes(spec.cluster)) return undefined;
  return `unknown cluster ${quote(spec.cluster)} (configured: ${
    names.length ? names.join(', ') : 'none'
  })`;
}

/** A schedule error is about the time zone when the cron alone reads well. */
function scheduleField(spec: RestoreTestSpec): SpecField {
  return spec.schedule.timezone !== undefined &&
    !parseSchedule({ cron: spec.schedule.cron }).error
    ? 'timezone'
    : 'schedule';
}

/**
 * Egress to a namespace the test restores would reach production, not its
 * sandbox copy (which the sandbox reaches already): refused, whether the
 * rule is the test's or the configured default.
 */
function egressIssues(
  spec: RestoreTestSpec,
  ctx: DefinitionContext,
): SpecIssue[] {
  const rules = spec.sandbox.egress ?? [];
  // A test without its own list carries the configured one itself.
  const key =
    rules === ctx.config.sandbox.egress
      ? 'kymaros.sandbox.egress'
      : 'sandbox.egress';
  const sources = new Set(spec.backupSource.namespaces.map(n => n.name));
  return rules.flatMap((rule, index) => {
    const reached = restoredNamespaceReached(rule, sources);
    return reached
      ? [
          {
            message: `${key}.${index}.${reached.field}: ${quote(
              reached.name,
            )} is restored by this test: its sandbox copy is reached already, and a rule to the namespace itself would let the sandbox reach production`,
          },
        ]
      : [];
  });
}

/** The label every namespace carries with its own name, which a selector can pick a namespace by. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** The field of `rule` that names one of the test's source namespaces, and that name. */
function restoredNamespaceReached(
  rule: SandboxEgressRule,
  sources: Set<string>,
): { field: string; name: string } | undefined {
  if (rule.namespace && sources.has(rule.namespace))
    return { field: 'namespace', name: rule.namespace };
  const selected = rule.namespaceSelector?.[NAMESPACE_NAME_LABEL];
  if (selected !== undefined && sources.has(selected))
    return {
      field: `namespaceSelector.${NAMESPACE_NAME_LABEL}`,
      name: selected,
    };
  return undefined;
}

/** Checks a parsed spec against what this installation knows; returns every problem found. */
export function semanticIssues(
  spec: RestoreTestSpec,
  ctx: DefinitionContext,
  policies: Map<string, HealthCheckPolicy>,
): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const schedule = parseSchedule(spec.schedule).error;
  if (schedule) issues.push({ field: scheduleField(spec), message: schedule });
  const { provider, backupName } = spec.backupSource;
  if (!ctx.providers.includes(provider))
    issues.push({
      field: 'provider',
      message: `unknown provider ${quote(
        provider,
      )} (known: ${ctx.providers.join(', ')})`,
    });
  const backup = backupNameError(backupName);
  if (backup) issues.push({ field: 'backup', message: backup });
  issues.push(...namespaceIssues(spec, ctx));
  issues.push(...egressIssues(spec, ctx));
  const cluster = clusterIssue(spec, ctx);
  if (cluster) issues.push({ field: 'cluster', message: cluster });
  const ref = spec.healthChecks?.policyRef;
  if (ref && !policies.has(ref))
    issues.push({
      field: 'policyRef',
      message: `unknown HealthCheckPolicy ${quote(ref)} (known: ${
        [...policies.keys()].join(', ') || 'none'
      }): define it in a file the entity's ${
        KYMAROS_ANNOTATIONS.restoreTest
      } annotation names (a comma-separated list, or a directory), or in kymaros.healthCheckPolicies`,
    });
  issues.push(...checkIssues(spec, ctx, policies));
  return issues;
}

/** How a file names each field, in messages about it. */
const fileLabels: Record<SpecField, string> = {
  schedule: 'schedule',
  timezone: 'schedule.timezone',
  provider: 'provider',
  backup: 'backupSource.backupName',
  namespaces: 'namespaces',
  cluster: 'cluster',
  policyRef: 'healthChecks.policyRef',
};

/** Semantic problems of a spec read from a file, one string each. */
export function semanticErrors(
  spec: RestoreTestSpec,
  ctx: DefinitionContext,
  policies: Map<string, HealthCheckPolicy>,
): string[] {
  return semanticIssues(spec, ctx, policies).map(i =>
    i.field ? `${fileLabels[i.field]}: ${i.message}` : i.message,
  );
}
