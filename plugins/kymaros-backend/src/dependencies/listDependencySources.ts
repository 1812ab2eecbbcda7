import * as k8s from '@kubernetes/client-node';
import type { detectDependencies } from './detectDependencies';

/** An object dependencies are looked for in. */
export type DependencySource = Parameters<typeof detectDependencies>[1][number];

/**
 * The objects of a namespace that can refer to another namespace: the
 * Deployments and StatefulSets (their containers), ConfigMaps and Services.
 */
export async function listDependencySources(
  kubeConfig: k8s.KubeConfig,
  namespace: string,
): Promise<DependencySource[]> {
  const apps = kubeConfig.makeApiClient(k8s.AppsV1Api);
  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  const objects = [
    ...(await apps.listNamespacedDeployment({ namespace })).items.map(item => ({
      ...item,
      kind: 'Deployment',
    })),
    ...(await apps.listNamespacedStatefulSet({ namespace })).items.map(
      item => ({ ...item, kind: 'StatefulSet' }),
    ),
    ...(await core.listNamespacedConfigMap({ namespace })).items.map(item => ({
      ...item,
      kind: 'ConfigMap',
    })),
    ...(await core.listNamespacedService({ namespace })).items.map(item => ({
      ...item,
      kind: 'Service',
    })),
  ];
  // Listed objects always carry their name.
  return objects as DependencySource[];
}
