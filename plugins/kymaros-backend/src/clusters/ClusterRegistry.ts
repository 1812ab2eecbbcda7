import { readFileSync } from 'node:fs';
import * as k8s from '@kubernetes/client-node';
import { InputError, NotFoundError } from '@backstage/errors';
import type { ClusterConfig } from '../config/readKymarosConfig';

/**
 * Credentials of the clusters restores run in: configured URL + token, a
 * kubeconfig file (read again at every run, so rotated credentials apply),
 * or the in-cluster service account when nothing is configured.
 */
export class ClusterRegistry {
  constructor(private readonly clusters: ClusterConfig[]) {}

  names(): string[] {
    return this.clusters.length
      ? this.clusters.map(c => c.name)
      : ['in-cluster'];
  }

  get(name: string): ClusterConfig {
    if (this.clusters.length === 0 && name === 'in-cluster')
      return { name, veleroNamespace: 'velero' };
    const c = this.clusters.find(x => x.name === name);
    if (!c)
      throw new NotFoundError(
        `Unknown cluster "${name}" (configured: ${this.names().join(', ')})`,
      );
    return c;
  }

  kubeConfig(name: string): k8s.KubeConfig {
    const c = this.get(name);
    const kc = new k8s.KubeConfig();
    if (c.kubeconfigPath) {
      try {
        kc.loadFromString(readFileSync(c.kubeconfigPath, 'utf8'));
      } catch (e) {
        throw new InputError(
          `Cluster "${name}": cannot read kubeconfig ${c.kubeconfigPath}: ${
            (e as Error).message
          }`,
        );
      }
      return kc;
    }
    if (!c.url) {
      kc.loadFromCluster();
      return kc;
    }
    kc.loadFromOptions({
      clusters: [
        {
          name: c.name,
          server: c.url,
          caData: c.caData,
          skipTLSVerify: c.skipTLSVerify ?? false,
        },
      ],
      users: [{ name: c.name, token: c.serviceAccountToken }],
      contexts: [{ name: c.name, cluster: c.name, user: c.name }],
      currentContext: c.name,
    });
    return kc;
  }
}
