import { lookup } from 'node:dns/promises';
import type {
  ClusterDetails,
  KubernetesClustersSupplier,
} from '@backstage/plugin-kubernetes-node';
import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';

/** The port `kubectl proxy` listens on by default. */
const KUBECTL_PROXY_PORT = 8001;

/**
 * `type: localKubectlProxy`: one cluster named `local` behind `kubectl
 * proxy` on this machine, reached without credentials (the proxy adds them).
 */
export class LocalKubectlProxySupplier implements KubernetesClustersSupplier {
  constructor(
    private readonly resolve: () => Promise<string> = resolveLocalhost,
  ) {}

  async getClusters(): Promise<ClusterDetails[]> {
    const address = await this.resolve();
    const host = address.includes(':') ? `[${address}]` : address;
    return [
      {
        name: 'local',
        url: `http://${host}:${KUBECTL_PROXY_PORT}`,
        authMetadata: {
          [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: 'localKubectlProxy',
        },
        skipMetricsLookup: true,
      },
    ];
  }
}

/** kubectl proxy listens on 127.0.0.1, so IPv4 comes first whatever the resolver's order. */
async function resolveLocalhost(): Promise<string> {
  const { address } = await lookup('localhost', { verbatim: false });
  return address;
}
