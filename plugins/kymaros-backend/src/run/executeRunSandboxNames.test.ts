import type { RestoreTestSpec } from '@kymaros/plugin-kymaros-common';
import { executeRun, setup, target } from './__testUtils__/simulatedRun';

jest.setTimeout(60_000);

function withSandboxName(sandboxName: string) {
  const spec: RestoreTestSpec = {
    ...target.spec,
    backupSource: {
      ...target.spec.backupSource,
      namespaces: [{ name: 'shop', sandboxName }],
    },
  };
  return { ...target, spec };
}

/** A production namespace with a ConfigMap, and one stuck terminating. */
const production = [
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'billing', labels: { team: 'payments' } },
  },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'ledger', namespace: 'billing' },
    data: { a: '1' },
  },
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: 'shop-check',
      annotations: { 'sim.kymaros.io/terminate': 'never' },
    },
  },
];

describe('a requested sandbox name (namespaces[].sandboxName)', () => {
  it('is the name of the sandbox the backup is restored into, and is removed afterwards', async () => {
    const { t, deps, leftovers, store } = await setup({}, 'rnamed');
    try {
      const { status, incomplete } = await executeRun(
        withSandboxName('shop-restore-check'),
        'rnamed',
        deps,
        AbortSignal.timeout(30_000),
      );
      expect(incomplete).toBe(false);
      expect(status.sandboxes).toEqual([
        { source: 'shop', sandbox: 'shop-restore-check' },
      ]);
      expect(status.validationLevels.restoreIntegrity.status).toBe('pass');
      expect(status.completeness.configMaps).toMatch(/^1\/1/);
      expect(await leftovers()).toEqual({ sandboxes: [], restores: [] });
      expect(await store.listObjects()).toEqual([]);
    } finally {
      await t.sim.stop();
    }
  });

  async function refused(sandboxName: string, runId: string) {
    const { t, deps, leftovers, store } = await setup({}, runId, production);
    try {
      await t.core.deleteNamespace({ name: 'shop-check' });
      const { status } = await executeRun(
        withSandboxName(sandboxName),
        runId,
        deps,
        AbortSignal.timeout(30_000),
      );
      const billing = await t.core.readNamespace({ name: 'billing' });
      const ledger = await t.core.readNamespacedConfigMap({
        namespace: 'billing',
        name: 'ledger',
      });
      return {
        status,
        leftovers: await leftovers(),
        recorded: await store.listObjects(),
        billing,
        ledger,
      };
    } finally {
      await t.sim.stop();
    }
  }

  it('never adopts or touches an existing namespace: the run ends as an error', async () => {
    const { status, leftovers, recorded, billing, ledger } = await refused(
      'billing',
      'rtaken',
    );
    expect(status.result).toBe('error');
    expect(status.detail).toBe(
      'sandboxName "billing" (for namespace "shop") cannot be used: namespace "billing" already exists, and a run restores only into namespaces it creates; choose a name no namespace has, or leave sandboxName out for a generated one',
    );
    expect(status.sandboxes).toEqual([]);
    expect(leftovers).toEqual({ sandboxes: [], restores: [] });
    expect(recorded).toEqual([]);
    expect(billing.metadata!.deletionTimestamp).toBeUndefined();
    expect(billing.metadata!.labels).toMatchObject({ team: 'payments' });
    expect(
      Object.keys(billing.metadata!.labels!).filter(k =>
        k.startsWith('kymaros.io/'),
      ),
    ).toEqual([]);
    expect(ledger.data).toEqual({ a: '1' });
  });

  it('says so when the name is held by a namespace still terminating', async () => {
    const { status, recorded } = await refused('shop-check', 'rterminating');
    expect(status.result).toBe('error');
    expect(status.detail).toMatch(
      /^sandboxName "shop-check" \(for namespace "shop"\) cannot be used: namespace "shop-check" still exists/,
    );
    expect(recorded).toEqual([]);
  });

  it.each([
    [
      'kube-system',
      'sandboxName "kube-system" (for namespace "shop") is a protected namespace (system or backup tool)',
    ],
    [
      'shop',
      'sandboxName "shop" (for namespace "shop") is one of the test\'s source namespaces; a sandbox is never a source',
    ],
    [
      'Shop_Sandbox',
      'sandboxName "Shop_Sandbox" (for namespace "shop") is not a valid namespace name (lower-case letters, digits and dashes, at most 63 characters)',
    ],
  ])('refuses %s before creating anything', async (sandboxName, problem) => {
    const { status, leftovers, recorded } = await refused(
      sandboxName,
      'rhostile',
    );
    expect(status.result).toBe('error');
    expect(status.detail).toBe(problem);
    expect(status.sandboxes).toEqual([]);
    expect(leftovers).toEqual({ sandboxes: [], restores: [] });
    expect(recorded).toEqual([]);
  });
});
