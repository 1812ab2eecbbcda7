import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { kymarosPlugin } from './plugin';
import { shop } from './__testUtils__/optedInShop';

describe('kymarosPlugin with the signals service', () => {
  it('announces the first run of a new test on kymaros:runs, from its start to its end', async () => {
    const publish = jest.fn(async () => {});
    const scheduler = mockServices.scheduler.mock();
    const backend = await startTestBackend({
      features: [
        kymarosPlugin,
        scheduler.factory,
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({ publish }),
        }),
        catalogServiceMock.factory({ entities: [shop] }),
        mockServices.rootConfig.factory({
          data: {
            kymaros: {
              // Credentials that cannot be read: the run ends in an error report at once.
              clusters: [
                { name: 'broken', kubeconfigPath: '/nonexistent/kubeconfig' },
              ],
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
      const events = () =>
        (publish.mock.calls as any[]).map(([signal]) => signal.message.event);
      for (let i = 0; i < 100 && !events().includes('finished'); i++)
        await new Promise(r => setTimeout(r, 20));
      expect(events()[0]).toBe('started');
      expect(events().at(-1)).toBe('finished');
      for (const [signal] of publish.mock.calls as any[])
        expect(signal).toEqual({
          recipients: { type: 'broadcast' },
          channel: 'kymaros:runs',
          message: {
            event: expect.stringMatching(/^(started|step|finished)$/),
          },
        });
    } finally {
      await backend.stop();
    }
  });
});
