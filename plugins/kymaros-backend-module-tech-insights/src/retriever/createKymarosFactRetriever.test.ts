import { mockServices } from '@backstage/backend-test-utils';
import type { SummaryItem } from '@kymaros/plugin-kymaros-common';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createKymarosFactRetriever } from './createKymarosFactRetriever';

type Route = (
  url: URL,
  req: IncomingMessage,
) => { status: number; body: unknown };

/** A stand-in for the Kymaros and catalog backends on a local port. */
async function startApi(routes: Record<string, Route>) {
  const requests: { path: string; auth?: string }[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://localhost');
    requests.push({
      path: url.pathname + url.search,
      auth: req.headers.authorization,
    });
    const route = routes[url.pathname];
    const { status, body } = route
      ? route(url, req)
      : {
          status: 404,
          body: { error: { name: 'NotFoundError', message: 'no route' } },
        };
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const discovery = {
    getBaseUrl: async (pluginId: string) =>
      `http://127.0.0.1:${port}/api/${pluginId}`,
    getExternalBaseUrl: async (pluginId: string) =>
      `http://127.0.0.1:${port}/api/${pluginId}`,
  };
  return { server, requests, discovery };
}

function item(
  entityRef: string,
  overrides: Partial<SummaryItem> = {},
): SummaryItem {
  return {
    entityRef,
    testId: `${entityRef}-test`,
    testName: 'nightly',
    score: 95,
    result: 'pass',
    withinSLA: true,
    backupAge: '1h',
    lastRunAt: '2026-03-09T12:00:00Z',
    phase: 'Completed',
    trend: [],
    ...overrides,
  };
}

/** `GET /summary` answering `items` a page at a time as the Kymaros backend does. */
function summaryOf(items: SummaryItem[]): Route {
  return url => {
    const limit = Number(url.searchParams.get('limit'));
    const offset = Number(url.searchParams.get('offset'));
    return {
      status: 200,
      body: {
        items: items.slice(offset, offset + limit),
        totalItems: items.length,
      },
    };
  };
}

function catalogOf(refs: { kind: string; name: string }[]): Route {
  return () => ({
    status: 200,
    body: {
      items: refs.map(({ kind, name }) => ({
        kind,
        metadata: { name, namespace: 'default' },
      })),
      pageInfo: {},
    },
  });
}

describe('createKymarosFactRetriever', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  const logger = mockServices.logger.mock();
  const now = () => new Date('2026-03-10T12:00:00Z');

  afterEach(async () => {
    await new Promise(resolve => api.server.close(resolve));
    jest.resetAllMocks();
  });

  function run(options: { catalogFilter?: string } = {}) {
    return createKymarosFactRetriever({ now, ...options }).handler({
      discovery: api.discovery,
      auth: mockServices.auth(),
      logger,
      config: mockServices.rootConfig(),
      urlReader: mockServices.urlReader.mock(),
    });
  }

  it('publishes the aggregated facts of each tested entity with service credentials', async () => {
    api = await startApi({
      '/api/kymaros/summary': summaryOf([
        item('component:default/orders'),
        item('component:default/orders', {
          testId: 'b',
          score: 60,
          result: 'fail',
        }),
        item('component:default/payments', { withinSLA: false }),
      ]),
    });
    const facts = await run();
    expect(facts).toEqual([
      {
        entity: { kind: 'component', namespace: 'default', name: 'orders' },
        facts: expect.objectContaining({
          hasRestoreTest: true,
          restoreTestCount: 2,
          restoreScore: 60,
          restoreResult: 'fail',
        }),
      },
      {
        entity: { kind: 'component', namespace: 'default', name: 'payments' },
        facts: expect.objectContaining({
          restoreScore: 95,
          rtoWithinSla: false,
        }),
      },
    ]);
    expect(api.requests[0].path).toBe(
      '/api/kymaros/summary?limit=500&offset=0&sort=entityRef',
    );
    expect(api.requests[0].auth).toMatch(/^Bearer .*"target":"kymaros"/);
  });

  it('reads every page of a large installation', async () => {
    const many = Array.from({ length: 1203 }, (_, i) =>
      item(`component:default/svc-${i}`),
    );
    api = await startApi({ '/api/kymaros/summary': summaryOf(many) });
    const facts = await run();
    expect(facts).toHaveLength(1203);
    expect(
      api.requests.map(r =>
        new URL(r.path, 'http://x').searchParams.get('offset'),
      ),
    ).toEqual(['0', '500', '1000']);
  });

  it('gives catalog entities without a test hasRestoreTest false, once per entity', async () => {
    api = await startApi({
      '/api/kymaros/summary': summaryOf([item('component:default/orders')]),
      '/api/catalog/entities/by-query': catalogOf([
        { kind: 'Component', name: 'orders' },
        { kind: 'Component', name: 'legacy-crm' },
      ]),
    });
    const facts = await run({ catalogFilter: 'kind=component' });
    expect(facts.map(f => [f.entity.name, f.facts.hasRestoreTest])).toEqual([
      ['orders', true],
      ['legacy-crm', false],
    ]);
    expect(facts[1].facts).toMatchObject({
      restoreScore: null,
      restoreResult: null,
    });
    const catalogQuery = api.requests.find(r =>
      r.path.startsWith('/api/catalog'),
    )!;
    expect(catalogQuery.path).toContain('filter=kind%3Dcomponent');
    expect(catalogQuery.auth).toMatch(/"target":"catalog"/);
  });

  it('fails the run with the reason when Kymaros answers an error, so stored facts stay', async () => {
    api = await startApi({
      '/api/kymaros/summary': () => ({
        status: 403,
        body: {
          error: {
            name: 'NotAllowedError',
            message: 'not allowed to read reports',
          },
        },
      }),
    });
    await expect(run()).rejects.toThrow(
      /Kymaros restore results could not be read.*not allowed to read reports/,
    );
  });

  it('fails the run when Kymaros is not reachable', async () => {
    api = await startApi({});
    await expect(run()).rejects.toThrow(
      /Kymaros restore results could not be read.*404/,
    );
  });

  it('keeps the facts of tested entities and warns when the catalog cannot be listed', async () => {
    api = await startApi({
      '/api/kymaros/summary': summaryOf([item('component:default/orders')]),
      '/api/catalog/entities/by-query': () => ({ status: 503, body: {} }),
    });
    const facts = await run({ catalogFilter: 'kind=component' });
    expect(facts).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/could not be listed.*get no facts this run.*503/),
    );
  });

  it('warns about a test naming a malformed entity ref instead of dropping it silently', async () => {
    api = await startApi({
      '/api/kymaros/summary': summaryOf([
        item('component:default/orders'),
        item('orders'),
      ]),
    });
    const facts = await run();
    expect(facts).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('orders, which is not an entity ref'),
    );
  });
});
