import net from 'node:net';
import * as k8s from '@kubernetes/client-node';

/**
 * A TCP relay in front of a plain-HTTP API server that keeps every byte the
 * client sent, so a test can show that a refused request never left the
 * process: no connection, no request line.
 */
export async function recordingProxy(upstream: string) {
  const target = new URL(upstream);
  const sent: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer(client => {
    const index = sent.push('') - 1;
    const remote = net.connect(Number(target.port), target.hostname);
    for (const s of [client, remote]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.on('data', chunk => {
      sent[index] += chunk.toString('latin1');
    });
    client.pipe(remote).pipe(client);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    /** Connections opened so far. */
    connections: () => sent.length,
    /**
     * `METHOD path` of every request seen so far. On a reused connection a
     * request line may follow the previous body without a line break.
     */
    requests: () =>
      sent.flatMap(text =>
        [...text.matchAll(/([A-Z]+) (\S+) HTTP\/1\.1\r$/gm)].map(
          m => `${m[1]} ${m[2]}`,
        ),
      ),
    /** The same credentials as `kc`, pointed at this relay (optionally under a path prefix). */
    kubeConfig(kc: k8s.KubeConfig, pathPrefix = ''): k8s.KubeConfig {
      const relayed = new k8s.KubeConfig();
      relayed.loadFromOptions({
        clusters: kc
          .getClusters()
          .map(c => ({ ...c, server: `${url}${pathPrefix}` })),
        users: kc.getUsers(),
        contexts: kc.getContexts(),
        currentContext: kc.getCurrentContext(),
      });
      return relayed;
    },
    async close() {
      sockets.forEach(s => s.destroy());
      await new Promise(resolve => server.close(resolve));
    },
  };
}

export type RecordingProxy = Awaited<ReturnType<typeof recordingProxy>>;
