import { isEligible } from './snapshots';

const snapshot = (kind: string, phase = 'Succeeded', integrity?: boolean) => ({
  apiVersion: 'storage.kubestash.com/v1alpha1',
  kind: 'Snapshot',
  metadata: { name: 's', namespace: 'ledger' },
  spec: { appRef: { kind, name: 'ledger', namespace: 'ledger' } },
  status: { phase, ...(integrity === undefined ? {} : { integrity }) },
});

describe('which KubeStash Snapshots a run may restore', () => {
  it("takes a whole namespace's finished Snapshot", () => {
    expect(isEligible(snapshot('Namespace') as any)).toBe(true);
  });

  it("never a database's own Snapshot, one that failed, or one whose integrity check failed", () => {
    expect(isEligible(snapshot('Postgres') as any)).toBe(false);
    expect(isEligible(snapshot('Namespace', 'Failed') as any)).toBe(false);
    expect(isEligible(snapshot('Namespace', 'Succeeded', false) as any)).toBe(
      false,
    );
  });
});
