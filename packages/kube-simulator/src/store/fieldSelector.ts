import { errors } from '../api/status';
import type { KubeObject } from './types';

type FieldRequirement = { field: string; op: 'eq' | 'neq'; value: string };

/** Fields each kind can be selected on; `metadata.name` and `metadata.namespace` work everywhere. */
const fieldsByKind: Record<
  string,
  Record<string, (o: KubeObject) => string | undefined>
> = {
  Pod: {
    'spec.nodeName': o => (o.spec as any)?.nodeName ?? '',
    'spec.restartPolicy': o => (o.spec as any)?.restartPolicy ?? '',
    'spec.schedulerName': o => (o.spec as any)?.schedulerName ?? '',
    'spec.serviceAccountName': o => (o.spec as any)?.serviceAccountName ?? '',
    'status.phase': o => (o.status as any)?.phase ?? '',
    'status.podIP': o => (o.status as any)?.podIP ?? '',
    'status.nominatedNodeName': o => (o.status as any)?.nominatedNodeName ?? '',
  },
  Event: {
    'involvedObject.kind': o => (o as any).involvedObject?.kind,
    'involvedObject.name': o => (o as any).involvedObject?.name,
    'involvedObject.namespace': o => (o as any).involvedObject?.namespace,
    'involvedObject.uid': o => (o as any).involvedObject?.uid,
    reason: o => (o as any).reason,
    type: o => (o as any).type,
  },
  Namespace: { 'status.phase': o => (o.status as any)?.phase ?? '' },
  Secret: { type: o => (o as any).type ?? '' },
  Job: { 'status.successful': o => String((o.status as any)?.succeeded ?? 0) },
};

export function parseFieldSelector(
  selector: string | undefined,
  kind: string,
): FieldRequirement[] {
  if (!selector || !selector.trim()) return [];
  return selector.split(',').map(term => {
    const m = term.trim().match(/^([^=!]+)(==|=|!=)(.*)$/);
    if (!m)
      throw errors.badRequest(
        `invalid selector: '${selector}'; can't understand '${term}'`,
      );
    const field = m[1].trim();
    if (
      field !== 'metadata.name' &&
      field !== 'metadata.namespace' &&
      !fieldsByKind[kind]?.[field]
    ) {
      throw errors.badRequest(`field label not supported: ${field}`);
    }
    return {
      field,
      op: m[2] === '!=' ? 'neq' : 'eq',
      value: m[3].trim(),
    } as FieldRequirement;
  });
}

export function matchesFields(
  obj: KubeObject,
  reqs: FieldRequirement[],
): boolean {
  return reqs.every(r => {
    let actual: string | undefined;
    if (r.field === 'metadata.name') actual = obj.metadata.name;
    else if (r.field === 'metadata.namespace')
      actual = obj.metadata.namespace ?? '';
    else actual = fieldsByKind[obj.kind]?.[r.field]?.(obj);
    return r.op === 'eq' ? actual === r.value : actual !== r.value;
  });
}
