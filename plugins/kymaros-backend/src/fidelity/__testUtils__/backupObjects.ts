import type { BackupObject } from '@kymaros/plugin-kymaros-node';

const resources: Record<string, string> = {
  Deployment: 'deployments.apps',
  StatefulSet: 'statefulsets.apps',
  DaemonSet: 'daemonsets.apps',
  ReplicaSet: 'replicasets.apps',
  Job: 'jobs.batch',
  CronJob: 'cronjobs.batch',
  Pod: 'pods',
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  Service: 'services',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  PersistentVolume: 'persistentvolumes',
  Ingress: 'ingresses.networking.k8s.io',
  NetworkPolicy: 'networkpolicies.networking.k8s.io',
};

/** A backed-up object as a provider would hand it, `namespace/name` or a cluster-scoped name. */
export function backupObject(
  kind: string,
  ref: string,
  body: Record<string, any> = {},
): BackupObject {
  const resource = resources[kind];
  if (!resource) throw new Error(`no test resource for ${kind}`);
  const group = resource.includes('.')
    ? resource.slice(resource.indexOf('.') + 1)
    : '';
  const [namespace, name] = ref.includes('/')
    ? ref.split('/')
    : [undefined, ref];
  return {
    apiVersion: group ? `${group}/v1` : 'v1',
    kind,
    ...(namespace ? { namespace } : {}),
    name,
    resource,
    body: { metadata: { name, ...(namespace ? { namespace } : {}) }, ...body },
  };
}

/** A Deployment whose one container `web` has these env values, command and args. */
export function deployment(
  ref: string,
  container: {
    env?: Record<string, string>;
    command?: string[];
    args?: string[];
  },
  extra: Record<string, any> = {},
): BackupObject {
  return backupObject('Deployment', ref, {
    spec: {
      ...extra,
      template: {
        spec: {
          containers: [
            {
              name: 'web',
              ...(container.env
                ? {
                    env: Object.entries(container.env).map(([name, value]) => ({
                      name,
                      value,
                    })),
                  }
                : {}),
              ...(container.command ? { command: container.command } : {}),
              ...(container.args ? { args: container.args } : {}),
            },
          ],
        },
      },
    },
  });
}
