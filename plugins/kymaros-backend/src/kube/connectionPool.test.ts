import http from 'node:http';
import https from 'node:https';
import { once } from 'node:events';
import { IDLE_CONNECTION_MS, pooledAgent } from './connectionPool';

describe('pooledAgent', () => {
  it('shares one keep-alive agent between agents built with the same options', () => {
    const a = pooledAgent(new https.Agent({ ca: 'CA-1', servername: 'x' }));
    const b = pooledAgent(new https.Agent({ ca: 'CA-1', servername: 'x' }));
    expect(a).toBe(b);
    expect(a).toMatchObject({ keepAlive: true });
    expect(a.options).toMatchObject({ ca: 'CA-1', servername: 'x' });
  });

  it('keeps connections with different TLS material, protocol or verification apart', () => {
    const base = pooledAgent(new https.Agent({ ca: 'CA-1' }));
    expect(pooledAgent(new https.Agent({ ca: 'CA-2' }))).not.toBe(base);
    expect(pooledAgent(new https.Agent({ ca: Buffer.from('CA-1') }))).toBe(
      base,
    );
    expect(
      pooledAgent(new https.Agent({ ca: 'CA-1', cert: 'client-a' })),
    ).not.toBe(pooledAgent(new https.Agent({ ca: 'CA-1', cert: 'client-b' })));
    expect(
      pooledAgent(new https.Agent({ ca: 'CA-1', rejectUnauthorized: false })),
    ).not.toBe(base);
    expect(pooledAgent(new http.Agent({}))).not.toBe(
      pooledAgent(new https.Agent({})),
    );
  });

  it('leaves agents of other kinds (proxies) as they are', () => {
    class ProxyAgent extends https.Agent {}
    const proxy = new ProxyAgent();
    expect(pooledAgent(proxy)).toBe(proxy);
    expect(pooledAgent(undefined)).toBeUndefined();
  });

  it('reuses one connection for requests in turn and closes it when idle, not while it serves', async () => {
    const connections: unknown[] = [];
    const server = http.createServer((_req, res) => {
      setTimeout(() => res.end('ok'), 20);
    });
    server.on('connection', c => connections.push(c));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    try {
      const get = () =>
        new Promise<http.IncomingMessage>((resolve, reject) => {
          const req = http.get(
            { port, host: '127.0.0.1', agent: pooledAgent(new http.Agent()) },
            res => {
              res.resume();
              res.on('end', () => resolve(res));
            },
          );
          req.on('socket', socket => expect(socket.timeout ?? 0).toBe(0));
          req.on('error', reject);
        });
      for (let i = 0; i < 5; i++) await get();
      expect(connections).toHaveLength(1);
      const agent = pooledAgent(new http.Agent());
      const [free] = Object.values(agent.freeSockets).flat();
      expect(free?.timeout).toBe(IDLE_CONNECTION_MS);
    } finally {
      pooledAgent(new http.Agent()).destroy();
      server.close();
    }
  });
});
