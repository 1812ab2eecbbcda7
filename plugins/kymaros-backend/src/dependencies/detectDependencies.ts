/** A reference from a restored object to a Service in another namespace. */
export interface Dependency {
  /** Source namespace the reference was found in. */
  from: string;
  /** Where it was found, e.g. `Deployment/web env DATABASE_HOST`. */
  where: string;
  service: string;
  namespace: string;
}

const serviceDns =
  /\b([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.cluster\.local)?\b/g;

/** Every `<service>.<namespace>.svc[.cluster.local]` in a text. */
export function serviceReferences(
  text: string,
): { service: string; namespace: string }[] {
  return [...String(text).toLowerCase().matchAll(serviceDns)].map(m => ({
    service: m[1],
    namespace: m[3],
  }));
}

interface Container {
  env?: { name: string; value?: string }[];
  args?: string[];
  command?: string[];
}

/**
 * Finds references to other namespaces in what a namespace holds: container
 * environment values, arguments and commands of workloads, ConfigMap data,
 * and ExternalName services. References to the namespace itself are not
 * dependencies.
 */
export function detectDependencies(
  source: string,
  objects: {
    kind: string;
    metadata: { name: string };
    spec?: any;
    data?: Record<string, string>;
  }[],
): Dependency[] {
  const found = new Map<string, Dependency>();
  const add = (where: string, text: string) => {
    for (const ref of serviceReferences(text)) {
      if (ref.namespace === source) continue;
      const key = `${where}|${ref.service}.${ref.namespace}`;
      if (!found.has(key)) found.set(key, { from: source, where, ...ref });
    }
  };
  for (const object of objects) {
    const id = `${object.kind}/${object.metadata.name}`;
    if (
      ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(
        object.kind,
      )
    ) {
      const podSpec =
        object.kind === 'CronJob'
          ? object.spec?.jobTemplate?.spec?.template?.spec
          : object.spec?.template?.spec;
      const containers: Container[] = [
        ...(podSpec?.containers ?? []),
        ...(podSpec?.initContainers ?? []),
      ];
      for (const c of containers) {
        for (const e of c.env ?? [])
          if (e.value) add(`${id} env ${e.name}`, e.value);
        for (const a of [...(c.command ?? []), ...(c.args ?? [])])
          add(`${id} args`, a);
      }
    } else if (object.kind === 'ConfigMap') {
      for (const [k, v] of Object.entries(object.data ?? {}))
        add(`${id} ${k}`, v);
    } else if (
      object.kind === 'Service' &&
      object.spec?.type === 'ExternalName'
    ) {
      add(`${id} externalName`, object.spec.externalName ?? '');
    }
  }
  return [...found.values()];
}

/** `shared-redis.platform-infra`, the short form used in reports. */
export function dependencyName(
  d: Pick<Dependency, 'service' | 'namespace'>,
): string {
  return `${d.service}.${d.namespace}`;
}
