import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { HealthCheckPolicy } from '@kymaros/plugin-kymaros-common';
import type { TestRecord } from '../store/KymarosStore';
import { toDnsLabelPart } from '../sandbox/sandboxName';
import {
  DefinitionContext,
  defaultCluster,
  fileWording,
  record,
  withOwner,
} from './buildDefinitions';
import {
  policiesFor,
  policyRefError,
  unusedPolicyWarnings,
} from './filePolicies';
import type { ParsedFile, ParsedTest } from './parseKymarosFile';
import { quote } from './quote';
import { namespaceNameError } from './semanticIssues';
import { specWarnings } from './specWarnings';

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why a RestoreTest's metadata cannot name a test, if it cannot. */
function metadataError(test: ParsedTest): string | undefined {
  const { name, namespace } = test;
  if (name.length > 63)
    return `metadata.name: ${quote(
      name,
    )} is longer than 63 characters, the limit for a test name`;
  if (!dnsLabel.test(name))
    return `metadata.name: ${quote(
      name,
    )} is not a valid name (lower-case letters, digits and dashes)`;
  const invalid =
    namespace === undefined ? undefined : namespaceNameError(namespace);
  return invalid ? `metadata.namespace: ${invalid}` : undefined;
}

/**
 * The tests an entity's definition files define, each with its own
 * `metadata.name`. Policies resolve across all the files, then
 * configuration. What belongs to no test — a file that cannot be read, a
 * document without a name — becomes a test named after the entity that
 * carries the error, so it shows where the entity's tests do, while every
 * valid test still loads. Skipped documents are warnings on every test.
 */
export function testsFromFiles(
  entity: Entity,
  files: ParsedFile[],
  ctx: DefinitionContext,
  configPolicies: HealthCheckPolicy[],
): TestRecord[] {
  const tests = files.flatMap(f =>
    f.tests.map(test => ({ test, source: f.location })),
  );
  const policies = files.flatMap(f => f.policies);
  const warnings = capped([
    ...files.flatMap(f => f.warnings),
    ...unusedPolicyWarnings(
      policies,
      tests.map(t => t.test),
    ),
  ]);
  const named = countNames(tests.map(t => t.test));
  const records = tests.map(({ test, source }) => {
    const twin = (named.get(test.name) ?? 0) > 1;
    const error =
      metadataError(test) ??
      (twin
        ? `metadata.name: ${quote(test.name)} is defined twice (${tests
            .filter(o => o.test.name === test.name)
            .map(o => o.test.where)
            .join(', ')}); test names must be unique per entity`
        : undefined) ??
      test.error ??
      policyRefError(test, policies);
    const built = error
      ? fileError(entity, ctx, test.name, source, error)
      : record(
          entity,
          test.name,
          source,
          ctx,
          test.spec,
          policiesFor(test, policies, configPolicies),
          fileWording(ctx),
        );
    const own = [...warnings, ...specWarnings(test, ctx)];
    return {
      ...built,
      ...(test.namespace ? { namespace: test.namespace } : {}),
      ...(own.length ? { warnings: own } : {}),
    };
  });
  return withUnattributed(entity, files, ctx, dedupe(records), warnings).map(
    t => withOwner(entity, t),
  );
}

/** Warnings kept per test: a file of thousands of skipped documents must not be copied onto every test. */
const MAX_WARNINGS = 20;

function capped(warnings: string[]): string[] {
  if (warnings.length <= MAX_WARNINGS) return warnings;
  return [
    ...warnings.slice(0, MAX_WARNINGS),
    `and ${warnings.length - MAX_WARNINGS} more`,
  ];
}

function countNames(tests: ParsedTest[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tests) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
  return counts;
}

/** One record per id: a name defined twice is one test carrying that error. */
function dedupe(records: TestRecord[]): TestRecord[] {
  const seen = new Set<string>();
  return records.filter(r => !seen.has(r.id) && seen.add(r.id));
}

function fileError(
  entity: Entity,
  ctx: DefinitionContext,
  name: string,
  source: string,
  error: string,
): TestRecord {
  const entityRef = stringifyEntityRef(entity);
  return {
    id: `${entityRef}:${name}`,
    entityRef,
    name,
    source,
    cluster: defaultCluster(ctx),
    error,
  };
}

/** Adds the errors no test owns (or "no RestoreTest") to a test named after the entity. */
function withUnattributed(
  entity: Entity,
  files: ParsedFile[],
  ctx: DefinitionContext,
  records: TestRecord[],
  warnings: string[],
): TestRecord[] {
  const errors = files.flatMap(f => f.errors);
  if (errors.length === 0 && records.length > 0) return records;
  const locations = files.map(f => f.location).join(', ');
  const message =
    errors.join('; ') ||
    `${locations}: no RestoreTest document found${
      warnings.length ? ` (${warnings.join('; ')})` : ''
    }`;
  const name = toDnsLabelPart(entity.metadata.name) || 'restore-test';
  const same = records.find(r => r.name === name);
  if (same) {
    // The entity's own name is taken by a test: it carries the errors instead.
    const { spec: _spec, ...rest } = same;
    const error = [same.error, message].filter(Boolean).join('; ');
    return records.map(r => (r === same ? { ...rest, error } : r));
  }
  const failed = fileError(entity, ctx, name, locations, message);
  return [
    ...records,
    warnings.length && errors.length ? { ...failed, warnings } : failed,
  ];
}
