import type { StoredTest, TestRecord } from '../../store/KymarosStore';
import { testRecord } from '../../store/__testUtils__/fixtures';

/** A stored test of `component:default/<name>` restoring these namespaces in cluster `sim`. */
export function storedTest(
  name: string,
  namespaces: string[],
  extra: {
    maxRPO?: string;
    provider?: string;
    cluster?: string;
    record?: Partial<TestRecord>;
  } = {},
): StoredTest {
  const base = testRecord(`component:default/${name}`, name, {
    cluster: extra.cluster ?? 'sim',
  });
  return {
    ...base,
    spec: {
      ...base.spec!,
      backupSource: {
        provider: extra.provider ?? 'velero',
        backupName: 'latest',
        namespaces: namespaces.map(n => ({ name: n })),
      },
      ...(extra.maxRPO ? { sla: { maxRPO: extra.maxRPO } } : {}),
    },
    ...extra.record,
    state: { phase: 'Idle' },
    createdAt: '2026-11-22T00:00:00Z',
    updatedAt: '2026-11-22T00:00:00Z',
  };
}

const configMap = (namespace: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cfg', namespace },
  data: { a: '1' },
});

export const schedule = (name: string, namespaces: string[]) => ({
  apiVersion: 'velero.io/v1',
  kind: 'Schedule',
  metadata: { name, namespace: 'velero' },
  spec: { schedule: '0 2 * * *', template: { includedNamespaces: namespaces } },
});

/** A simulated cluster: shop backed up daily, shop-db's last backup failed, lonely has nothing. */
export const coverageScenario = {
  objects: [
    configMap('shop'),
    configMap('shop-db'),
    configMap('lonely'),
    schedule('shop-daily', ['shop']),
    schedule('shop-db-nightly', ['shop-db']),
  ],
  backups: [
    {
      name: 'shop-daily-1',
      includedNamespaces: ['shop'],
      labels: { 'velero.io/schedule-name': 'shop-daily' },
      age: '3h',
    },
    {
      name: 'shop-db-nightly-1',
      includedNamespaces: ['shop-db'],
      labels: { 'velero.io/schedule-name': 'shop-db-nightly' },
      age: '26h',
    },
    {
      name: 'shop-db-nightly-2',
      includedNamespaces: ['shop-db'],
      labels: { 'velero.io/schedule-name': 'shop-db-nightly' },
      age: '2h',
      phase: 'Failed' as const,
      annotations: {
        'sim.kymaros.io/backup-failure-reason': 'volume snapshot timed out',
      },
    },
  ],
};
