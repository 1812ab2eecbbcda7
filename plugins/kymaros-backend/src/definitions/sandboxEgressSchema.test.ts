import { formatZodError } from './restoreTestSchema';
import { MAX_EGRESS_RULES, sandboxEgressSchema } from './sandboxEgressSchema';

/** The errors a list gets, as a file's reader shows them. */
const problems = (rules: unknown) => {
  const parsed = sandboxEgressSchema.safeParse(rules);
  return parsed.success
    ? undefined
    : formatZodError(parsed.error, 'spec.sandbox.egress');
};

describe('sandboxEgressSchema', () => {
  it('takes CIDRs with except, namespaces and selectors, with ports', () => {
    const rules = [
      {
        name: 'payments-db',
        cidr: '10.20.0.0/16',
        except: ['10.20.5.0/24'],
        ports: [{ port: 5432, protocol: 'TCP' }],
      },
      { cidr: 'fd00:10::/64' },
      { namespace: 'shared-cache', ports: [{ port: 6379 }] },
      {
        namespaceSelector: {
          'app.kubernetes.io/part-of': 'auth',
          tier: '',
        },
      },
      { cidr: '10.0.0.0/8', except: ['10.20.0.0/16'] },
      { cidr: '2001::/16' },
      { cidr: '::ffff:10.20.0.0/112' },
    ];
    expect(sandboxEgressSchema.parse(rules)).toEqual(rules);
  });

  it.each([
    [
      [{ cidr: '0.0.0.0/0' }],
      "spec.sandbox.egress.0.cidr: 0.0.0.0/0 spans more than a /8, which would open the sandbox to a wide part of the network, production included, whatever except lists: name the dependency's own range, a /8 or narrower such as 10.20.0.0/16",
    ],
    [
      [{ cidr: '::/0', ports: [{ port: 443 }] }],
      "spec.sandbox.egress.0.cidr: ::/0 spans more than a /16, which would open the sandbox to a wide part of the network, production included, whatever except lists: name the dependency's own range, a /16 or narrower such as fd00:10::/64",
    ],
    [
      [{ cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '169.254.0.0/16'] }],
      "spec.sandbox.egress.0.cidr: 0.0.0.0/0 spans more than a /8, which would open the sandbox to a wide part of the network, production included, whatever except lists: name the dependency's own range, a /8 or narrower such as 10.20.0.0/16",
    ],
    [
      [{ cidr: '0.0.0.0/0', except: ['10.1.2.3/32'] }],
      "spec.sandbox.egress.0.cidr: 0.0.0.0/0 spans more than a /8, which would open the sandbox to a wide part of the network, production included, whatever except lists: name the dependency's own range, a /8 or narrower such as 10.20.0.0/16",
    ],
    [
      [{ cidr: '0.0.0.0/1' }, { cidr: '128.0.0.0/1' }],
      "spec.sandbox.egress.0.cidr: 0.0.0.0/1 spans more than a /8, which would open the sandbox to a wide part of the network, production included, whatever except lists: name the dependency's own range, a /8 or narrower such as 10.20.0.0/16; spec.sandbox.egress.1.cidr: 128.0.0.0/1 spans more than a /8, which would open the sandbox to a wide part of the network, production included, whatever except lists: name the dependency's own range, a /8 or narrower such as 10.20.0.0/16",
    ],
    [
      [{ cidr: '2000::/3', except: ['2001:db8::/32'] }],
      "spec.sandbox.egress.0.cidr: 2000::/3 spans more than a /16, which would open the sandbox to a wide part of the network, production included, whatever except lists: name the dependency's own range, a /16 or narrower such as fd00:10::/64",
    ],
    [
      [{ cidr: '::ffff:0:0/96' }],
      "spec.sandbox.egress.0.cidr: ::ffff:0:0/96 is the IPv4-mapped form of 0.0.0.0/0, which spans more than a /8 of IPv4: name the dependency's own IPv4 range, a /8 or narrower such as 10.20.0.0/16",
    ],
    [
      [{ cidr: '::ffff:128.0.0.0/97' }],
      "spec.sandbox.egress.0.cidr: ::ffff:128.0.0.0/97 is the IPv4-mapped form of 128.0.0.0/1, which spans more than a /8 of IPv4: name the dependency's own IPv4 range, a /8 or narrower such as 10.20.0.0/16",
    ],
    [
      [{ cidr: '64:ff9b::/96' }],
      "spec.sandbox.egress.0.cidr: 64:ff9b::/96 is the NAT64 form of 0.0.0.0/0, which spans more than a /8 of IPv4: name the dependency's own IPv4 range, a /8 or narrower such as 10.20.0.0/16",
    ],
    [
      [{ cidr: '::/64' }],
      "spec.sandbox.egress.0.cidr: ::/64 holds ::ffff:0:0/96, the IPv4-mapped form of every IPv4 address: name the dependency's own IPv6 range outside it, or its IPv4 range in a rule of its own",
    ],
    [
      [{ cidr: 'fe80::1%eth0/64' }],
      'spec.sandbox.egress.0.cidr: must be an IPv4 or IPv6 CIDR such as 10.20.0.0/16 or fd00::/64',
    ],
    [
      [{ cidr: '10.20.0.0/40' }],
      'spec.sandbox.egress.0.cidr: must be an IPv4 or IPv6 CIDR such as 10.20.0.0/16 or fd00::/64',
    ],
    [
      [{ cidr: '10.20.3.4/16', except: ['fd00:10::1/64'] }],
      'spec.sandbox.egress.0.cidr: 10.20.3.4/16 has host bits set, which the API server may refuse: write 10.20.0.0/16; spec.sandbox.egress.0.except.0: fd00:10::1/64 has host bits set, which the API server may refuse: write fd00:10:0:0:0:0:0:0/64; spec.sandbox.egress.0.except.0: fd00:10::1/64 is not strictly inside 10.20.3.4/16',
    ],
    [
      [{ cidr: '10.20.0.0/16', except: ['10.30.0.0/24', 'fd00::/8'] }],
      'spec.sandbox.egress.0.except.0: 10.30.0.0/24 is not strictly inside 10.20.0.0/16; spec.sandbox.egress.0.except.1: fd00::/8 is not strictly inside 10.20.0.0/16',
    ],
    [
      [{ namespace: 'shop', except: ['10.0.0.0/8'] }],
      'spec.sandbox.egress.0.except: is only taken beside cidr',
    ],
    [
      [{ cidr: '10.0.0.0/8', namespace: 'shop' }],
      'spec.sandbox.egress.0: sets cidr and namespace: a rule names exactly one of cidr, namespace and namespaceSelector',
    ],
    [
      [{ name: 'db', ports: [{ port: 5432 }] }],
      'spec.sandbox.egress.0: names no target: set exactly one of cidr, namespace and namespaceSelector',
    ],
    [
      [{ namespace: 'Shop_Prod' }],
      'spec.sandbox.egress.0.namespace: must be a namespace name (lower-case letters, digits and dashes)',
    ],
    [
      [{ namespaceSelector: {} }],
      'spec.sandbox.egress.0.namespaceSelector: must name at least one label: an empty selector matches every namespace',
    ],
    [
      [{ namespaceSelector: { 'team/': 'x', tier: 'a b' } }],
      'spec.sandbox.egress.0.namespaceSelector.team/: must be a label key: an optional DNS prefix and /, then at most 63 letters, digits, -, _ or .; spec.sandbox.egress.0.namespaceSelector.tier: must be a label value: at most 63 letters, digits, -, _ or ., starting and ending with a letter or digit',
    ],
    [
      [
        {
          namespace: 'shop',
          ports: [{ port: 0 }, { port: 70000, protocol: 'SCTP' }],
        },
      ],
      'spec.sandbox.egress.0.ports.0.port: must be a port number from 1 to 65535; spec.sandbox.egress.0.ports.1.port: must be a port number from 1 to 65535; spec.sandbox.egress.0.ports.1.protocol: must be one of TCP, UDP',
    ],
    [
      [
        { name: 'db', namespace: 'a' },
        { name: 'db', namespace: 'b' },
      ],
      'spec.sandbox.egress.1.name: db names two rules',
    ],
    [
      [{ name: 'Payments DB', namespace: 'a' }],
      'spec.sandbox.egress.0.name: must be a name (lower-case letters, digits and dashes)',
    ],
    [
      [{ namespace: 'a', port: 5432 }],
      "spec.sandbox.egress.0: Unrecognized key(s) in object: 'port'",
    ],
  ])('refuses %j, naming the field', (rules, message) => {
    expect(problems(rules)).toBe(message);
  });

  it(`takes at most ${MAX_EGRESS_RULES} rules`, () => {
    const rules = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ cidr: `10.${i}.0.0/16` }));
    expect(problems(rules(MAX_EGRESS_RULES))).toBeUndefined();
    expect(problems(rules(MAX_EGRESS_RULES + 1))).toBe(
      `spec.sandbox.egress: must list at most ${MAX_EGRESS_RULES} rules: each opens the sandbox a little more`,
    );
  });
});
