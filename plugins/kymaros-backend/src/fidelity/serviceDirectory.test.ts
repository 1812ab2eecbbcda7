import { serviceDirectory } from './serviceDirectory';
import { backupObject } from './__testUtils__/backupObjects';

describe('serviceDirectory', () => {
  it('collects the restored namespaces’ Services from the list and the bodies', () => {
    const directory = serviceDirectory(
      { shop: 'shop-sbx' },
      [
        { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'api' },
        {
          apiVersion: 'v1',
          kind: 'Service',
          namespace: 'prod',
          name: 'ledger',
        },
        {
          apiVersion: 'example.com/v1',
          kind: 'Service',
          namespace: 'shop',
          name: 'fake',
        },
      ],
      [
        backupObject('Service', 'shop/db', { spec: { clusterIP: 'None' } }),
        backupObject('StatefulSet', 'shop/kafka', {
          spec: { serviceName: 'kafka-hl' },
        }),
        backupObject('Service', 'shop/plain'),
      ],
    );
    expect([...directory.services.get('shop')!].sort()).toEqual([
      'api',
      'db',
      'kafka-hl',
      'plain',
    ]);
    expect([...directory.headless.get('shop')!].sort()).toEqual([
      'db',
      'kafka-hl',
    ]);
    expect(directory.services.has('prod')).toBe(false);
  });
});
