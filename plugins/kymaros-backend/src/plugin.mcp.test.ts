import type { PermissionsService } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  type ServiceMock,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { kymarosPlugin } from './plugin';
import { SHOP_TEST_ID, shop } from './__testUtils__/optedInShop';
import { fastDemoScenario } from './run/__testUtils__/demoCatalog';
import { simulatorKubeconfig } from './run/__testUtils__/simulatorCluster';
import { taskId } from './scheduling/TestScheduler';

jest.setTimeout(60_000);

/** An MCP client of the backend's MCP actions endpoint, signed in as a user. */
async function mcpClient(port: number): Promise<Client> {
  const client = new Client({ name: 'kymaros-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(
      new URL(`http://localhost:${port}/api/mcp-actions/v1`),
      {
        requestInit: {
          headers: { Authorization: mockCredentials.user.header() },
        },
      },
    ),
  );
  return client;
}

/** The plugin and the MCP actions backend, with a mock scheduler and the permissions given. */
async function start(
  permissions?: ServiceMock<PermissionsService>,
  kymaros: object = {
    // Credentials that cannot be read: the run ends in an error report at once.
    clusters: [{ name: 'broken', kubeconfigPath: '/nonexistent/kubeconfig' }],
  },
  entities: Entity[] = [shop],
) {
  const scheduler = mockServices.scheduler.mock();
  const backend = await startTestBackend({
    features: [
      kymarosPlugin,
      mcpActionsPlugin,
      scheduler.factory,
      permissions?.factory ?? mockServices.permissions.factory(),
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://portal.example' },
          backend: { actions: { pluginSources: ['kymaros'] } },
          kymaros,
        },
      }),
    ],
  });
  return { backend, scheduler };
}

/** The first catalog pass: it finds the new test and runs it at once. */
async function refreshTests(
  scheduler: ReturnType<typeof mockServices.scheduler.mock>,
) {
  const refresh = scheduler.scheduleTask.mock.calls.find(
    ([task]) => task.id === 'kymaros:refresh-tests',
  )![0];
  await refresh.fn(new AbortController().signal);
}

describe('kymarosPlugin actions over MCP', () => {
  it('lists the Kymaros tools, answers the latest report after a run, and requests a run', async () => {
    const { backend, scheduler } = await start();
    const client = await mcpClient(backend.server.port());
    try {
      const { tools } = await client.listTools();
      expect(
        Object.fromEntries(tools.map(tool => [tool.name, tool.annotations])),
      ).toEqual({
        'kymaros.get-restore-confidence': expect.objectContaining({
          readOnlyHint: true,
          destructiveHint: false,
          idempotentHint: true,
        }),
        'kymaros.list-restore-tests': expect.objectContaining({
          readOnlyHint: true,
        }),
        'kymaros.run-restore-test': expect.objectContaining({
          readOnlyHint: false,
          destructiveHint: false,
          idempotentHint: false,
        }),
      });

      const confidence = () =>
        client.callTool({
          name: 'kymaros.get-restore-confidence',
          arguments: { entityRef: 'component:default/shop' },
        });
      // Before the catalog pass the entity has no tests.
      expect(await confidence()).toMatchObject({
        isError: true,
        content: [
          {
            type: 'text',
            text: 'NotFoundError: No restore tests for component:default/shop',
          },
        ],
      });

      await refreshTests(scheduler);
      let result = await confidence();
      for (
        let i = 0;
        i < 100 && !(result.structuredContent as any)?.tests[0]?.latestReport;
        i++
      ) {
        await new Promise(r => setTimeout(r, 50));
        result = await confidence();
      }
      expect(result.isError).toBeFalsy();
      const answer = result.structuredContent as any;
      expect(answer).toMatchObject({
        entityRef: 'component:default/shop',
        restoreTabUrl:
          'http://portal.example/catalog/default/component/shop/kymaros',
        tests: [
          {
            testId: SHOP_TEST_ID,
            testName: 'shop',
            latestReport: {
              name: expect.stringMatching(/^shop-\d{8}-\d{6}$/),
              result: 'error',
              score: 0,
              // The run stopped before any level was evaluated.
              levelsPassed: [],
              levelsFailed: [],
              levelsSkipped: expect.arrayContaining([
                'Restore integrity',
                'Pod startup',
              ]),
              topReason: expect.stringContaining('broken'),
            },
          },
        ],
      });
      // The text content carries the same answer for clients without structured output.
      expect(JSON.parse((result.content as any)[0].text)).toEqual(answer);

      const listed = await client.callTool({
        name: 'kymaros.list-restore-tests',
        arguments: { result: 'error' },
      });
      expect(listed.structuredContent).toMatchObject({
        items: [{ testId: SHOP_TEST_ID, result: 'error' }],
        total: 1,
      });

      const run = await client.callTool({
        name: 'kymaros.run-restore-test',
        arguments: { testId: SHOP_TEST_ID },
      });
      expect(run.structuredContent).toMatchObject({
        requested: true,
        testId: SHOP_TEST_ID,
      });
      expect(scheduler.triggerTask).toHaveBeenCalledWith(taskId(SHOP_TEST_ID));
    } finally {
      await client.close();
      await backend.stop();
    }
  });

  it('answers a caller without kymaros.restoretest.run with NotAllowedError, and runs nothing', async () => {
    const { backend, scheduler } = await start(
      mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(({ permission }) => ({
            result:
              permission.name === 'kymaros.restoretest.run'
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          })),
      }),
    );
    const client = await mcpClient(backend.server.port());
    try {
      await refreshTests(scheduler);
      const run = await client.callTool({
        name: 'kymaros.run-restore-test',
        arguments: { testId: SHOP_TEST_ID },
      });
      expect(run).toMatchObject({
        isError: true,
        content: [
          {
            type: 'text',
            text: 'NotAllowedError: You may not use kymaros.restoretest.run on component:default/shop',
          },
        ],
      });
      expect(scheduler.triggerTask).not.toHaveBeenCalled();
    } finally {
      await client.close();
      await backend.stop();
    }
  });

  it('answers a real restore of the simulated cluster: verdict, failed levels, backup, top reason and next steps', async () => {
    const t = await testSimulator(fastDemoScenario());
    try {
      // The demo scenario's backups hold the orders namespace.
      const orders: Entity = {
        ...shop,
        metadata: {
          ...shop.metadata,
          annotations: {
            'kymaros.io/enabled': 'true',
            'kymaros.io/namespaces': 'orders',
          },
        },
      };
      const { backend, scheduler } = await start(
        undefined,
        {
          clusters: [{ name: 'sim', kubeconfigPath: simulatorKubeconfig(t) }],
          // The crashing pod is given up on sooner.
          podReadyTimeout: '5s',
        },
        [orders],
      );
      const client = await mcpClient(backend.server.port());
      try {
        await refreshTests(scheduler);
        let answer: any;
        for (let i = 0; i < 1000 && !answer?.tests?.[0]?.latestReport; i++) {
          await new Promise(r => setTimeout(r, 100));
          answer = (
            await client.callTool({
              name: 'kymaros.get-restore-confidence',
              arguments: { entityRef: 'component:default/shop' },
            })
          ).structuredContent;
        }
        // The demo's orders database runs out of memory once restored.
        expect(answer.tests[0].latestReport).toMatchObject({
          result: 'fail',
          levelsFailed: expect.arrayContaining(['Pod startup']),
          levelsPassed: expect.arrayContaining(['Restore integrity']),
          rto: { measuredMs: expect.any(Number) },
          backup: { name: expect.any(String), ageMs: expect.any(Number) },
          topReason: expect.stringContaining(
            'Pod orders-postgres-0 entered CrashLoopBackOff',
          ),
          nextSteps: expect.arrayContaining([
            expect.stringContaining('orders-postgres-0 was OOMKilled'),
          ]),
        });
      } finally {
        await client.close();
        await backend.stop();
      }
    } finally {
      await t.sim.stop();
    }
  }, 120_000);
});
