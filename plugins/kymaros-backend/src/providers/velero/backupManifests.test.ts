import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import * as k8s from '@kubernetes/client-node';
import { pack } from 'tar-stream';
import { VeleroDownloads } from './VeleroDownloads';
import { readBackupManifests } from './backupManifests';

async function tarGz(files: [string, object][]): Promise<Buffer> {
  const archive = pack();
  for (const [name, body] of files)
    archive.entry({ name, type: 'file' }, JSON.stringify(body));
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

const cm = (namespace: string, name: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data: { k: 'v' },
});
const deployment = (namespace: string, name: string, version = 'apps/v1') => ({
  apiVersion: version,
  kind: 'Deployment',
  metadata: { name, namespace },
});
const pv = (name: string, claimNamespace: string) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec: { claimRef: { namespace: claimNamespace, name: 'data' } },
});

/** A format 1.1 tarball: each object in the unversioned and the preferred-version trees, plus another version. */
const velero11 = (): [string, object][] => [
  ['metadata/version', { v: '1.1.0' }],
  ['resources/configmaps/namespaces/shop/cfg.json', cm('shop', 'cfg')],
  [
    'resources/configmaps/v1-preferredversion/namespaces/shop/cfg.json',
    cm('shop', 'cfg'),
  ],
  ['resources/configmaps/namespaces/other/cfg.json', cm('other', 'cfg')],
  [
    'resources/deployments.apps/namespaces/shop/web.json',
    deployment('shop', 'web'),
  ],
  [
    'resources/deployments.apps/v1-preferredversion/namespaces/shop/web.json',
    deployment('shop', 'web'),
  ],
  [
    'resources/deployments.apps/v1beta2/namespaces/shop/web.json',
    deployment('shop', 'web', 'apps/v1beta2'),
  ],
  ['resources/persistentvolumes/cluster/pv-shop.json', pv('pv-shop', 'shop')],
  [
    'resources/persistentvolumes/v1-preferredversion/cluster/pv-shop.json',
    pv('pv-shop', 'shop'),
  ],
  [
    'resources/persistentvolumes/cluster/pv-other.json',
    pv('pv-other', 'other'),
  ],
  [
    'resources/namespaces/cluster/shop.json',
    { apiVersion: 'v1', kind: 'Namespace' },
  ],
];

describe('readBackupManifests', () => {
  let server: http.Server;
  let files: Record<string, Buffer>;
  let downloads: VeleroDownloads;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const file = files[req.url!.slice(1)];
      res.writeHead(file ? 200 : 404).end(file ?? 'no such key');
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const kubeConfig = new k8s.KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'c', server: 'https://127.0.0.1:1' }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    downloads = new VeleroDownloads(kubeConfig, 'velero', 1000, async () => []);
    // The pre-signed URL Velero would hand out for a DownloadRequest.
    jest
      .spyOn(downloads as any, 'url')
      .mockImplementation(
        async (kind: any, target: any) =>
          `http://127.0.0.1:${port}/${kind}-${target}`,
      );
  });
  afterAll(() => new Promise(r => server.close(r)));

  it('reads each object of the namespaces once, with the volumes of their claims', async () => {
    files = {
      'BackupContents-b1': await tarGz(velero11()),
      'BackupVolumeInfos-b1': gzipSync(
        JSON.stringify([
          {
            pvcName: 'data',
            pvcNamespace: 'shop',
            pvName: 'pv-shop',
            backupMethod: 'PodVolumeBackup',
            pvInfo: { reclaimPolicy: 'Retain' },
          },
          {
            pvcName: 'data',
            pvcNamespace: 'other',
            pvName: 'pv-other',
            skipped: true,
            skippedReason: 'not asked',
          },
        ]),
      ),
    };
    const manifests = await readBackupManifests(downloads, 'b1', ['shop']);
    expect(manifests.objects).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'shop',
        name: 'cfg',
        resource: 'configmaps',
        body: cm('shop', 'cfg'),
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
        resource: 'deployments.apps',
        body: deployment('shop', 'web'),
      },
      {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        name: 'pv-shop',
        resource: 'persistentvolumes',
        body: pv('pv-shop', 'shop'),
      },
    ]);
    expect(manifests.volumes).toEqual([
      {
        volumeName: 'pv-shop',
        claim: { namespace: 'shop', name: 'data' },
        data: 'file-system',
        reclaimPolicy: 'Retain',
      },
    ]);
    expect(manifests.truncated).toBeUndefined();
  });

  it('reads a tarball with only the preferred-version tree once too', async () => {
    files = {
      'BackupContents-b2': await tarGz(
        velero11().filter(([path]) => path.includes('-preferredversion/')),
      ),
    };
    const manifests = await readBackupManifests(downloads, 'b2', ['shop']);
    expect(manifests.objects.map(o => `${o.resource}/${o.name}`)).toEqual([
      'configmaps/cfg',
      'deployments.apps/web',
      'persistentvolumes/pv-shop',
    ]);
    // No volume infos (Velero before 1.13): volumes unknown, not empty.
    expect(manifests).not.toHaveProperty('volumes');
  });

  it('returns what it read before the bound, saying so', async () => {
    const many: [string, object][] = Array.from({ length: 200 }, (_, i) => [
      `resources/configmaps/namespaces/shop/c${i}.json`,
      { ...cm('shop', `c${i}`), data: { k: `${i}`.repeat(500) } },
    ]);
    files = { 'BackupContents-b3': await tarGz(many) };
    const manifests = await readBackupManifests(
      downloads,
      'b3',
      ['shop'],
      undefined,
      { compressedBytes: 1e9, unzippedBytes: 100_000 },
    );
    expect(manifests.truncated).toBe(true);
    expect(manifests.objects.length).toBeGreaterThan(10);
    expect(manifests.objects.length).toBeLessThan(200);
    expect(manifests.objects[0].name).toBe('c0');
  });

  it('names the backup and the entry that is not an object', async () => {
    files = {
      'BackupContents-b4': await tarGz([
        ['resources/configmaps/namespaces/shop/x.json', { data: {} }],
      ]),
    };
    await expect(
      readBackupManifests(downloads, 'b4', ['shop']),
    ).rejects.toThrow(
      'Backup b4 contents: resources/configmaps/namespaces/shop/x.json is not a Kubernetes object (no apiVersion and kind)',
    );
    files = {};
    await expect(
      readBackupManifests(downloads, 'b5', ['shop']),
    ).rejects.toThrow('Velero has no contents stored for backup b5');
  });
});
