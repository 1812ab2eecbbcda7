import type { BackupObject, RestoreEdit } from '@kymaros/plugin-kymaros-node';
import type {
  EndpointRewrite,
  ExternalReference,
  SandboxTransformation,
} from '@kymaros/plugin-kymaros-common';
import { subjectOf } from './backupObjectNames';
import { podTemplateOf } from './podTemplates';
import { referenceFields } from './referenceFields';
import {
  rewriteServiceReferences,
  type RewrittenValue,
} from './rewriteServiceReferences';
import { secretText, secretValue } from './secretText';
import type { ServiceDirectory } from './serviceDirectory';
import { SERVICE_ACCOUNT_TOKEN_TYPE } from './planTransformations';

/** A Secret's keys to set in the sandbox after the restore (source namespace). */
export interface SecretRewrite {
  namespace: string;
  name: string;
  /** Only the rewritten keys, base64 as in `Secret.data`. */
  data: Record<string, string>;
}

/** How the restore points the app at its restored peers, and what it cannot. */
export interface EndpointRewritePlan {
  edits: RestoreEdit[];
  rewrites: EndpointRewrite[];
  externalReferences: ExternalReference[];
  secretRewrites: SecretRewrite[];
  /** References left as they are because the value is too large to carry in a restore edit. */
  notRewritten: SandboxTransformation[];
}

/**
 * A value edited during the restore travels twice (test and replace) in the
 * provider's objects (Velero: a ConfigMap, 1 MiB at most): longer ones are
 * left as they are and reported.
 */
export const MAX_EDITED_VALUE = 32 * 1024;

/**
 * The bytes of edited values (test and replace) all edits may carry, so the
 * provider's objects stay well under their bound with the rest of the edits:
 * past it, values are left as they are and reported.
 */
export const EDITED_VALUES_BUDGET = 600 * 1024;

type Field = { field: string; value: string };

/** `scheme://user[:password]@`: a value the provider's objects must not carry. */
const USERINFO = /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/?#@]*@/;

const TOO_LARGE = `not rewritten: the value is over ${
  MAX_EDITED_VALUE / 1024
} KiB`;
const HOLDS_CREDENTIALS =
  'holds credentials: not rewritten — move it into a Secret';
const OVER_BUDGET = `not rewritten: the run's edited values would pass their ${
  EDITED_VALUES_BUDGET / 1024
} KiB budget`;
const INIT_CONTAINER_MAY_MOVE =
  'not rewritten: the restore may put its own init container first, moving this one';

/**
 * A Pod restored with file-system backup gets the provider's init container
 * in front (Velero: `restore-wait`), so a path into its init containers may
 * name another one or none: the patch would fail the whole restore.
 */
const initContainerOfPod = (object: BackupObject, pointer: string) =>
  object.kind === 'Pod' &&
  object.apiVersion === 'v1' &&
  pointer.startsWith('/spec/initContainers/');

/**
 * Notes each field and host form once per object (`command` has many
 * values). A ReplicaSet or Pod a controller made is rewritten like its
 * owner but not listed: its owner's entries already say it.
 */
class ObjectNotes {
  private readonly seen = new Set<string>();
  constructor(
    private readonly plan: EndpointRewritePlan,
    private readonly object: string,
    private readonly directory: ServiceDirectory,
    private readonly listed = true,
  ) {}

  private first(...key: string[]): boolean {
    const k = JSON.stringify(key);
    if (!this.listed || this.seen.has(k)) return false;
    this.seen.add(k);
    return true;
  }

  /** The value rewritten, its rewrites and external references recorded. */
  rewrite({ field, value }: Field): string {
    const { object } = this;
    const result = rewriteServiceReferences(value, this.directory);
    this.external(field, result.external);
    for (const { from, to } of result.rewrites)
      if (this.first('rewrite', field, from))
        this.plan.rewrites.push({ object, field, from, to });
    return result.value;
  }

  /** A value not to edit (`why`): its references are reported, not rewritten. */
  leave({ field, value }: Field, why: string): void {
    const result = rewriteServiceReferences(value, this.directory);
    this.external(field, result.external);
    const hosts = [...new Set(result.rewrites.map(r => r.from))];
    if (hosts.length && this.listed)
      this.plan.notRewritten.push({
        subject: this.object,
        change: `${field} ${why}`,
        notTested: `its calls to ${hosts.slice(0, 3).join(', ')}${
          hosts.length > 3 ? ', …' : ''
        } in the sandbox`,
      });
  }

  private external(field: string, found: RewrittenValue['external']) {
    const { object } = this;
    for (const { reference, namespace } of found)
      if (this.first('external', field, reference))
        this.plan.externalReferences.push({
          object,
          field,
          reference,
          namespace,
        });
  }
}

function planSecret(
  plan: EndpointRewritePlan,
  secret: BackupObject,
  directory: ServiceDirectory,
) {
  // Token Secrets lose their data on restore; nothing of theirs is read.
  if (secret.body?.type === SERVICE_ACCOUNT_TOKEN_TYPE) return;
  const notes = new ObjectNotes(plan, subjectOf(secret), directory);
  const data: Record<string, string> = {};
  for (const [key, encoded] of Object.entries(secret.body?.data ?? {})) {
    const value = secretText(encoded);
    if (value === undefined) continue;
    const field = `Secret data key ${key}`;
    const rewritten = notes.rewrite({ field, value });
    if (rewritten !== value) data[key] = secretValue(rewritten);
  }
  if (Object.keys(data).length > 0)
    plan.secretRewrites.push({
      namespace: secret.namespace!,
      name: secret.name,
      data,
    });
}

/** What the test and the replace of this value weigh in the provider's objects. */
function editedBytes(value: string, directory: ServiceDirectory): number {
  const rewritten = rewriteServiceReferences(value, directory).value;
  return rewritten === value
    ? 0
    : Buffer.byteLength(value) + Buffer.byteLength(rewritten);
}

function planObject(
  plan: EndpointRewritePlan,
  object: BackupObject,
  directory: ServiceDirectory,
  budget: { left: number },
) {
  const notes = new ObjectNotes(
    plan,
    subjectOf(object),
    directory,
    !podTemplateOf(object)?.owned,
  );
  const ops: NonNullable<RestoreEdit['jsonPatch']> = [];
  for (const field of referenceFields(object)) {
    if (field.value.length > MAX_EDITED_VALUE) {
      notes.leave(field, TOO_LARGE);
      continue;
    }
    if (USERINFO.test(field.value)) {
      notes.leave(field, HOLDS_CREDENTIALS);
      continue;
    }
    if (initContainerOfPod(object, field.pointer)) {
      notes.leave(field, INIT_CONTAINER_MAY_MOVE);
      continue;
    }
    const bytes = editedBytes(field.value, directory);
    if (bytes > budget.left) {
      notes.leave(field, OVER_BUDGET);
      continue;
    }
    budget.left -= bytes;
    const rewritten = notes.rewrite(field);
    if (rewritten === field.value) continue;
    // The test leaves an object that changed since the backup as it is.
    ops.push({ op: 'test', path: field.pointer, value: field.value });
    ops.push({ op: 'replace', path: field.pointer, value: rewritten });
  }
  if (ops.length > 0)
    plan.edits.push({
      resource: object.resource,
      namespace: object.namespace,
      name: object.name,
      jsonPatch: ops,
    });
}

/**
 * Rewrites, in the restored objects of every namespace of the run, the
 * references to Services of those namespaces so each points at its sandbox:
 * one JSON patch per object (test the original value, then replace it);
 * Secrets are rewritten by the engine after the restore instead, so their
 * values never enter the provider's objects. References to namespaces the
 * run does not restore are left as they are and listed, and so are the
 * references in values too large to edit.
 */
export function planEndpointRewrites(
  objects: BackupObject[],
  directory: ServiceDirectory,
): EndpointRewritePlan {
  const plan: EndpointRewritePlan = {
    edits: [],
    rewrites: [],
    externalReferences: [],
    secretRewrites: [],
    notRewritten: [],
  };
  const budget = { left: EDITED_VALUES_BUDGET };
  for (const object of objects) {
    if (
      !object.namespace ||
      !Object.hasOwn(directory.mapping, object.namespace)
    )
      continue;
    if (object.kind === 'Secret' && object.apiVersion === 'v1')
      planSecret(plan, object, directory);
    else planObject(plan, object, directory, budget);
  }
  return plan;
}
