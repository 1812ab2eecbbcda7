import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { readKymarosConfig } from '../config/readKymarosConfig';
import { testRecord } from '../store/__testUtils__/fixtures';
import { testEngine } from './__testUtils__/testEngine';

jest.setTimeout(30_000);

describe('RestoreRunner and an API server that accepts and never answers', () => {
  let server: net.Server;
  const sockets: net.Socket[] = [];
  let url: string;
  beforeAll(async () => {
    server = net.createServer(socket => sockets.push(socket));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    sockets.forEach(socket => socket.destroy());
    server.close();
  });

  it('ends the run within its time limit with a report naming the cluster, and releases the test', async () => {
    const kubeconfigPath = path.join(
      mkdtempSync(path.join(os.tmpdir(), 'kymaros-silent-')),
      'config',
    );
    writeFileSync(
      kubeconfigPath,
      JSON.stringify({
        clusters: [
          {
            name: 's',
            cluster: { server: url, 'insecure-skip-tls-verify': true },
          },
        ],
        users: [{ name: 's', user: { token: 't' } }],
        contexts: [{ name: 's', context: { cluster: 's', user: 's' } }],
        'current-context': 's',
      }),
    );
    const config = readKymarosConfig(
      new ConfigReader({
        kymaros: {
          timeouts: { run: '1s' },
          clusters: [{ name: 'silent', kubeconfigPath }],
        },
      }),
    );
    const engine = await testEngine({
      config,
      logger: mockServices.logger.mock(),
      protectedNamespaces: ['kube-system'],
    });
    const test = testRecord('component:default/shop', 'shop', {
      cluster: 'silent',
    });
    await engine.store.upsertTests([test]);
    const started = Date.now();
    await engine.runner.run(test.id, 'schedule');
    expect(Date.now() - started).toBeLessThan(10_000);
    const [report] = await engine.store.listReports(test.id);
    expect(JSON.stringify(report)).toContain(
      'Connecting to cluster \\"silent\\" was stopped',
    );
    const state = (await engine.store.getTest(test.id))!.state;
    expect(state.phase).not.toBe('Running');
    expect(state.leaseUntil).toBeUndefined();
    await engine.knex.destroy();
  });
});
