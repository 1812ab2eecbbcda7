import type { CheckType } from '@kymaros/plugin-kymaros-node';
import { QueryMappingError, queryChecks } from './backupVerifierQuery';
import { documentHeader } from './documentKind';
import type { ParsedTest } from './parseKymarosFile';
import {
  issuePath,
  issueText,
  restoreTestSpecSchema,
} from './restoreTestSchema';

// KubeStash's BackupVerifier (`core.kubestash.com/v1alpha1`,
// kubestash/apimachinery@apis/core/v1alpha1/backupverifier_types.go) read
// as a Kymaros restore test of the KubeStash backups of its own namespace
// (where KubeStash's examples keep it beside the BackupConfiguration that
// uses it). `restoreOption.target` is where KubeStash would restore; Kymaros
// restores into its own sandboxes, and uses the target's name to reach the
// restored database.

/** The image a Script check runs, which KubeStash takes from its `function`: Kymaros needs it named. */
export const SCRIPT_IMAGE_ANNOTATION = 'kymaros.io/script-image';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_ARGS = 32;
const MAX_TEXT = 1024;

export interface VerifierTest {
  spec?: Record<string, unknown>;
  error?: string;
}

const isRecord = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

class VerifierError extends Error {}

function shown(value: unknown): string {
  return JSON.stringify(value)?.slice(0, 80) ?? 'nothing';
}

function restoreTarget(spec: Record<string, any>): string {
  const name = spec.restoreOption?.target?.name;
  if (typeof name !== 'string' || !DNS_LABEL.test(name) || name.length > 63)
    throw new VerifierError(
      `spec.restoreOption.target.name: must name the restored app (a DNS label), not ${shown(
        name,
      )}`,
    );
  return name;
}

function scriptChecks(
  spec: Record<string, any>,
  annotations: Record<string, unknown>,
): Record<string, unknown>[] {
  const script = spec.script;
  if (
    !isRecord(script) ||
    typeof script.location !== 'string' ||
    !script.location.startsWith('/')
  )
    throw new VerifierError(
      `spec.script.location: must be the script's absolute path, not ${shown(
        script?.location,
      )}`,
    );
  const args = script.args ?? [];
  if (
    !Array.isArray(args) ||
    args.some(a => typeof a !== 'string' || a.length > MAX_TEXT)
  )
    throw new VerifierError(
      `spec.script.args: must be a list of strings of at most ${MAX_TEXT} characters`,
    );
  if (args.length > MAX_ARGS)
    throw new VerifierError(
      `spec.script.args: at most ${MAX_ARGS} arguments, not ${args.length}`,
    );
  if (spec.volumes?.length || spec.volumeMounts?.length)
    throw new VerifierError(
      'spec.volumes: Kymaros check Jobs mount no volumes; build the script into the image named by the kymaros.io/script-image annotation',
    );
  const image = annotations[SCRIPT_IMAGE_ANNOTATION];
  if (typeof image !== 'string' || !image.trim() || image.length > MAX_TEXT)
    throw new VerifierError(
      `metadata.annotations["${SCRIPT_IMAGE_ANNOTATION}"]: is required for type Script (the image holding ${script.location})`,
    );
  return [
    {
      name: 'script',
      type: 'script',
      script: { image, command: [script.location], args },
    },
  ];
}

function checksFor(
  spec: Record<string, any>,
  annotations: Record<string, unknown>,
): Record<string, unknown>[] | undefined {
  switch (spec.type) {
    case 'RestoreOnly':
      return undefined;
    case 'Query':
      return queryChecks(spec.query, restoreTarget(spec));
    case 'Script':
      return scriptChecks(spec, annotations);
    default:
      throw new VerifierError(
        `spec.type: must be RestoreOnly, Query or Script, not ${shown(
          spec.type,
        )}`,
      );
  }
}

/**
 * The RestoreTest spec a BackupVerifier means in Kymaros: the latest
 * KubeStash Snapshot of `namespace`, on the verifier's cron; RestoreOnly
 * judges the restore alone, Query and Script add Job checks.
 */
export function backupVerifierTest(
  value: Record<string, any>,
  namespace: string | undefined,
): VerifierTest {
  try {
    const spec = value.spec;
    if (!isRecord(spec)) throw new VerifierError('spec: is required');
    if (!namespace)
      throw new VerifierError(
        'metadata.namespace: is required (the namespace whose KubeStash backups it verifies)',
      );
    const cron = spec.scheduler?.schedule;
    if (typeof cron !== 'string' || !cron.trim() || cron.length > 100)
      throw new VerifierError(
        `spec.scheduler.schedule: must be a cron expression, not ${shown(
          cron,
        )}`,
      );
    const checks = checksFor(
      spec,
      isRecord(value.metadata?.annotations) ? value.metadata.annotations : {},
    );
    return {
      spec: {
        backupSource: {
          provider: 'kubestash',
          backupName: 'latest',
          namespaces: [{ name: namespace }],
        },
        schedule: { cron },
        ...(checks ? { healthChecks: { checks } } : {}),
      },
    };
  } catch (e) {
    if (e instanceof VerifierError || e instanceof QueryMappingError)
      return { error: e.message };
    throw e;
  }
}

/**
 * A BackupVerifier document as a test of the file: named by its
 * `metadata.name`, its spec checked as any RestoreTest's.
 */
export function readBackupVerifier(
  where: string,
  value: unknown,
  checkTypes: ReadonlyMap<string, CheckType>,
): ParsedTest | string {
  const { name, namespace } = documentHeader(value);
  if (!name)
    return `${where}: metadata.name is required (the BackupVerifier's name)`;
  const located = { where, name, ...(namespace ? { namespace } : {}) };
  const { spec, error } = backupVerifierTest(
    value as Record<string, any>,
    namespace,
  );
  if (error)
    return { ...located, spec: undefined, error: `${where}: ${error}` };
  const checked = restoreTestSpecSchema(checkTypes).safeParse(spec);
  if (checked.success) return { ...located, spec };
  const issues = checked.error.issues
    .map(
      issue =>
        `${issuePath(
          { ...issue, path: ['spec', ...issue.path] },
          '',
        )}: ${issueText(issue)}`,
    )
    .join('; ');
  return {
    ...located,
    spec: undefined,
    error: `${where}: BackupVerifier ${name} maps to an invalid test: ${issues}`,
  };
}
