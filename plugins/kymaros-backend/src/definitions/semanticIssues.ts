import { CronExpressionParser } from 'cron-parser';
import type {
  HealthCheckPolicy,
  RestoreTestSpec,
} from '@kymaros/plugin-kymaros-common';
import type { DefinitionContext } from './buildDefinitions';
import { quote } from './quote';

/** The spec fields a semantic problem can be about; check problems name their check instead. */
export type SpecField =
  | 'schedule'
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
/** Built-in check types carry their settings in a block named after the type. */
const builtInTypes = [
  'podStatus',
  'httpGet',
  'tcpSocket',
  'exec',
  'resourceExists',
  'query',
  'script',
];

/** Rejects what cron-parser accepts but a 5-field schedule must not be (seconds fields, garbage). */
export function cronError(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5)
    return `invalid cron ${quote(
      cron,
    )}: expected 5 fields (minute hour day month weekday), got ${
      fields.length
    }`;
  try {
    CronExpressionParser.parse(cron, { tz: 'UTC' });
    return undefined;
  } catch (e) {
    return `invalid cron ${quote(cron)}: ${(e as Error).message}`;
  }
}

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
  return issues;
}

function checkIssues(spec: RestoreTestSpec, ctx: DefinitionContext): string[] {
  const errors: string[] = [];
  const namespaces = new Set(spec.backupSource.namespaces.map(n => n.name));
  const checks = spec.healthChecks?.checks ?? [];
  const names = new Set<string>();
  for (const check of checks) {
    const label = `check ${quote(check.name)}`;
    if (names.has(check.name)) errors.push(`${label}: the name is used twice`);
    names.add(check.name);
    if (!ctx.checkTypes.has(check.type)) {
      errors.push(
        `${label}: unknown type ${quote(
          check.type,
        )} (known: ${[...ctx.checkTypes.keys()].join(', ')})`,
      );
    } else if (
      builtInTypes.includes(check.type) &&
      check[check.type] === undefined
    ) {
      errors.push(`${label}: type ${check.type} needs a "${check.type}" block`);
    }
    if (check.namespace && !namespaces.has(check.namespace))
      errors.push(
        `${label}: namespace ${quote(
          check.namespace,
        )} is not one of the test's namespaces`,
      );
  }
  for (const check of checks) {
    for (const dep of check.dependsOn ?? [])
      if (!names.has(dep))
        errors.push(
          `check ${quote(check.name)}: dependsOn names unknown check ${quote(
            dep,
          )}`,
        );
  }
  return errors;
}

/** Checks a parsed spec against what this installation knows; returns every problem found. */
export function semanticIssues(
  spec: RestoreTestSpec,
  ctx: DefinitionContext,
  policies: Map<string, HealthCheckPolicy>,
): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const cron = cronError(spec.schedule.cron);
  if (cron) issues.push({ field: 'schedule', message: cron });
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
  if (spec.cluster && !ctx.config.clusters.some(c => c.name === spec.cluster))
    issues.push({
      field: 'cluster',
      message: `unknown cluster ${quote(spec.cluster)} (configured: ${
        ctx.config.clusters.map(c => c.name).join(', ') || 'none'
      })`,
    });
  const ref = spec.healthChecks?.policyRef;
  if (ref && !policies.has(ref))
    issues.push({
      field: 'policyRef',
      message: `unknown HealthCheckPolicy ${quote(ref)} (known: ${
        [...policies.keys()].join(', ') || 'none'
      })`,
    });
  issues.push(...checkIssues(spec, ctx).map(message => ({ message })));
  return issues;
}

/** How a file names each field, in messages about it. */
const fileLabels: Record<SpecField, string> = {
  schedule: 'schedule',
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
