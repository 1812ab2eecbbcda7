import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The raw body, as signed. */
  body: string;
}

/** How the receiver answers the nth request (from 1): a status, or `hang` to never answer. */
export type Answer = number | 'hang' | { status: number; retryAfter: string };

/** A webhook receiver on 127.0.0.1 recording what it is sent. */
export async function startReceiver(answer: (n: number) => Answer = () => 200) {
  const received: Received[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const reply = answer(received.length);
      if (reply === 'hang') {
        hanging.add(res);
        return;
      }
      if (typeof reply === 'object') {
        res.writeHead(reply.status, { 'Retry-After': reply.retryAfter });
        res.end();
        return;
      }
      res.writeHead(reply, { 'Content-Type': 'text/plain' });
      res.end(reply < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    received,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    /** JSON bodies received on `path`. */
    bodies: (path: string) =>
      received.filter(r => r.path === path).map(r => JSON.parse(r.body)),
    async close() {
      hanging.forEach(res => res.destroy());
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
