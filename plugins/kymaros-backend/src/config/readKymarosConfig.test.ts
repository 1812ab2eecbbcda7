import { ConfigReader } from '@backstage/config';
import { readKymarosConfig } from './readKymarosConfig';

const read = (kymaros: object) =>
  readKymarosConfig(new ConfigReader({ kymaros }));

describe('readKymarosConfig sandbox defaults', () => {
  it('takes quotas and limit ranges written as Kubernetes quantities, with defaults', () => {
    const config = read({
      sandbox: {
        resourceQuota: { cpu: '2', memory: '4Gi' },
        limitRange: { defaultCpu: '250m' },
      },
    });
    expect(config.sandbox.resourceQuota).toEqual({
      cpu: '2',
      memory: '4Gi',
      storage: undefined,
      pods: undefined,
    });
    expect(config.sandbox.limitRange).toEqual({
      defaultCpu: '250m',
      defaultMemory: '512Mi',
      defaultRequestCpu: '100m',
      defaultRequestMemory: '128Mi',
    });
  });

  it.each([
    [
      { resourceQuota: { memory: '4 GB' } },
      'kymaros.sandbox.resourceQuota.memory: must be a Kubernetes quantity such as 500m, 4 or 8Gi, got "4 GB"',
    ],
    [
      { limitRange: { defaultRequestCpu: 'half' } },
      'kymaros.sandbox.limitRange.defaultRequestCpu: must be a Kubernetes quantity such as 500m, 4 or 8Gi, got "half"',
    ],
  ])(
    'stops start-up on a quantity every sandbox would be refused, naming its key: %j',
    (sandbox, message) => {
      expect(() => read({ sandbox })).toThrow(message);
    },
  );
});

describe('readKymarosConfig maxRPO', () => {
  it('has no backup-age target unless one is configured', () => {
    expect(read({}).maxRPO).toBeUndefined();
    expect(read({ maxRPO: '26h' }).maxRPO).toBe('26h');
  });

  it('stops start-up on a maxRPO that is not a duration, naming the key and what was written', () => {
    expect(() => read({ maxRPO: 'daily' })).toThrow(
      'kymaros.maxRPO: invalid duration "daily" (use e.g. 30s, 5m, 2h)',
    );
  });
});
