import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as k8s from '@kubernetes/client-node';
import { BackupWatch } from './BackupWatch';

const backup = (name: string, resourceVersion: string) => ({
  metadata: { name, resourceVersion },
  status: { phase: 'Completed' },
});

/**
 * An API server for Velero Backups whose watches send one event and then
 * have their connection reset, as a proxy or a load balancer may do.
 */
async function cuttingServer() {
  const requests: string[] = [];
  let listed = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    requests.push(`${url.searchParams.get('watch') ? 'WATCH' : 'LIST'}`);
    res.setHeader('content-type', 'application/json');
    if (!url.searchParams.get('watch')) {
      listed++;
      res.end(
        JSON.stringify({
          kind: 'BackupList',
          metadata: { resourceVersion: String(listed * 10) },
          items: [backup(`listed-${listed}`, String(listed * 10))],
        }),
      );
      return;
    }
    res.writeHead(200);
    res.write(
      `${JSON.stringify({ type: 'ADDED', object: backup('watched', '11') })}\n`,
    );
    setTimeout(() => req.socket.destroy(), 50);
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'c',
        server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        skipTLSVerify: true,
      },
    ],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
    currentContext: 'c',
  });
  return { kc, requests, close: () => server.close() };
}

describe('BackupWatch', () => {
  it('treats a watch whose connection is reset as ended: no uncaught error, and the list is read again', async () => {
    const api = await cuttingServer();
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const watch = new BackupWatch('velero');
      const first = await watch.backups(api.kc);
      expect(first.map(b => b.metadata.name)).toEqual(['listed-1']);
      // Past the two seconds a list alone is trusted: the cut watch must not count as live.
      await new Promise(r => setTimeout(r, 2_300));
      const second = await watch.backups(api.kc);
      expect(second.map(b => b.metadata.name)).toEqual(['listed-2']);
      expect(api.requests.filter(r => r === 'LIST')).toHaveLength(2);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      api.close();
    }
  });
});
