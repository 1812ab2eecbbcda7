import { ConfigReader } from '@backstage/config';
import { readKymarosConfig } from './readKymarosConfig';

const read = (sandbox: object) =>
  readKymarosConfig(new ConfigReader({ kymaros: { sandbox } })).sandbox;

describe('kymaros.sandbox egress, runJobs and autoQuotaMax', () => {
  it('opens nothing, runs no Job and caps automatic quotas by default', () => {
    const sandbox = read({});
    expect(sandbox.egress).toEqual([]);
    expect(sandbox.runJobs).toBe(false);
    expect(sandbox.autoQuotaMax).toEqual({
      cpu: '16',
      memory: '64Gi',
      pods: 100,
      storage: '500Gi',
    });
  });

  it('takes each setting field by field over the defaults', () => {
    const sandbox = read({
      egress: [{ name: 'ldap', cidr: '10.9.0.0/24', ports: [{ port: 636 }] }],
      runJobs: true,
      autoQuotaMax: { cpu: '32', pods: 250 },
      resourceQuota: { auto: true, memory: '2Gi' },
    });
    expect(sandbox.egress).toEqual([
      { name: 'ldap', cidr: '10.9.0.0/24', ports: [{ port: 636 }] },
    ]);
    expect(sandbox.runJobs).toBe(true);
    expect(sandbox.autoQuotaMax).toEqual({
      cpu: '32',
      memory: '64Gi',
      pods: 250,
      storage: '500Gi',
    });
    expect(sandbox.resourceQuota).toMatchObject({ auto: true, memory: '2Gi' });
  });

  it.each([
    [
      { autoQuotaMax: { memory: '64 GB' } },
      'kymaros.sandbox.autoQuotaMax.memory: must be a Kubernetes quantity such as 500m, 4 or 8Gi, got "64 GB"',
    ],
    [
      { autoQuotaMax: { pods: 0 } },
      'kymaros.sandbox.autoQuotaMax.pods: must be a whole number ≥ 1',
    ],
    [
      { egress: [{ cidr: '::/0' }] },
      "kymaros.sandbox.egress.0.cidr: ::/0 spans more than a /16, which would open the sandbox to a wide part of the network, production included, whatever except lists: name the dependency's own range, a /16 or narrower such as fd00:10::/64",
    ],
    [
      { egress: { cidr: '10.0.0.0/8' } },
      'kymaros.sandbox.egress: Expected array, received object',
    ],
  ])(
    'stops start-up on a bad value, naming its key: %j',
    (sandbox, message) => {
      expect(() => read(sandbox)).toThrow(message);
    },
  );
});
