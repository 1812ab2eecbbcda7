import type { ResourceRegistry, ResourceType } from '../api/resources';

/** Looks up the built-in types the controllers work with. */
export function kinds(registry: ResourceRegistry) {
  const f = (g: string, p: string): ResourceType => {
    const t = registry.all().find(x => x.group === g && x.plural === p);
    if (!t) throw new Error(`resource ${p}.${g} is not registered`);
    return t;
  };
  return {
    namespaces: f('', 'namespaces'),
    pods: f('', 'pods'),
    services: f('', 'services'),
    endpoints: f('', 'endpoints'),
    configmaps: f('', 'configmaps'),
    secrets: f('', 'secrets'),
    pvcs: f('', 'persistentvolumeclaims'),
    pvs: f('', 'persistentvolumes'),
    serviceaccounts: f('', 'serviceaccounts'),
    events: f('', 'events'),
    resourcequotas: f('', 'resourcequotas'),
    nodes: f('', 'nodes'),
    deployments: f('apps', 'deployments'),
    replicasets: f('apps', 'replicasets'),
    statefulsets: f('apps', 'statefulsets'),
    daemonsets: f('apps', 'daemonsets'),
    jobs: f('batch', 'jobs'),
    crds: f('apiextensions.k8s.io', 'customresourcedefinitions'),
  };
}

export type Kinds = ReturnType<typeof kinds>;
