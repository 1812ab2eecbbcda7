import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { kymarosPlugin } from './plugin';
import { recordingAuditor } from './util/__testUtils__/recordingAuditor';
import { SHOP_TEST_ID, shop } from './__testUtils__/optedInShop';

/** A recording auditor, installed in the test backend. */
function auditorFeature() {
  const { audits, auditor } = recordingAuditor();
  return { events: audits, factory: auditor.factory };
}

/** The plugin with one test whose cluster credentials cannot be read: each run ends in an error report at once. */
async function start(
  features: Parameters<typeof startTestBackend>[0]['features'],
) {
  const publish = jest.fn(
    async (_params: { topic: string; eventPayload: unknown }) => {},
  );
  const scheduler = mockServices.scheduler.mock();
  const backend = await startTestBackend({
    features: [
      kymarosPlugin,
      scheduler.factory,
      createServiceFactory({
        service: eventsServiceRef,
        deps: {},
        factory: () => ({ publish, subscribe: async () => {} }),
      }),
      catalogServiceMock.factory({ entities: [shop] }),
      mockServices.rootConfig.factory({
        data: {
          kymaros: {
            clusters: [
              { name: 'broken', kubeconfigPath: '/nonexistent/kubeconfig' },
            ],
          },
        },
      }),
      ...(features ?? []),
    ],
  });
  const task = (id: string) =>
    scheduler.scheduleTask.mock.calls.find(([t]) => t.id === id)![0];
  await task('kymaros:refresh-tests').fn(new AbortController().signal);
  const published = (topic: string) =>
    publish.mock.calls.filter(([p]) => p.topic === topic).map(([p]) => p);
  return { backend, task, published };
}

async function eventually(done: () => boolean) {
  for (let i = 0; i < 200 && !done(); i++)
    await new Promise(r => setTimeout(r, 20));
  expect(done()).toBe(true);
}

describe('kymarosPlugin on the Backstage platform', () => {
  it('publishes kymaros.run.started and kymaros.run.completed for a run', async () => {
    const { backend, published } = await start([]);
    try {
      await eventually(() => published('kymaros.run.completed').length > 0);
      expect(published('kymaros.run.started')).toEqual([
        {
          topic: 'kymaros.run.started',
          eventPayload: expect.objectContaining({
            testId: SHOP_TEST_ID,
            testName: 'shop',
            entityRef: 'component:default/shop',
            cluster: 'broken',
            triggeredBy: 'first run',
            runId: expect.stringMatching(/^r[0-9a-f]+$/),
          }),
        },
      ]);
      const [completed] = published('kymaros.run.completed');
      expect(completed.eventPayload).toMatchObject({
        testId: SHOP_TEST_ID,
        entityRef: 'component:default/shop',
        result: 'error',
        score: 0,
        reportName: expect.stringMatching(/^shop-\d{8}-\d{6}$/),
        runId: (published('kymaros.run.started')[0].eventPayload as any).runId,
      });
    } finally {
      await backend.stop();
    }
  });

  it('records Run now as an audit event: who, which test, and the outcome', async () => {
    const auditor = auditorFeature();
    const { backend } = await start([auditor.factory]);
    try {
      await request(backend.server)
        .post(`/api/kymaros/tests/${encodeURIComponent(SHOP_TEST_ID)}/run`)
        .expect(202);
      const run = auditor.events.find(
        e => e.options.eventId === 'restore-test-run',
      )!;
      expect(run.options).toMatchObject({
        severityLevel: 'medium',
        meta: { testId: SHOP_TEST_ID },
        request: expect.anything(),
      });
      expect(run.ended).toEqual({
        as: 'success',
        meta: { outcome: 'accepted' },
      });
    } finally {
      await backend.stop();
    }
  });

  it('records a refused Run now as a failed audit event', async () => {
    const auditor = auditorFeature();
    const { backend } = await start([
      auditor.factory,
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    ]);
    try {
      await request(backend.server)
        .post(`/api/kymaros/tests/${encodeURIComponent(SHOP_TEST_ID)}/run`)
        // Not even readable: answered as if it did not exist.
        .expect(404);
      const run = auditor.events.find(
        e => e.options.eventId === 'restore-test-run',
      )!;
      expect(run.ended).toMatchObject({
        as: 'fail',
        error: expect.objectContaining({ name: 'NotFoundError' }),
      });
    } finally {
      await backend.stop();
    }
  });

  it('records an evidence export with its query and how many records went out', async () => {
    const auditor = auditorFeature();
    const { backend, published } = await start([auditor.factory]);
    try {
      await eventually(() => published('kymaros.run.completed').length > 0);
      await request(backend.server)
        .get(
          '/api/kymaros/evidence?format=csv&entityRef=component:default/shop',
        )
        .expect(200);
      const exported = auditor.events.find(
        e => e.options.eventId === 'evidence-export',
      )!;
      expect(exported.options.severityLevel).toBeUndefined();
      expect(exported.ended).toEqual({
        as: 'success',
        meta: {
          format: 'csv',
          entityRef: 'component:default/shop',
          entities: 1,
          records: 1,
        },
      });
    } finally {
      await backend.stop();
    }
  });
});
