import type { StructuralSchema } from './pruning';

/**
 * The table of resource types the simulator serves. Discovery documents and
 * routes are generated from it; custom resources join it at runtime (from a
 * CustomResourceDefinition or a scenario).
 */
export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Resources with a status subresource ignore `.status` on the main endpoint. */
  statusSubresource: boolean;
  /** Strategic merge patch is accepted only for built-in kinds. */
  builtIn: boolean;
  /** Sub-resources served beside `status` (log, exec, proxy, ...). */
  extraSubresources?: string[];
  /** A CRD version's openAPIV3Schema: unknown fields are pruned on write. */
  schema?: StructuralSchema;
}

export function groupVersion(
  t: Pick<ResourceType, 'group' | 'version'>,
): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

const verbs = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

function builtIn(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  options: { status?: boolean; shortNames?: string[]; extra?: string[] } = {},
): ResourceType {
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    statusSubresource: options.status ?? false,
    shortNames: options.shortNames,
    builtIn: true,
    extraSubresources: options.extra,
  };
}

export const builtInResources: ResourceType[] = [
  builtIn('', 'v1', 'Namespace', 'namespaces', false, {
    status: true,
    shortNames: ['ns'],
    extra: ['finalize'],
  }),
  builtIn('', 'v1', 'Pod', 'pods', true, {
    status: true,
    shortNames: ['po'],
    extra: ['log', 'exec', 'portforward'],
  }),
  builtIn('', 'v1', 'Service', 'services', true, {
    status: true,
    shortNames: ['svc'],
    extra: ['proxy'],
  }),
  builtIn('', 'v1', 'Endpoints', 'endpoints', true, { shortNames: ['ep'] }),
  builtIn('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
  builtIn('', 'v1', 'Secret', 'secrets', true),
  builtIn('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, {
    status: true,
    shortNames: ['pvc'],
  }),
  builtIn('', 'v1', 'PersistentVolume', 'persistentvolumes', false, {
    status: true,
    shortNames: ['pv'],
  }),
  builtIn('', 'v1', 'ServiceAccount', 'serviceaccounts', true, {
    shortNames: ['sa'],
  }),
  builtIn('', 'v1', 'ResourceQuota', 'resourcequotas', true, {
    status: true,
    shortNames: ['quota'],
  }),
  builtIn('', 'v1', 'LimitRange', 'limitranges', true, {
    shortNames: ['limits'],
  }),
  builtIn('', 'v1', 'Event', 'events', true, { shortNames: ['ev'] }),
  builtIn('', 'v1', 'Node', 'nodes', false, {
    status: true,
    shortNames: ['no'],
  }),
  builtIn('apps', 'v1', 'Deployment', 'deployments', true, {
    status: true,
    shortNames: ['deploy'],
    extra: ['scale'],
  }),
  builtIn('apps', 'v1', 'StatefulSet', 'statefulsets', true, {
    status: true,
    shortNames: ['sts'],
    extra: ['scale'],
  }),
  builtIn('apps', 'v1', 'ReplicaSet', 'replicasets', true, {
    status: true,
    shortNames: ['rs'],
    extra: ['scale'],
  }),
  builtIn('apps', 'v1', 'DaemonSet', 'daemonsets', true, {
    status: true,
    shortNames: ['ds'],
  }),
  builtIn('batch', 'v1', 'Job', 'jobs', true, { status: true }),
  builtIn('batch', 'v1', 'CronJob', 'cronjobs', true, {
    status: true,
    shortNames: ['cj'],
  }),
  builtIn('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, {
    shortNames: ['netpol'],
  }),
  builtIn('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, {
    status: true,
    shortNames: ['ing'],
  }),
  builtIn('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  builtIn(
    'rbac.authorization.k8s.io',
    'v1',
    'RoleBinding',
    'rolebindings',
    true,
  ),
  builtIn(
    'rbac.authorization.k8s.io',
    'v1',
    'ClusterRole',
    'clusterroles',
    false,
  ),
  builtIn(
    'rbac.authorization.k8s.io',
    'v1',
    'ClusterRoleBinding',
    'clusterrolebindings',
    false,
  ),
  builtIn(
    'apiextensions.k8s.io',
    'v1',
    'CustomResourceDefinition',
    'customresourcedefinitions',
    false,
    {
      status: true,
      shortNames: ['crd', 'crds'],
    },
  ),
];

/** Velero's kinds as its CRDs ship them (1.18): none has a status subresource. */
export const veleroResources: ResourceType[] = [
  cr('velero.io', 'v1', 'Backup', 'backups', true, false),
  cr('velero.io', 'v1', 'Restore', 'restores', true, false),
  cr('velero.io', 'v1', 'DownloadRequest', 'downloadrequests', true, false),
  cr('velero.io', 'v1', 'Schedule', 'schedules', true, false),
  cr(
    'velero.io',
    'v1',
    'BackupStorageLocation',
    'backupstoragelocations',
    true,
    false,
    ['bsl'],
  ),
  cr(
    'velero.io',
    'v1',
    'DeleteBackupRequest',
    'deletebackuprequests',
    true,
    false,
  ),
  cr('velero.io', 'v1', 'PodVolumeRestore', 'podvolumerestores', true, false),
];

export function cr(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  statusSubresource: boolean,
  shortNames?: string[],
): ResourceType {
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    statusSubresource,
    shortNames,
    builtIn: false,
  };
}

export class ResourceRegistry {
  private readonly types: ResourceType[] = [];

  constructor(initial: ResourceType[]) {
    initial.forEach(t => this.add(t));
  }

  add(type: ResourceType): void {
    const i = this.types.findIndex(
      t =>
        t.group === type.group &&
        t.version === type.version &&
        t.plural === type.plural,
    );
    if (i >= 0) this.types[i] = type;
    else this.types.push(type);
  }

  remove(group: string, plural: string): void {
    for (let i = this.types.length - 1; i >= 0; i--) {
      if (
        this.types[i].group === group &&
        this.types[i].plural === plural &&
        !this.types[i].builtIn
      ) {
        this.types.splice(i, 1);
      }
    }
  }

  find(
    group: string,
    version: string,
    plural: string,
  ): ResourceType | undefined {
    return this.types.find(
      t => t.group === group && t.version === version && t.plural === plural,
    );
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.types.find(
      t => groupVersion(t) === apiVersion && t.kind === kind,
    );
  }

  all(): readonly ResourceType[] {
    return this.types;
  }

  groupVersions(): Map<string, ResourceType[]> {
    const out = new Map<string, ResourceType[]>();
    for (const t of this.types) {
      const gv = groupVersion(t);
      out.set(gv, [...(out.get(gv) ?? []), t]);
    }
    return out;
  }

  /** APIResourceList for `/api/v1` or `/apis/{g}/{v}`. */
  resourceList(group: string, version: string) {
    const types = this.types.filter(
      t => t.group === group && t.version === version,
    );
    if (types.length === 0) return undefined;
    const resources: object[] = [];
    for (const t of types) {
      resources.push({
        name: t.plural,
        singularName: t.singular,
        namespaced: t.namespaced,
        kind: t.kind,
        verbs,
        ...(t.shortNames ? { shortNames: t.shortNames } : {}),
      });
      if (t.statusSubresource) {
        resources.push({
          name: `${t.plural}/status`,
          singularName: '',
          namespaced: t.namespaced,
          kind: t.kind,
          verbs: ['get', 'patch', 'update'],
        });
      }
      for (const sub of t.extraSubresources ?? []) {
        resources.push({
          name: `${t.plural}/${sub}`,
          singularName: '',
          namespaced: t.namespaced,
          kind: t.kind,
          verbs: ['get', 'create'],
        });
      }
    }
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: groupVersion(types[0]),
      resources,
    };
  }

  /** APIGroupList for `/apis`. */
  groupList() {
    const groups = new Map<string, string[]>();
    for (const t of this.types) {
      if (!t.group) continue;
      const versions = groups.get(t.group) ?? [];
      if (!versions.includes(t.version)) versions.push(t.version);
      groups.set(t.group, versions);
    }
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...groups.entries()].map(([name, versions]) => ({
        name,
        versions: versions.map(v => ({
          groupVersion: `${name}/${v}`,
          version: v,
        })),
        preferredVersion: {
          groupVersion: `${name}/${versions[0]}`,
          version: versions[0],
        },
      })),
    };
  }
}
