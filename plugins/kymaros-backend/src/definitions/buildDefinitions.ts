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
import type { z } from 'zod';
import type { CheckType } from '@kymaros/plugin-kymaros-node';
import type { KymarosConfig } from '../config/readKymarosConfig';
import type { TestRecord } from '../store/KymarosStore';
import { toDnsLabelPart } from '../sandbox/sandboxName';
import { entityOwner } from './entityOwner';
import { ClusterChoices, clusterChoices } from '../clusters/defaultCluster';
import {
  annotationOrigins,
  annotationSchemaMessage,
  annotationSemanticMessage,
  AnnotationOrigins,
} from './annotationMessages';
import { quote } from './quote';
import { formatZodError, restoreTestSpecSchema } from './restoreTestSchema';
import { semanticErrors, semanticIssues } from './semanticIssues';

export { parseKymarosFile } from './parseKymarosFile';
export type { ParsedFile } from './parseKymarosFile';
export { semanticErrors } from './semanticIssues';

/** What a definition is checked against: the names the engine knows. */
export interface DefinitionContext {
  config: KymarosConfig;
  /** The clusters known now and the default one; without it, `config.clusters` alone. */
  clusters?: ClusterChoices;
  /** Every provider name the factory recognises (supported or not). */
  providers: string[];
  /** The check types this installation runs, by type name. */
  checkTypes: ReadonlyMap<string, CheckType>;
  /** Namespaces no test may restore from (the engine's and the provider's own). */
  protectedNamespaces: string[];
}

/** The cluster recorded for a test that names none; empty when there is no default (its error says so). */
export function defaultCluster(ctx: DefinitionContext): string {
  return clusterChoices(ctx).defaultName ?? '';
}

/**
 * Declared egress and Jobs from the test, else the configured defaults;
 * kept off the spec when they add nothing. Egress has no annotation: a
 * list of rules does not fit one, so annotated tests take the defaults.
 */
function sandboxAccess(
  sandbox: Partial<RestoreTestSpec['sandbox']> | undefined,
  defaults: KymarosConfig,
): Pick<RestoreTestSpec['sandbox'], 'egress' | 'runJobs'> {
  const egress = sandbox?.egress ?? defaults.sandbox.egress;
  const runJobs = sandbox?.runJobs ?? defaults.sandbox.runJobs;
  return {
    ...(egress.length ? { egress } : {}),
    ...(runJobs ? { runJobs } : {}),
  };
}

/** Fills the fields Kymaros YAML may leave out from the configured defaults, and inlines the policy's checks. */
function withDefaults(
  raw: any,
  ctx: DefinitionContext,
  policies: Map<string, HealthCheckPolicy>,
): RestoreTestSpec {
  const defaults = ctx.config;
  const policyChecks: HealthCheck[] = raw.healthChecks?.policyRef
    ? policies.get(raw.healthChecks.policyRef)?.checks ?? []
    : [];
  return {
    ...raw,
    backupSource: {
      ...raw.backupSource,
      backupName: raw.backupSource.backupName || 'latest',
    },
    cluster: raw.cluster ?? clusterChoices(ctx).defaultName,
    sandbox: {
      namespacePrefix:
        raw.sandbox?.namespacePrefix ?? defaults.sandbox.namespacePrefix,
      networkIsolation:
        raw.sandbox?.networkIsolation ?? defaults.sandbox.networkIsolation,
      ttl: raw.sandbox?.ttl,
      resourceQuota:
        raw.sandbox?.resourceQuota ?? defaults.sandbox.resourceQuota,
      limitRange: raw.sandbox?.limitRange ?? defaults.sandbox.limitRange,
      ...sandboxAccess(raw.sandbox, defaults),
    },
    healthChecks:
      raw.healthChecks || policyChecks.length
        ? {
            ...raw.healthChecks,
            checks: [...policyChecks, ...(raw.healthChecks?.checks ?? [])],
          }
        : undefined,
    sla: {
      ...raw.sla,
      maxRTO: raw.sla?.maxRTO ?? defaults.maxRTO,
      ...(raw.sla?.maxRPO ?? defaults.maxRPO
        ? { maxRPO: raw.sla?.maxRPO ?? defaults.maxRPO }
        : {}),
    },
    podReadyTimeout: raw.podReadyTimeout ?? defaults.podReadyTimeout,
    historyLimit: raw.historyLimit ?? defaults.historyLimit,
  };
}

/** How a definition's problems are worded: files name fields, annotations name annotations. */
interface Wording {
  schema(error: z.ZodError): string;
  semantic(
    spec: RestoreTestSpec,
    policies: Map<string, HealthCheckPolicy>,
  ): string[];
}

export const fileWording = (ctx: DefinitionContext): Wording => ({
  schema: error => formatZodError(error, 'spec'),
  semantic: (spec, policies) => semanticErrors(spec, ctx, policies),
});

const annotationWording = (
  ctx: DefinitionContext,
  origins: AnnotationOrigins,
): Wording => ({
  schema: error =>
    error.issues.map(i => annotationSchemaMessage(i, origins)).join('; '),
  semantic: (spec, policies) =>
    semanticIssues(spec, ctx, policies).map(i =>
      annotationSemanticMessage(i, origins),
    ),
});

/** A test record from a raw spec: validated, defaults filled in, problems worded for where it came from. */
export function record(
  entity: Entity,
  name: string,
  source: string,
  ctx: DefinitionContext,
  raw: unknown,
  policies: Map<string, HealthCheckPolicy>,
  wording: Wording,
): TestRecord {
  const entityRef = stringifyEntityRef(entity);
  const base = { id: `${entityRef}:${name}`, entityRef, name, source };
  const parsed = restoreTestSpecSchema(ctx.checkTypes).safeParse(raw);
  const fallbackCluster = defaultCluster(ctx);
  if (!parsed.success)
    return {
      ...base,
      cluster: fallbackCluster,
      error: wording.schema(parsed.error),
    };
  const spec = withDefaults(parsed.data, ctx, policies);
  const errors = wording.semantic(spec, policies);
  if (errors.length)
    return {
      ...base,
      cluster: spec.cluster ?? fallbackCluster,
      error: errors.join('; '),
    };
  return { ...base, cluster: spec.cluster ?? fallbackCluster, spec };
}

/** The source namespaces the annotations name, and the error when they name none. */
function annotatedNamespaces(a: Record<string, string>): {
  namespaces: string[];
  error?: string;
} {
  const written = a[KYMAROS_ANNOTATIONS.namespaces];
  const namespaces = (written ?? a[KUBERNETES_NAMESPACE_ANNOTATION] ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  if (namespaces.length) return { namespaces };
  if (written !== undefined)
    return {
      namespaces,
      error: `${KYMAROS_ANNOTATIONS.namespaces}: ${quote(
        written,
      )} names no namespace (write a comma-separated list)`,
    };
  return {
    namespaces,
    error: `no namespace to restore: set ${KYMAROS_ANNOTATIONS.namespaces} (comma-separated) or ${KUBERNETES_NAMESPACE_ANNOTATION}`,
  };
}

/** The test an entity's `kymaros.io/*` annotations describe. */
export function testFromAnnotations(
  entity: Entity,
  ctx: DefinitionContext,
  policies: Map<string, HealthCheckPolicy>,
): TestRecord {
  return withOwner(entity, annotationTest(entity, ctx, policies));
}

function annotationTest(
  entity: Entity,
  ctx: DefinitionContext,
  policies: Map<string, HealthCheckPolicy>,
): TestRecord {
  const a = entity.metadata.annotations ?? {};
  const name =
    toDnsLabelPart(entity.metadata.name).slice(0, 63).replace(/-+$/, '') ||
    'restore-test';
  const { namespaces, error } = annotatedNamespaces(a);
  if (error) {
    const entityRef = stringifyEntityRef(entity);
    return {
      id: `${entityRef}:${name}`,
      entityRef,
      name,
      source: 'annotations',
      cluster: defaultCluster(ctx),
      error,
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
  const origins = annotationOrigins(a, {
    schedule: ctx.config.schedule,
    provider: ctx.config.provider,
  });
  return record(
    entity,
    name,
    'annotations',
    ctx,
    raw,
    policies,
    annotationWording(ctx, origins),
  );
}

/** Tests carry their entity's owner, so the overview can filter and page by it in the database. */
export function withOwner(entity: Entity, test: TestRecord): TestRecord {
  const owner = entityOwner(entity);
  return owner ? { ...test, owner } : test;
}
