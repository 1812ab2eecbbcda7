import { InputError } from '@backstage/errors';
import type {
  NetworkIsolation,
  SandboxEgressRule,
} from '@kymaros/plugin-kymaros-common';
import { SANDBOX_LABELS } from '@kymaros/plugin-kymaros-common';

/** Policy names are fixed so cleanup and the UI can find them. */
export const POLICY_NAMES = {
  denyAll: 'kymaros-deny-all',
  allowSandbox: 'kymaros-allow-sandbox',
  allowDns: 'kymaros-allow-dns',
  allowGroup: 'kymaros-allow-group',
  allowEgress: 'kymaros-allow-egress',
} as const;

interface PolicyOptions {
  isolation: NetworkIsolation;
  /** Value of `kymaros.io/group` shared by the sandboxes of one run. */
  group: string;
  labels: Record<string, string>;
  /** The test's declared external dependencies; none leaves only DNS and the sandbox (and group). */
  egress?: SandboxEgressRule[];
}

/**
 * Whom a declared dependency lets the sandbox reach. An empty selector
 * would match every namespace, so a rule that names nothing is refused
 * here too, not only where definitions are read.
 */
function egressPeer(rule: SandboxEgressRule): object {
  if (rule.cidr)
    return {
      ipBlock: {
        cidr: rule.cidr,
        ...(rule.except?.length ? { except: rule.except } : {}),
      },
    };
  if (rule.namespace)
    return {
      namespaceSelector: {
        matchLabels: { 'kubernetes.io/metadata.name': rule.namespace },
      },
    };
  if (rule.namespaceSelector && Object.keys(rule.namespaceSelector).length)
    return { namespaceSelector: { matchLabels: rule.namespaceSelector } };
  throw new InputError(
    `egress rule ${
      rule.name ?? '(unnamed)'
    } names no cidr, namespace or namespaceSelector`,
  );
}

/** One NetworkPolicy egress rule for a declared dependency; without ports, every port. */
function egressRule(rule: SandboxEgressRule): object {
  const ports = rule.ports?.map(p => ({
    protocol: p.protocol ?? 'TCP',
    port: p.port,
  }));
  return { to: [egressPeer(rule)], ...(ports?.length ? { ports } : {}) };
}

/**
 * NetworkPolicies for a sandbox. Policies are additive: deny-all sets the
 * baseline, then traffic between pods of the sandbox and DNS to kube-dns are
 * allowed (a restored app must reach its own database and resolve names);
 * `group` also allows the other sandboxes of the same run. Declared egress
 * rules open only the dependencies they name, outbound only: nothing
 * outside may connect in.
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
  if (opts.egress?.length)
    policies.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(POLICY_NAMES.allowEgress),
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: opts.egress.map(egressRule),
      },
    });
  return policies;
}
