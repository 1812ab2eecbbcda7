import type { KubeObject } from '../store/types';
import { completedRestoreSpec } from './restoreSpecDefaults';

const nonRestorable = [
  'nodes',
  'events',
  'events.events.k8s.io',
  'backups.velero.io',
  'restores.velero.io',
  'resticrepositories.velero.io',
  'csinodes.storage.k8s.io',
  'volumeattachments.storage.k8s.io',
  'backuprepositories.velero.io',
];

describe('completedRestoreSpec', () => {
  it('appends the non-restorable resources after the requested ones, once each', () => {
    const spec = completedRestoreSpec({
      backupName: 'b',
      excludedResources: ['persistentvolumes', 'events'],
    });
    expect(spec).toEqual({
      backupName: 'b',
      excludedResources: [
        'persistentvolumes',
        'events',
        ...nonRestorable.filter(r => r !== 'events'),
      ],
      itemOperationTimeout: '4h0m0s',
    });
  });

  it('keeps a timeout that was set, and names the schedule of the backup', () => {
    const backup = {
      apiVersion: 'velero.io/v1',
      kind: 'Backup',
      metadata: {
        name: 'nightly-20260101000000',
        labels: { 'velero.io/schedule-name': 'nightly' },
      },
    } as KubeObject;
    expect(
      completedRestoreSpec({ itemOperationTimeout: '1h0m0s' }, backup),
    ).toMatchObject({
      itemOperationTimeout: '1h0m0s',
      scheduleName: 'nightly',
    });
    expect(completedRestoreSpec({}).scheduleName).toBeUndefined();
  });
});
