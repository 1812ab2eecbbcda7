/*
 * The real test cluster as the engine's end-to-end suites reach it
 * (test/cluster/run.sh sets KYMAROS_CLUSTER_KUBECONFIG): API clients, the
 * engine configured only from the Kubernetes plugin's cluster locators, and
 * Velero backups. Each suite file gets its own module, so its own `rid`.
 */
import * as k8s from '@kubernetes/client-node';
import { ConfigReader } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { SANDBOX_LABELS } from '@kymaros/plugin-kymaros-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventually as eventuallyWithin } from '@kymaros/kube-simulator/src/contract/endpoint';
import { readKymarosConfig } from '../../config/readKymarosConfig';
import { createClusterRegistry } from '../../clusters/createClusterRegistry';
import { testEngine } from './testEngine';

const kubeconfigPath = process.env.KYMAROS_CLUSTER_KUBECONFIG;
if (!kubeconfigPath)
  throw new Error(
    'KYMAROS_CLUSTER_KUBECONFIG is not set: run this suite through test/cluster/run.sh',
  );

/** Where run.sh keeps the cluster's state, and the MinIO behind Velero's storage location. */
export const stateDir =
  process.env.KYMAROS_CLUSTER_STATE ?? '/tmp/kymaros-cluster';
export const minioUrl =
  process.env.KYMAROS_CLUSTER_MINIO_URL ?? 'http://127.0.0.1:19000';

/** A suffix unique to this suite file's run, for every name it creates. */
export const rid = Math.random().toString(36).slice(2, 7);
export const velero = {
  group: 'velero.io',
  version: 'v1',
  namespace: 'velero',
};

export const kc = new k8s.KubeConfig();
kc.loadFromFile(kubeconfigPath);
export const core = kc.makeApiClient(k8s.CoreV1Api);
export const apps = kc.makeApiClient(k8s.AppsV1Api);
export const custom = kc.makeApiClient(k8s.CustomObjectsApi);
export const apiext = kc.makeApiClient(k8s.ApiextensionsV1Api);
const rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
const admission = kc.makeApiClient(k8s.AdmissionregistrationV1Api);

/** Warnings and errors on stderr, the rest dropped. */
export const logger: LoggerService = {
  error: m => process.stderr.write(`error: ${m}\n`),
  warn: m => process.stderr.write(`warn: ${m}\n`),
  info: () => undefined,
  debug: () => undefined,
  child: () => logger,
};

/** Polls until `fn` returns a truthy value, by default for two minutes. */
export const eventually = <T>(
  what: string,
  fn: () => Promise<T | false | undefined>,
  timeoutMs = 120_000,
) => eventuallyWithin(fn, timeoutMs, what) as Promise<T>;

/** The API server's address and CA, as a cluster locator entry gives them. */
export const apiServer = {
  url: kc.getCurrentCluster()!.server,
  caData: kc.getCurrentCluster()!.caData,
};

/**
 * A ServiceAccount bound to cluster-admin in its own namespace, and a token
 * the API server issues for it: the identity a `serviceAccount` cluster of
 * the Kubernetes plugin is configured with.
 */
const identityNamespaces: string[] = [];
export async function serviceAccountToken(name: string): Promise<string> {
  const namespace = `identity-${name}-${rid}`;
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  identityNamespaces.push(namespace);
  await core.createNamespacedServiceAccount({
    namespace,
    body: { metadata: { name } },
  });
  await rbac.createClusterRoleBinding({
    body: {
      metadata: { name: `identity-${name}-${rid}` },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'cluster-admin',
      },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    },
  });
  const request = await core.createNamespacedServiceAccountToken({
    name,
    namespace,
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  return request.status!.token;
}

export async function removeServiceAccounts() {
  const bindings = await rbac.listClusterRoleBinding();
  for (const binding of bindings.items)
    if (binding.metadata!.name!.endsWith(`-${rid}`))
      await rbac.deleteClusterRoleBinding({ name: binding.metadata!.name! });
  for (const name of identityNamespaces.splice(0))
    await core.deleteNamespace({ name }).catch(() => undefined);
}

/** The engine's clusters from app-config, as the plugin builds them. */
export function clustersFrom(config: object) {
  const root = new ConfigReader(config);
  const kymaros = readKymarosConfig(root);
  return createClusterRegistry({
    config: root,
    clusters: kymaros.clusters,
    catalog: catalogServiceMock(),
    auth: mockServices.auth(),
    logger,
  }).then(clusters => ({ kymaros, clusters }));
}

/** The engine on the real cluster, known only from the Kubernetes plugin's configuration, as a service account. */
export async function realEngine(identity: string, kymaros: object) {
  const { kymaros: config, clusters } = await clustersFrom({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'real',
              ...apiServer,
              authProvider: 'serviceAccount',
              serviceAccountToken: await serviceAccountToken(identity),
            },
          ],
        },
      ],
    },
    kymaros,
  });
  const engine = await testEngine({
    config,
    logger,
    protectedNamespaces: ['kube-system', 'default', 'velero'],
    clusters,
  });
  return { config, engine };
}

export async function backup(name: string, namespaces: string[]) {
  await custom.createNamespacedCustomObject({
    ...velero,
    plural: 'backups',
    body: {
      apiVersion: 'velero.io/v1',
      kind: 'Backup',
      metadata: { name },
      spec: {
        includedNamespaces: namespaces,
        snapshotVolumes: false,
        ttl: '24h0m0s',
        storageLocation: 'default',
      },
    },
  });
  const done: any = await eventually(`backup ${name} finished`, async () => {
    const b: any = await custom.getNamespacedCustomObject({
      ...velero,
      plural: 'backups',
      name,
    });
    return (
      ['Completed', 'PartiallyFailed', 'Failed'].includes(b.status?.phase) && b
    );
  });
  expect(done.status.phase).toBe('Completed');
}

/**
 * A ValidatingAdmissionPolicy and its binding that refuse to create
 * ConfigMaps whose name starts with `namePrefix` in any namespace carrying
 * the sandbox label `kymaros.io/managed-by`, as a cluster's own policy may
 * refuse restored objects. Resolves once the API server enforces it (a
 * dry-run create in a labelled probe namespace is denied); returns what
 * removes the policy, the binding and the probe namespace.
 */
export async function denyConfigMapsInSandboxes(
  namePrefix: string,
  message: string,
): Promise<() => Promise<void>> {
  const name = `e2e-deny-${namePrefix.replace(/-+$/, '')}-${rid}`;
  const probe = `probe-${name}`;
  const remove = async () => {
    await admission
      .deleteValidatingAdmissionPolicyBinding({ name })
      .catch(() => undefined);
    await admission
      .deleteValidatingAdmissionPolicy({ name })
      .catch(() => undefined);
    await core.deleteNamespace({ name: probe }).catch(() => undefined);
  };
  try {
    await admission.createValidatingAdmissionPolicy({
      body: {
        metadata: { name },
        spec: {
          failurePolicy: 'Fail',
          matchConstraints: {
            resourceRules: [
              {
                apiGroups: [''],
                apiVersions: ['v1'],
                operations: ['CREATE'],
                resources: ['configmaps'],
              },
            ],
            namespaceSelector: {
              matchExpressions: [
                { key: SANDBOX_LABELS.managedBy, operator: 'Exists' },
              ],
            },
          },
          validations: [
            {
              expression: `!object.metadata.name.startsWith('${namePrefix}')`,
              message,
            },
          ],
        },
      },
    });
    await admission.createValidatingAdmissionPolicyBinding({
      body: {
        metadata: { name },
        spec: { policyName: name, validationActions: ['Deny'] },
      },
    });
    // Not one of the engine's sandboxes: the label's value is not the engine's.
    await core.createNamespace({
      body: {
        metadata: {
          name: probe,
          labels: { [SANDBOX_LABELS.managedBy]: 'probe' },
        },
      },
    });
    await eventually(`policy ${name} enforced`, () =>
      core
        .createNamespacedConfigMap({
          namespace: probe,
          dryRun: 'All',
          body: { metadata: { name: `${namePrefix}probe` } },
        })
        .then(
          () => false,
          e =>
            e instanceof k8s.ApiException && String(e.body).includes(message),
        ),
    );
  } catch (e) {
    await remove();
    throw e;
  }
  return remove;
}
