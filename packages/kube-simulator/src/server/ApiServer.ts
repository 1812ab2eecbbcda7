import http, { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { WebSocketServer } from 'ws';
import type { SimulatorContext } from '../context';
import { ApiError, errors } from '../api/status';
import { parseRequestPath } from './requestInfo';
import { handleResource } from './resourceHandler';
import { readJson, sendError, sendJson } from './http';
import type { ServingCertificate } from './tls';
import type { ObjectStorage } from '../velero/ObjectStorage';
import { faultRuleSchema } from '../faults/FaultInjector';

export const simulatedVersion = {
  major: '1',
  minor: '34',
  gitVersion: 'v1.34.0-kymaros-sim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.26',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** Subprotocols the real API server accepts per stream kind, in its preference. */
const streamProtocols: Record<string, string[]> = {
  exec: ['v5.channel.k8s.io', 'v4.channel.k8s.io'],
  portforward: ['v4.channel.k8s.io'],
};

/**
 * The HTTP(S) front of the simulator: bearer-token authentication, fault
 * injection, discovery, resource routes, WebSocket streams, the object-store
 * URLs and a small admin API under `/simulator/v1`.
 */
export class ApiServer {
  private server?: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols, req) => this.pickProtocol(protocols, req),
  });
  url = '';

  constructor(
    private readonly ctx: SimulatorContext,
    private readonly tokens: string[],
    private readonly storage: ObjectStorage,
    private readonly tls?: ServingCertificate,
  ) {}

  async listen(host: string, port: number): Promise<string> {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch(e => sendError(res, e));
    };
    this.server = this.tls
      ? https.createServer({ cert: this.tls.cert, key: this.tls.key }, handler)
      : http.createServer(handler);
    this.server.on('connection', s => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('secureConnection', s => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('upgrade', (req, socket, head) =>
      this.upgrade(req, socket as Socket, head),
    );
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    const shownHost = host.includes(':') ? `[${host}]` : host;
    this.url = `${this.tls ? 'https' : 'http'}://${shownHost}:${addr.port}`;
    this.storage.baseUrl = this.url;
    return this.url;
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>(resolve =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private authenticated(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    const m = header.match(/^Bearer\s+(.+)$/i);
    if (!m) return false;
    const given = Buffer.from(m[1].trim());
    return this.tokens.some(t => {
      const want = Buffer.from(t);
      return want.length === given.length && timingSafeEqual(want, given);
    });
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (process.env.KUBE_SIMULATOR_TRACE && req.method !== 'GET')
      process.stderr.write(
        `TRACE ${new Date().toISOString()} ${req.method} ${req.url}\n`,
      );
    if (url.pathname.startsWith('/object-store/')) {
      this.storage.handle(req, res, url);
    } else if (['/healthz', '/readyz', '/livez'].includes(url.pathname)) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
    } else if (!this.authenticated(req)) {
      throw errors.unauthorized();
    } else if (url.pathname.startsWith('/simulator/v1/')) {
      await this.admin(req, res, url);
    } else {
      const fault = this.ctx.faults.forRequest(req);
      if (fault.delayMs) await new Promise(r => setTimeout(r, fault.delayMs));
      if (fault.error) throw fault.error;
      const info = parseRequestPath(url.pathname);
      if (url.pathname === '/version') sendJson(res, 200, simulatedVersion);
      else if (info.kind === 'discovery') this.discovery(res, info.path);
      else if (info.kind === 'resource')
        await handleResource(this.ctx, req, res, info, url);
      else throw errors.pageNotFound();
    }
  }

  private discovery(res: ServerResponse, path: string) {
    const parts = path.split('/').filter(Boolean);
    if (parts.length === 1 && parts[0] === 'api') {
      return sendJson(res, 200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [
          { clientCIDR: '0.0.0.0/0', serverAddress: new URL(this.url).host },
        ],
      });
    }
    if (parts.length === 1 && parts[0] === 'apis')
      return sendJson(res, 200, this.ctx.registry.groupList());
    if (parts[0] === 'api' && parts.length === 2) {
      const list = this.ctx.registry.resourceList('', parts[1]);
      if (!list) throw errors.routeNotFound();
      return sendJson(res, 200, list);
    }
    if (parts[0] === 'apis' && parts.length === 2) {
      const group = this.ctx.registry
        .groupList()
        .groups.find(g => g.name === parts[1]);
      if (!group) throw errors.pageNotFound();
      return sendJson(res, 200, {
        kind: 'APIGroup',
        apiVersion: 'v1',
        ...group,
      });
    }
    if (parts[0] === 'apis' && parts.length === 3) {
      const list = this.ctx.registry.resourceList(parts[1], parts[2]);
      if (!list) throw errors.pageNotFound();
      return sendJson(res, 200, list);
    }
    throw errors.routeNotFound();
  }

  private async admin(req: IncomingMessage, res: ServerResponse, url: URL) {
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'GET /simulator/v1/faults':
        return sendJson(res, 200, { items: this.ctx.faults.list() });
      case 'POST /simulator/v1/faults': {
        const parsed = faultRuleSchema.safeParse(await readJson(req));
        if (!parsed.success)
          throw errors.badRequest(
            `invalid fault rule: ${parsed.error.issues
              .map(i => `${i.path.join('.') || '(root)'}: ${i.message}`)
              .join('; ')}`,
          );
        return sendJson(res, 201, { id: this.ctx.faults.add(parsed.data) });
      }
      case 'DELETE /simulator/v1/faults':
        this.ctx.faults.clear();
        return sendJson(res, 200, { items: [] });
      case 'POST /simulator/v1/compact':
        this.ctx.store.compact();
        return sendJson(res, 200, {
          oldestResourceVersion: String(this.ctx.store.oldestRv()),
        });
      case 'POST /simulator/v1/drop-watches':
        for (const close of [...this.ctx.activeWatches]) close();
        return sendJson(res, 200, {});
      default:
        throw errors.routeNotFound();
    }
  }

  private pickProtocol(
    offered: Set<string>,
    req: IncomingMessage,
  ): string | false {
    const kind = (req.url ?? '').split('?')[0].split('/').pop() ?? '';
    const supported = streamProtocols[kind] ?? [];
    for (const p of offered) if (supported.includes(p)) return p;
    return false;
  }

  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer) {
    const url = new URL(req.url ?? '/', 'http://simulator');
    try {
      if (!this.authenticated(req)) throw errors.unauthorized();
      const info = parseRequestPath(url.pathname);
      if (
        info.kind !== 'resource' ||
        info.plural !== 'pods' ||
        !info.name ||
        !info.subresource
      )
        throw errors.routeNotFound();
      const handler = this.ctx.webSockets.get(info.subresource);
      if (!handler) throw errors.routeNotFound();
      if (
        !this.ctx.store.get(
          this.ctx.registry.find('', 'v1', 'pods')!,
          info.namespace,
          info.name,
        )
      )
        throw errors.notFound('pods', '', info.name);
      if (
        info.subresource === 'exec' &&
        url.searchParams.getAll('command').length === 0
      ) {
        throw errors.badRequest('you must specify at least 1 command');
      }
      this.wss.handleUpgrade(req, socket, head, ws => handler(ws, info, url));
    } catch (e) {
      // Refused upgrades get a plain HTTP answer with a Status body, as the API server sends.
      const err = e instanceof ApiError ? e : errors.internal(String(e));
      const body = JSON.stringify(err.toStatus());
      socket.end(
        `HTTP/1.1 ${err.code} ${
          err.reason
        }\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(
          body,
        )}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
  }
}
