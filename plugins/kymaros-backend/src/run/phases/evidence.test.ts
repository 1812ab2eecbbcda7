import net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as k8s from '@kubernetes/client-node';
import type { RunContext } from '../RunContext';
import { keepEvidence } from './evidence';

/** An API server that accepts connections and never answers. */
async function silentServer() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer(s => sockets.add(s));
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      sockets.forEach(s => s.destroy());
      server.close();
    },
  };
}

function runOn(url: string, spec: object = {}): RunContext {
  const kubeConfig = new k8s.KubeConfig();
  kubeConfig.loadFromClusterAndUser(
    { name: 'silent', server: url, skipTLSVerify: true },
    { name: 'u', token: 't' },
  );
  return {
    target: { spec },
    runId: 'r1',
    steps: ['sandboxes', 'restore'],
    recorder: {
      facts: { sandboxes: { orders: 'kymaros-orders-x1' }, checks: [] },
      levels: {},
      failed: true,
      error: false,
    },
    deps: {
      kubeConfig,
      onStep: () => {},
      provider: {
        name: 'velero',
        readRestoreLog: (_: unknown, signal: AbortSignal) =>
          new Promise((_r, reject) =>
            signal.addEventListener('abort', () => reject(signal.reason)),
          ),
      },
    },
  } as unknown as RunContext;
}

describe('keepEvidence', () => {
  it('gives up on an API server that never answers within its budget, saying so', async () => {
    const server = await silentServer();
    try {
      const started = Date.now();
      const evidence = await keepEvidence(runOn(server.url), 300);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(evidence).toEqual({
        podLogs: [],
        events: [],
        omitted: ['nothing kept: timed out after 0.3 s'],
      });
    } finally {
      server.close();
    }
  });
});
