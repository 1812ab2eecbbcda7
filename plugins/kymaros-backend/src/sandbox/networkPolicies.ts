import type { NetworkIsolation } from '@kymaros/plugin-kymaros-common';
import { SANDBOX_LABELS } from '@kymaros/plugin-kymaros-common';

/** Policy names are fixed so cleanup and the UI can find them. */
export const POLICY_NAMES = {
  denyAll: 'kymaros-deny-all',
  allowSandbox: 'kymaros-allow-sandbox',
  allowDns: 'kymaros-allow-dns',
  allowGroup: 'kymaros-allow-group',
} as const;

interface PolicyOptions {
  isolation: NetworkIsolation;
  /** Value of `kymaros.io/group` shared by the sandboxes of one run. */
  group: string;
  labels: Record<string, string>;
}

/**
 * NetworkPolicies for a sandbox. Policies are additive: deny-all sets the
 * baseline, then traffic between pods of the sandbox and DNS to kube-dns are
 * allowed (a restored app must reach its own database and resolve names);
 * `group` also allows the other sandboxes of the same run.
 */
export function sandboxNetworkPolicies(opts: PolicyOptions): object[] {
  const meta = (name: string) => ({ name, labels: opts.labels });
  const sameNamespace = { podSelector: {} };
  const policies: object[] = [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(POLICY_NAMES.denyAll),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(POLICY_NAMES.allowSandbox),
      spec: {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [sameNamespace] }],
        egress: [{ to: [sameNamespace] }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(POLICY_NAMES.allowDns),
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: {
                  matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
                },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
        ],
      },
    },
  ];
  if (opts.isolation === 'group') {
    const group = {
      namespaceSelector: {
        matchLabels: { [SANDBOX_LABELS.group]: opts.group },
      },
    };
    policies.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(POLICY_NAMES.allowGroup),
      spec: {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [group] }],
        egress: [{ to: [group] }],
      },
    });
  }
  return policies;
}
