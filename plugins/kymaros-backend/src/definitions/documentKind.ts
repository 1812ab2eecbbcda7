import type { z } from 'zod';

/** The one API version of Kymaros definitions. */
export const KYMAROS_API_VERSION = 'restore.kymaros.io/v1alpha1';
const KYMAROS_GROUP = 'restore.kymaros.io';
const READ_KINDS = ['RestoreTest', 'HealthCheckPolicy'] as const;
/** KubeStash's BackupVerifier is read as a restore test too (see backupVerifierTest). */
export type DefinitionKind = (typeof READ_KINDS)[number] | 'BackupVerifier';
const BACKUP_VERIFIER_API_VERSION = 'core.kubestash.com/v1alpha1';

/** What to do with a document: read it as one of our kinds, skip it (with why), or refuse it. */
export type DocumentKind =
  | { kind: DefinitionKind; skip?: undefined; error?: undefined }
  | { kind?: undefined; skip: string; error?: undefined }
  | { kind?: undefined; skip?: undefined; error: z.ZodIssue };

// Shown in warnings only when they look like what they are: a value that
// does not could be anything (a pasted secret), and messages never repeat it.
const kindName = /^[A-Za-z][A-Za-z0-9]{0,62}$/;
const apiVersionName =
  /^(?:[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?v[0-9][a-z0-9]{0,15}$/;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `a Deployment (apps/v1)`, or a neutral phrase for values that do not look like names. */
function describeKind(kind: unknown, apiVersion: unknown): string {
  if (typeof kind !== 'string' || !kindName.test(kind))
    return 'a document of another kind';
  const version =
    typeof apiVersion === 'string' && apiVersionName.test(apiVersion)
      ? ` (${apiVersion})`
      : '';
  return `a ${kind}${version}`;
}

/**
 * Decides how a document of a definition file is read. Only RestoreTests and
 * HealthCheckPolicies of `restore.kymaros.io/v1alpha1` are definitions; a
 * file may also hold the manifests they test (`kustomize build` output, a
 * sample RestoreReport), which are skipped with a word rather than failing
 * the file. One of our kinds under another version of our group is a
 * mistake, and refused.
 */
export function classifyDocument(value: unknown): DocumentKind {
  if (!isRecord(value))
    return {
      skip: 'skipped: not a Kubernetes object (a mapping with apiVersion and kind)',
    };
  const { kind, apiVersion } = value;
  if (kind === 'BackupVerifier' && apiVersion === BACKUP_VERIFIER_API_VERSION)
    return { kind };
  const ours = READ_KINDS.find(k => k === kind);
  const group =
    typeof apiVersion === 'string' && apiVersion.includes('/')
      ? apiVersion.slice(0, apiVersion.indexOf('/'))
      : undefined;
  if (ours && (apiVersion === undefined || group === KYMAROS_GROUP)) {
    if (apiVersion === KYMAROS_API_VERSION) return { kind: ours };
    return {
      error: {
        code: 'custom',
        path: ['apiVersion'],
        message: `must be ${KYMAROS_API_VERSION}`,
      },
    };
  }
  if (kind === 'RestoreReport' && group === KYMAROS_GROUP)
    return {
      skip: 'skipped a RestoreReport: reports are written by each run, not read from files',
    };
  return {
    skip: `skipped ${describeKind(
      kind,
      apiVersion,
    )}: only RestoreTest and HealthCheckPolicy documents (${KYMAROS_API_VERSION}) are read`,
  };
}

/** `metadata.name` and `metadata.namespace`, when they are non-empty strings. */
export function documentHeader(value: unknown): {
  name?: string;
  namespace?: string;
} {
  const metadata = isRecord(value) ? value.metadata : undefined;
  if (!isRecord(metadata)) return {};
  const text = (v: unknown) =>
    typeof v === 'string' && v !== '' ? v : undefined;
  return { name: text(metadata.name), namespace: text(metadata.namespace) };
}
