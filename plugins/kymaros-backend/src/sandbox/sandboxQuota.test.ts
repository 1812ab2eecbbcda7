import { resolveSandboxQuota } from './sandboxQuota';

const GI = 2 ** 30;
const MI = 2 ** 20;
const cap = { cpu: '16', memory: '64Gi', pods: 100, storage: '500Gi' };
const need = (cpu: number, memoryGi: number, pods = 10, storageGi = 0) => ({
  cpuMillis: cpu,
  memoryBytes: memoryGi * GI,
  pods,
  storageBytes: storageGi * GI,
});

describe('resolveSandboxQuota without auto', () => {
  it('keeps the quota as written when the workloads fit', () => {
    expect(
      resolveSandboxQuota({
        quota: { cpu: '4', memory: '8Gi', pods: 50 },
        requested: need(3500, 8),
        cap,
        source: 'shop',
      }),
    ).toEqual({ quota: { cpu: '4', memory: '8Gi', pods: 50 } });
  });

  it('names the namespace, the request, the quota and the field to raise when the workloads do not fit', () => {
    expect(
      resolveSandboxQuota({
        quota: { cpu: '4', memory: '8Gi', pods: 50 },
        requested: need(6000, 12),
        cap,
        source: 'shop',
      }),
    ).toEqual({
      quota: { cpu: '4', memory: '8Gi', pods: 50 },
      shortfall:
        'The workloads of namespace shop request 6 CPU and 12Gi memory in all, above the sandbox quota (cpu 4, memory 8Gi): raise spec.sandbox.resourceQuota (or set resourceQuota.auto: true) to at least cpu 6, memory 12Gi',
    });
  });

  it('reads odd quantities: 500m, 1.5Gi, 2e3', () => {
    const r = resolveSandboxQuota({
      quota: { cpu: '500m', memory: '1.5Gi', storage: '2e3' },
      requested: {
        cpuMillis: 501,
        memoryBytes: 1.5 * GI,
        pods: 3,
        storageBytes: 2001,
      },
      cap,
      source: 'shop',
    });
    expect(r.shortfall).toBe(
      'The workloads of namespace shop request 501m CPU and 2Ki storage in all, above the sandbox quota (cpu 500m, storage 2e3): raise spec.sandbox.resourceQuota (or set resourceQuota.auto: true) to at least cpu 501m, storage 2Ki',
    );
    expect(
      resolveSandboxQuota({
        quota: { cpu: '500m', memory: '1.5Gi', storage: '2e3' },
        requested: {
          cpuMillis: 500,
          memoryBytes: 1.5 * GI,
          pods: 3,
          storageBytes: 2000,
        },
        cap,
        source: 'shop',
      }).shortfall,
    ).toBeUndefined();
  });

  it('has no quota and no shortfall when none is set', () => {
    expect(
      resolveSandboxQuota({ requested: need(64000, 512), cap, source: 's' }),
    ).toEqual({});
    expect(
      resolveSandboxQuota({
        quota: { auto: false },
        requested: need(64000, 512),
        cap,
        source: 's',
      }),
    ).toEqual({});
  });

  it('checks only the dimensions the quota sets, and says one pod in the singular', () => {
    expect(
      resolveSandboxQuota({
        quota: { pods: 1 },
        requested: need(64000, 512, 2),
        cap,
        source: 'jobs',
      }).shortfall,
    ).toBe(
      'The workloads of namespace jobs request 2 pods in all, above the sandbox quota (pods 1): raise spec.sandbox.resourceQuota (or set resourceQuota.auto: true) to at least pods 2',
    );
  });
});

describe('resolveSandboxQuota with auto', () => {
  it('sizes each dimension from the need with headroom, rounded up to a readable quantity', () => {
    expect(
      resolveSandboxQuota({
        quota: { auto: true },
        requested: need(6000, 12, 20, 100),
        cap,
        source: 'shop',
      }),
    ).toEqual({
      quota: { cpu: '8', memory: '15Gi', pods: 25, storage: '125Gi' },
    });
    expect(
      resolveSandboxQuota({
        quota: { auto: true },
        requested: {
          cpuMillis: 250,
          memoryBytes: 300 * MI,
          pods: 3,
          storageBytes: 1.5 * GI,
        },
        cap,
        source: 'shop',
      }).quota,
    ).toEqual({ cpu: '500m', memory: '512Mi', pods: 5, storage: '2Gi' });
    expect(
      resolveSandboxQuota({
        quota: { auto: true },
        requested: {
          cpuMillis: 700,
          memoryBytes: 700 * MI,
          pods: 9,
          storageBytes: 0,
        },
        cap,
        source: 'shop',
      }).quota,
    ).toEqual({ cpu: '900m', memory: '896Mi', pods: 12, storage: '1Gi' });
  });

  it('gives a sandbox that requests nothing room for a few small pods', () => {
    expect(
      resolveSandboxQuota({
        quota: { auto: true },
        requested: need(0, 0, 0, 0),
        cap,
        source: 'empty',
      }),
    ).toEqual({
      quota: { cpu: '500m', memory: '512Mi', pods: 5, storage: '1Gi' },
    });
  });

  it('keeps what the test set as a floor, as written, and sizes the rest', () => {
    expect(
      resolveSandboxQuota({
        quota: { auto: true, cpu: '20', memory: '1.5Gi' },
        requested: need(6000, 12, 20, 100),
        cap,
        source: 'shop',
      }).quota,
    ).toEqual({ cpu: '20', memory: '15Gi', pods: 25, storage: '125Gi' });
  });

  it('caps the headroom and says when the need itself is above the cap', () => {
    expect(
      resolveSandboxQuota({
        quota: { auto: true },
        requested: need(15000, 60, 90, 450),
        cap,
        source: 'shop',
      }),
    ).toEqual({
      quota: { cpu: '16', memory: '64Gi', pods: 100, storage: '500Gi' },
    });
    expect(
      resolveSandboxQuota({
        quota: { auto: true },
        requested: need(20000, 80, 50),
        cap,
        source: 'shop',
      }),
    ).toEqual({
      quota: { cpu: '16', memory: '64Gi', pods: 63, storage: '1Gi' },
      shortfall:
        "The workloads of namespace shop request 20 CPU and 80Gi memory in all, above the automatic quota's cap (kymaros.sandbox.autoQuotaMax: cpu 16, memory 64Gi): raise kymaros.sandbox.autoQuotaMax (or set spec.sandbox.resourceQuota beside auto) to at least cpu 20, memory 80Gi",
    });
  });

  it('lets a floor the test wrote carry a need above the cap', () => {
    expect(
      resolveSandboxQuota({
        quota: { auto: true, cpu: '24' },
        requested: need(20000, 8),
        cap,
        source: 'shop',
      }),
    ).toEqual({
      quota: { cpu: '24', memory: '10Gi', pods: 13, storage: '1Gi' },
    });
  });
});
