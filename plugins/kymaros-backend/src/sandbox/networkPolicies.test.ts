import { POLICY_NAMES, sandboxNetworkPolicies } from './networkPolicies';

const labels = { 'kymaros.io/managed-by': 'kymaros-backstage' };

const egress = [
  {
    name: 'payments-db',
    cidr: '10.20.0.0/16',
    except: ['10.20.5.0/24'],
    ports: [{ port: 5432 }],
  },
  {
    namespace: 'shared-cache',
    ports: [{ port: 53, protocol: 'UDP' as const }],
  },
  { namespaceSelector: { team: 'platform', tier: 'auth' } },
  { cidr: 'fd00:10::/64' },
];

/** The one policy the declared dependencies add, exactly. */
const allowEgress = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'kymaros-allow-egress', labels },
  spec: {
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [
      {
        to: [{ ipBlock: { cidr: '10.20.0.0/16', except: ['10.20.5.0/24'] } }],
        ports: [{ protocol: 'TCP', port: 5432 }],
      },
      {
        to: [
          {
            namespaceSelector: {
              matchLabels: { 'kubernetes.io/metadata.name': 'shared-cache' },
            },
          },
        ],
        ports: [{ protocol: 'UDP', port: 53 }],
      },
      {
        to: [
          {
            namespaceSelector: {
              matchLabels: { team: 'platform', tier: 'auth' },
            },
          },
        ],
      },
      { to: [{ ipBlock: { cidr: 'fd00:10::/64' } }] },
    ],
  },
};

const names = (policies: object[]) =>
  policies.map(p => (p as { metadata: { name: string } }).metadata.name);

describe('sandboxNetworkPolicies', () => {
  it('adds no egress policy when the test declares no dependency', () => {
    for (const rules of [undefined, []])
      expect(
        names(
          sandboxNetworkPolicies({
            isolation: 'strict',
            group: 'r1',
            labels,
            egress: rules,
          }),
        ),
      ).toEqual([
        POLICY_NAMES.denyAll,
        POLICY_NAMES.allowSandbox,
        POLICY_NAMES.allowDns,
      ]);
  });

  it.each(['strict', 'group'] as const)(
    'opens exactly the declared dependencies, outbound only, under %s isolation',
    isolation => {
      const policies = sandboxNetworkPolicies({
        isolation,
        group: 'r1',
        labels,
        egress,
      });
      expect(names(policies)).toEqual([
        POLICY_NAMES.denyAll,
        POLICY_NAMES.allowSandbox,
        POLICY_NAMES.allowDns,
        ...(isolation === 'group' ? [POLICY_NAMES.allowGroup] : []),
        POLICY_NAMES.allowEgress,
      ]);
      expect(policies[policies.length - 1]).toEqual(allowEgress);
      // Deny-all still sets the baseline: the egress policy adds no ingress.
      expect(policies[0]).toEqual({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'kymaros-deny-all', labels },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      });
    },
  );

  it('refuses a rule that names nothing rather than select every namespace', () => {
    expect(() =>
      sandboxNetworkPolicies({
        isolation: 'strict',
        group: 'r1',
        labels,
        egress: [{ name: 'oops', namespaceSelector: {} }],
      }),
    ).toThrow('egress rule oops names no cidr, namespace or namespaceSelector');
  });
});
