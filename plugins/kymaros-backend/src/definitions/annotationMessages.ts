import type { z } from 'zod';
import {
  KUBERNETES_NAMESPACE_ANNOTATION,
  KYMAROS_ANNOTATIONS,
} from '@kymaros/plugin-kymaros-common';
import { quote } from './quote';
import { issueExpectation } from './restoreTestSchema';
import type { SpecField, SpecIssue } from './semanticIssues';

type AnnotatedField = SpecField | 'networkIsolation' | 'maxRto' | 'maxRpo';

/** Where a value of the spec built from annotations came from. */
interface Origin {
  /** The annotation, or the app-config key of the default. */
  label: string;
  value: string;
}

export type AnnotationOrigins = Partial<Record<AnnotatedField, Origin>>;

/** The annotation each field comes from; no annotation sets a schedule's time zone. */
const annotationOf: Record<
  Exclude<AnnotatedField, 'namespaces' | 'timezone'>,
  string
> = {
  schedule: KYMAROS_ANNOTATIONS.schedule,
  provider: KYMAROS_ANNOTATIONS.provider,
  backup: KYMAROS_ANNOTATIONS.backup,
  cluster: KYMAROS_ANNOTATIONS.cluster,
  policyRef: KYMAROS_ANNOTATIONS.healthCheckPolicy,
  networkIsolation: KYMAROS_ANNOTATIONS.networkIsolation,
  maxRto: KYMAROS_ANNOTATIONS.maxRto,
  maxRpo: KYMAROS_ANNOTATIONS.maxRpo,
};

/** Spec fields filled from app-config when their annotation is absent. */
const configKeyOf: Partial<Record<AnnotatedField, string>> = {
  schedule: 'kymaros.schedule',
  provider: 'kymaros.provider',
};

/** The spec path a schema issue points at, mapped to the field it came from. */
const fieldOfPath: Record<string, AnnotatedField> = {
  'backupSource.provider': 'provider',
  'backupSource.backupName': 'backup',
  'backupSource.namespaces': 'namespaces',
  cluster: 'cluster',
  'schedule.cron': 'schedule',
  'sandbox.networkIsolation': 'networkIsolation',
  'healthChecks.policyRef': 'policyRef',
  'sla.maxRTO': 'maxRto',
  'sla.maxRPO': 'maxRpo',
};

/** Which annotation (or default) each value of the annotation-built spec came from. */
export function annotationOrigins(
  annotations: Record<string, string>,
  defaults: Partial<Record<AnnotatedField, string>>,
): AnnotationOrigins {
  const origins: AnnotationOrigins = {};
  for (const [field, annotation] of Object.entries(annotationOf)) {
    const key = field as AnnotatedField;
    const value = annotations[annotation];
    if (value !== undefined) origins[key] = { label: annotation, value };
    else if (configKeyOf[key] && defaults[key] !== undefined)
      origins[key] = {
        label: `${configKeyOf[key]} (app-config default)`,
        value: defaults[key]!,
      };
  }
  const namespaceAnnotation =
    annotations[KYMAROS_ANNOTATIONS.namespaces] !== undefined
      ? KYMAROS_ANNOTATIONS.namespaces
      : KUBERNETES_NAMESPACE_ANNOTATION;
  origins.namespaces = {
    label: namespaceAnnotation,
    value: annotations[namespaceAnnotation] ?? '',
  };
  return origins;
}

function fieldOf(issue: z.ZodIssue): AnnotatedField | undefined {
  for (let n = issue.path.length; n > 0; n--) {
    const field = fieldOfPath[issue.path.slice(0, n).join('.')];
    if (field) return field;
  }
  return undefined;
}

/** `kymaros.io/network-isolation: "open" is not one of strict, group` */
export function annotationSchemaMessage(
  issue: z.ZodIssue,
  origins: AnnotationOrigins,
): string {
  const field = fieldOf(issue);
  const origin = field && origins[field];
  if (!origin) return `annotations: ${issue.message}`;
  if (origin.value === '') return `${origin.label}: must not be empty`;
  const expected = issueExpectation(issue);
  return expected
    ? `${origin.label}: ${quote(origin.value)} is not ${expected}`
    : `${origin.label}: ${quote(origin.value)}: ${issue.message}`;
}

/** A semantic problem, under the annotation that caused it. */
export function annotationSemanticMessage(
  issue: SpecIssue,
  origins: AnnotationOrigins,
): string {
  const origin = issue.field && origins[issue.field];
  return origin ? `${origin.label}: ${issue.message}` : issue.message;
}
