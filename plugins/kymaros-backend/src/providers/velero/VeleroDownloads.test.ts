import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import * as k8s from '@kubernetes/client-node';
import {
  MAX_DOWNLOAD_BYTES,
  MAX_LOG_DOWNLOAD_BYTES,
  VeleroDownloads,
} from './VeleroDownloads';

// A simulator or 24 MiB of gzip per test: seconds on a busy machine.
jest.setTimeout(30_000);

const MiB = 1024 * 1024;

describe('VeleroDownloads', () => {
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

  it('keeps the last 8 MiB of a restore log, whatever its size unzipped', async () => {
    // 24 MiB of log lines, a few KiB once gzipped.
    const line = `level=info msg="restored item" ${'.'.repeat(95)}\n`;
    const lines = (24 * MiB) / line.length;
    const log = `${line.repeat(lines - 1)}level=error msg="the end"\n`;
    files = { 'RestoreLog-r1': gzipSync(log) };
    const kept = (await downloads.fetch('RestoreLog', 'r1'))!;
    expect(kept.length).toBe(MAX_LOG_DOWNLOAD_BYTES);
    expect(kept.toString('utf8').endsWith('level=error msg="the end"\n')).toBe(
      true,
    );
  });

  it('refuses another file larger than 64 MiB unzipped, naming it', async () => {
    files = {
      'RestoreResults-r1': gzipSync(Buffer.alloc(MAX_DOWNLOAD_BYTES + 1)),
    };
    await expect(downloads.fetch('RestoreResults', 'r1')).rejects.toThrow(
      'The RestoreResults of r1 is larger than 64 MiB unzipped: not read',
    );
  });

  it('reads a small file whole, and a missing one as undefined', async () => {
    files = { 'RestoreResults-r1': gzipSync('{"errors":{}}') };
    expect(
      (await downloads.fetch('RestoreResults', 'r1'))!.toString('utf8'),
    ).toBe('{"errors":{}}');
    expect(await downloads.fetch('RestoreLog', 'gone')).toBeUndefined();
  });
});
