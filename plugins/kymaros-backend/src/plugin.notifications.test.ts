import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { kymarosPlugin } from './plugin';
import { shop } from './__testUtils__/optedInShop';

/** Starts the plugin, runs the shop test once (an error: its cluster's credentials cannot be read) and answers what was sent. */
async function firstRunSends(owners?: object) {
  const send = jest.fn(async () => {});
  const publish = jest.fn(async (_signal: { message: object }) => {});
  const scheduler = mockServices.scheduler.mock();
  const backend = await startTestBackend({
    features: [
      kymarosPlugin,
      scheduler.factory,
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send }),
      }),
      // The run's end is announced after its report is saved and its observers told.
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({ publish }),
      }),
      catalogServiceMock.factory({ entities: [shop] }),
      mockServices.rootConfig.factory({
        data: {
          kymaros: {
            clusters: [
              { name: 'broken', kubeconfigPath: '/nonexistent/kubeconfig' },
            ],
            ...(owners ? { notifications: { owners } } : {}),
          },
        },
      }),
    ],
  });
  try {
    const refresh = scheduler.scheduleTask.mock.calls.find(
      ([task]) => task.id === 'kymaros:refresh-tests',
    )![0];
    await refresh.fn(new AbortController().signal);
    const finished = () =>
      publish.mock.calls.some(
        ([signal]) =>
          (signal.message as { event?: string }).event === 'finished',
      );
    for (let i = 0; i < 200 && !finished(); i++)
      await new Promise(r => setTimeout(r, 20));
    expect(finished()).toBe(true);
    // Sending is in the background: give it its chance.
    await new Promise(r => setTimeout(r, 100));
    return send.mock.calls as unknown[][];
  } finally {
    await backend.stop();
  }
}

describe('kymarosPlugin with the notifications service', () => {
  it("tells the test's entity of its first error, once", async () => {
    const calls = await firstRunSends({
      enabled: true,
      recipients: ['group:default/sre'],
    });
    expect(calls).toHaveLength(1);
    expect(calls[0][0]).toMatchObject({
      recipients: {
        type: 'entity',
        entityRef: ['component:default/shop', 'group:default/sre'],
      },
      payload: {
        title: 'Restore test shop could not complete',
        severity: 'high',
        link: '/catalog/default/component/shop/kymaros',
        topic: 'Restore test shop of component:default/shop',
      },
    });
  });

  it('sends nothing when this backend does not run the notifications plugin', async () => {
    expect(await firstRunSends()).toEqual([]);
  });

  it('sends nothing for a switched-off event', async () => {
    expect(await firstRunSends({ enabled: true, events: ['failure'] })).toEqual(
      [],
    );
  });
});
