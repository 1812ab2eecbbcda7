import { CronExpressionParser } from 'cron-parser';
import { parseAllDocuments } from 'yaml';
import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  KUBERNETES_NAMESPACE_ANNOTATION,
  KYMAROS_ANNOTATIONS,
} from '@kymaros/plugin-kymaros-common';
import type {
  HealthCheck,
  HealthCheckPolicy,
  RestoreTestSpec,
} from '@kymaros/plugin-kymaros-common';
import type { KymarosConfig } from '../config/readKymarosConfig';
import type { TestRecord } from '../store/KymarosStore';
import { toDnsLabelPart } from '../sandbox/sandboxName';
import {
  formatZodError,
  kymarosDocumentSchema,
  restoreTestSpecSchema,
} from './restoreTestSchema';

/** What a definition is checked against: the names the engine knows. */
export interface DefinitionContext {
  config: KymarosConfig;
  /** Every provider name the factory recognises (supported or not). */
  providers: string[];
  checkTypes: string[];
  /** Namespaces no test may restore from (the engine's and the provider's own). */
  protectedNamespaces: string[];
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
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
    return `invalid cron "${cron}": expected 5 fields (minute hour day month weekday), got ${fields.length}`;
  try {
    CronExpressionParser.parse(cron, { tz: 'UTC' });
    return undefined;
  } catch (e) {
    return `invalid cron "${cron}": ${(e as Error).message}`;
  }
}

/** Checks a parsed spec against what this installation knows; returns every problem found. */
export function semanticErrors(
  spec: RestoreTestSpec,
  ctx: DefinitionContext,
  policies: Map<string, HealthCheckPolicy>,
): string[] {
  const errors: string[] = [];
  const cron = cronError(spec.schedule.cron);
  if (cron) errors.push(`schedule: ${cron}`);
  if (!ctx.providers.includes(spec.backupSource.provider)) {
    errors.push(
      `provider: unknown provider "${
        spec.backupSource.provider
      }" (known: ${ctx.providers.join(', ')})`,
    );
  }
  const seen = new Set<string>();
  for (const ns of spec.backupSource.namespaces) {
    if (!dnsLabel.test(ns.name) || ns.name.length > 63)
      errors.push(`namespaces: "${ns.name}" is not a valid namespace name`);
    else if (ctx.protectedNamespaces.includes(ns.name))
      errors.push(
        `namespaces: "${ns.name}" cannot be restore-tested (system or backup-tool namespace)`,
      );
    if (seen.has(ns.name))
      errors.push(`namespaces: "${ns.name}" is listed twice`);
    seen.add(ns.name);
  }
  if (spec.cluster && !ctx.config.clusters.some(c => c.name === spec.cluster)) {
    errors.push(
      `cluster: unknown cluster "${spec.cluster}" (configured: ${
        ctx.config.clusters.map(c => c.name).join(', ') || 'none'
      })`,
    );
  }
  const ref = spec.healthChecks?.policyRef;
  if (ref && !policies.has(ref))
    errors.push(
      `healthChecks.policyRef: unknown HealthCheckPolicy "${ref}" (known: ${
        [...policies.keys()].join(', ') || 'none'
      })`,
    );
  const checks = spec.healthChecks?.checks ?? [];
  const names = new Set<string>();
  for (const check of checks) {
    if (names.has(check.name))
      errors.push(`check "${check.name}": the name is used twice`);
    names.add(check.name);
    if (!ctx.checkTypes.includes(check.type)) {
      errors.push(
        `check "${check.name}": unknown type "${
          check.type
        }" (known: ${ctx.checkTypes.join(', ')})`,
      );
    } else if (
      builtInTypes.includes(check.type) &&
      check[check.type] === undefined
    ) {
      errors.push(
        `check "${check.name}": type ${check.type} needs a "${check.type}" block`,
      );
    }
    if (check.namespace && !seen.has(check.namespace))
      errors.push(
        `check "${check.name}": namespace "${check.namespace}" is not one of the test's namespaces`,
      );
  }
  for (const check of checks) {
    for (const dep of check.dependsOn ?? [])
      if (!names.has(dep))
        errors.push(
          `check "${check.name}": dependsOn names unknown check "${dep}"`,
        );
  }
  return errors;
}

/** Fills the fields Kymaros YAML may leave out from the configured defaults, and inlines the policy's checks. */
function withDefaults(
  raw: any,
  ctx: DefinitionContext,
  policies: Map<string, HealthCheckPolicy>,
): RestoreTestSpec {
  const d = ctx.config;
  const policyChecks: HealthCheck[] = raw.healthChecks?.policyRef
    ? policies.get(raw.healthChecks.policyRef)?.checks ?? []
    : [];
  return {
    ...raw,
    backupSource: {
      ...raw.backupSource,
      backupName: raw.backupSource.backupName || 'latest',
    },
    cluster: raw.cluster ?? d.clusters[0]?.name,
    sandbox: {
      namespacePrefix:
        raw.sandbox?.namespacePrefix ?? d.sandbox.namespacePrefix,
      networkIsolation:
        raw.sandbox?.networkIsolation ?? d.sandbox.networkIsolation,
      ttl: raw.sandbox?.ttl,
      resourceQuota: raw.sandbox?.resourceQuota ?? d.sandbox.resourceQuota,
      limitRange: raw.sandbox?.limitRange ?? d.sandbox.limitRange,
    },
    healthChecks:
      raw.healthChecks || policyChecks.length
        ? {
            ...raw.healthChecks,
            checks: [...policyChecks, ...(raw.healthChecks?.checks ?? [])],
          }
        : undefined,
    sla: { ...raw.sla, maxRTO: raw.sla?.maxRTO ?? d.maxRTO },
    podReadyTimeout: raw.podReadyTimeout ?? d.podReadyTimeout,
    historyLimit: raw.historyLimit ?? d.historyLimit,
  };
}

function record(
  entity: Entity,
  name: string,
  source: string,
  ctx: DefinitionContext,
  raw: unknown,
  policies: Map<string, HealthCheckPolicy>,
  prefix: string,
): TestRecord {
  const entityRef = stringifyEntityRef(entity);
  const base = { id: `${entityRef}:${name}`, entityRef, name, source };
  const parsed = restoreTestSpecSchema.safeParse(raw);
  const fallbackCluster = ctx.config.clusters[0]?.name ?? 'default';
  if (!parsed.success)
    return {
      ...base,
      cluster: fallbackCluster,
      error: formatZodError(parsed.error, prefix),
    };
  const spec = withDefaults(parsed.data, ctx, policies);
  const errors = semanticErrors(spec, ctx, policies);
  if (errors.length)
    return {
      ...base,
      cluster: spec.cluster ?? fallbackCluster,
      error: errors.join('; '),
    };
  return { ...base, cluster: spec.cluster ?? fallbackCluster, spec };
}

/** The test an entity's `kymaros.io/*` annotations describe. */
export function testFromAnnotations(
  entity: Entity,
  ctx: DefinitionContext,
  policies: Map<string, HealthCheckPolicy>,
): TestRecord {
  const a = entity.metadata.annotations ?? {};
  const name =
    toDnsLabelPart(entity.metadata.name).slice(0, 63).replace(/-+$/, '') ||
    'restore-test';
  const namespaces = (
    a[KYMAROS_ANNOTATIONS.namespaces] ??
    a[KUBERNETES_NAMESPACE_ANNOTATION] ??
    ''
  )
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  if (namespaces.length === 0) {
    const entityRef = stringifyEntityRef(entity);
    return {
      id: `${entityRef}:${name}`,
      entityRef,
      name,
      source: 'annotations',
      cluster: ctx.config.clusters[0]?.name ?? 'default',
      error: `no namespace to restore: set ${KYMAROS_ANNOTATIONS.namespaces} (comma-separated) or ${KUBERNETES_NAMESPACE_ANNOTATION}`,
    };
  }
  const isolation = a[KYMAROS_ANNOTATIONS.networkIsolation];
  const raw = {
    backupSource: {
      provider: a[KYMAROS_ANNOTATIONS.provider] ?? ctx.config.provider,
      backupName: a[KYMAROS_ANNOTATIONS.backup] ?? 'latest',
      namespaces: namespaces.map(n => ({ name: n })),
    },
    ...(a[KYMAROS_ANNOTATIONS.cluster]
      ? { cluster: a[KYMAROS_ANNOTATIONS.cluster] }
      : {}),
    schedule: { cron: a[KYMAROS_ANNOTATIONS.schedule] ?? ctx.config.schedule },
    sandbox: isolation ? { networkIsolation: isolation } : {},
    ...(a[KYMAROS_ANNOTATIONS.healthCheckPolicy]
      ? {
          healthChecks: { policyRef: a[KYMAROS_ANNOTATIONS.healthCheckPolicy] },
        }
      : {}),
    ...(a[KYMAROS_ANNOTATIONS.maxRto] || a[KYMAROS_ANNOTATIONS.maxRpo]
      ? {
          sla: {
            ...(a[KYMAROS_ANNOTATIONS.maxRto]
              ? { maxRTO: a[KYMAROS_ANNOTATIONS.maxRto] }
              : {}),
            ...(a[KYMAROS_ANNOTATIONS.maxRpo]
              ? { maxRPO: a[KYMAROS_ANNOTATIONS.maxRpo] }
              : {}),
          },
        }
      : {}),
  };
  return record(entity, name, 'annotations', ctx, raw, policies, 'annotations');
}

export interface ParsedFile {
  tests: { name: string; spec: unknown }[];
  policies: HealthCheckPolicy[];
  errors: string[];
}

/** Splits a Kymaros YAML file (one or more documents) into RestoreTests and HealthCheckPolicies. */
export function parseKymarosFile(text: string, location: string): ParsedFile {
  const out: ParsedFile = { tests: [], policies: [], errors: [] };
  let docs;
  try {
    docs = parseAllDocuments(text);
  } catch (e) {
    out.errors.push(`${location}: ${(e as Error).message}`);
    return out;
  }
  docs.forEach((doc, i) => {
    if (doc.errors.length) {
      out.errors.push(
        `${location} document ${i + 1}: ${doc.errors[0].message}`,
      );
      return;
    }
    const value = doc.toJS();
    if (value === null || value === undefined) return;
    const parsed = kymarosDocumentSchema.safeParse(value);
    if (!parsed.success) {
      out.errors.push(
        `${location} document ${i + 1}: ${formatZodError(parsed.error, '')}`,
      );
      return;
    }
    if (parsed.data.kind === 'RestoreTest')
      out.tests.push({
        name: parsed.data.metadata.name,
        spec: parsed.data.spec,
      });
    else
      out.policies.push({
        name: parsed.data.metadata.name,
        checks: parsed.data.spec.checks as HealthCheck[],
      });
  });
  return out;
}

/** The tests a RestoreTest file defines for an entity. */
export function testsFromFile(
  entity: Entity,
  file: ParsedFile,
  location: string,
  ctx: DefinitionContext,
  configPolicies: HealthCheckPolicy[],
): TestRecord[] {
  const entityRef = stringifyEntityRef(entity);
  const cluster = ctx.config.clusters[0]?.name ?? 'default';
  if (file.errors.length || file.tests.length === 0) {
    const name = toDnsLabelPart(entity.metadata.name) || 'restore-test';
    return [
      {
        id: `${entityRef}:${name}`,
        entityRef,
        name,
        source: location,
        cluster,
        error:
          file.errors.join('; ') ||
          `${location}: no RestoreTest document found`,
      },
    ];
  }
  const policies = new Map(
    [...configPolicies, ...file.policies].map(p => [p.name, p]),
  );
  return file.tests.map(t => {
    if (!dnsLabel.test(t.name) || t.name.length > 63) {
      return {
        id: `${entityRef}:${t.name}`,
        entityRef,
        name: t.name,
        source: location,
        cluster,
        error: `metadata.name: "${t.name}" is not a valid name (lower-case letters, digits and dashes)`,
      };
    }
    return record(entity, t.name, location, ctx, t.spec, policies, 'spec');
  });
}
