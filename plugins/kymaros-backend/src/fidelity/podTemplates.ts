import type { BackupObject } from '@kymaros/plugin-kymaros-node';
import { groupOf } from './backupObjectNames';

/** The pod spec inside a workload, where it is, and how many pods it runs. */
export interface PodTemplate {
  /** Keys from the object's root to the pod spec. */
  path: string[];
  spec: Record<string, any>;
  /** Pods it runs once restored (a suspended CronJob runs none). */
  pods: number;
  /**
   * A ReplicaSet or Pod a controller made: restored as it is (its owner
   * reference dropped) until the controller replaces it, so its values still
   * count, but its pods are the controller's to size.
   */
  owned: boolean;
}

const templatePath = ['spec', 'template', 'spec'];
const workloadKinds: Record<string, { group: string; path: string[] }> = {
  Deployment: { group: 'apps', path: templatePath },
  StatefulSet: { group: 'apps', path: templatePath },
  DaemonSet: { group: 'apps', path: templatePath },
  ReplicaSet: { group: 'apps', path: templatePath },
  Job: { group: 'batch', path: templatePath },
  CronJob: {
    group: 'batch',
    path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  },
  Pod: { group: '', path: ['spec'] },
};

function count(value: unknown, absent: number): number {
  return typeof value === 'number' && value >= 0 ? Math.floor(value) : absent;
}

function podsOf(kind: string, spec: Record<string, any>): number {
  switch (kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
      return count(spec.replicas, 1);
    case 'Job': {
      // Kubernetes runs at most `completions` pods at once, `parallelism` at most.
      const parallel = count(spec.parallelism, 1);
      return Math.min(parallel, count(spec.completions, parallel));
    }
    case 'CronJob':
      return 0;
    default:
      return 1;
  }
}

/**
 * The pod template of a workload the restore recreates, owned ReplicaSets and
 * Pods included (marked `owned`). DaemonSets count one pod: the node count of
 * the sandbox's cluster is not known here.
 */
export function podTemplateOf(object: BackupObject): PodTemplate | undefined {
  const workload = workloadKinds[object.kind];
  const body = object.body ?? {};
  if (!workload || workload.group !== groupOf(object.apiVersion))
    return undefined;
  const owned =
    (object.kind === 'ReplicaSet' || object.kind === 'Pod') &&
    (body.metadata?.ownerReferences ?? []).length > 0;
  let spec: unknown = body;
  for (const key of workload.path) spec = (spec as any)?.[key];
  if (!spec || typeof spec !== 'object') return undefined;
  return {
    path: workload.path,
    spec: spec as Record<string, any>,
    pods: podsOf(object.kind, body.spec ?? {}),
    owned,
  };
}
