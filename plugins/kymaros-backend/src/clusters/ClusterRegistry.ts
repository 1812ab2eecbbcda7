import { readFileSync } from 'node:fs';
import * as k8s from '@kubernetes/client-node';
import { InputError, NotFoundError } from '@backstage/errors';
import type { ClusterConfig } from '../config/readKymarosConfig';
import { describeError } from '../util/errors';
import { clusterNames, IN_CLUSTER } from './defaultCluster';

/**
 * Credentials of the clusters restores run in: configured URL + token, a
 * kubeconfig file (read again at every run, so rotated credentials apply),
 * or the in-cluster service account when nothing is configured.
 */
export class ClusterRegistry {
  constructor(private readonly clusters: ClusterConfig[]) {}

  names(): string[] {
    return clusterNames(this.clusters);
  }

  get(name: string): ClusterConfig {
    if (this.clusters.length === 0 && name === IN_CLUSTER) return { name };
    const cluster = this.clusters.find(candidate => candidate.name === name);
    if (!cluster)
      throw new NotFoundError(
        `Unknown cluster "${name}" (configured: ${this.names().join(', ')})`,
      );
    return cluster;
  }

  kubeConfig(name: string): k8s.KubeConfig {
    const cluster = this.get(name);
    const kubeConfig = new k8s.KubeConfig();
    if (cluster.kubeconfigPath) {
      try {
        kubeConfig.loadFromString(readFileSync(cluster.kubeconfigPath, 'utf8'));
      } catch (e) {
        throw new InputError(
          `Cluster "${name}": cannot read kubeconfig ${
            cluster.kubeconfigPath
          }: ${describeError(e)}`,
        );
      }
      return kubeConfig;
    }
    if (!cluster.url) {
      kubeConfig.loadFromCluster();
      return kubeConfig;
    }
    kubeConfig.loadFromOptions({
      clusters: [
        {
          name,
          server: cluster.url,
          caData: cluster.caData,
          skipTLSVerify: cluster.skipTLSVerify ?? false,
        },
      ],
      users: [{ name, token: cluster.serviceAccountToken }],
      contexts: [{ name, cluster: name, user: name }],
      currentContext: name,
    });
    return kubeConfig;
  }
}
