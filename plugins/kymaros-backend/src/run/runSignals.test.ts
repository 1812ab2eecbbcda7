import { mockServices } from '@backstage/backend-test-utils';
import type { SignalsService } from '@backstage/plugin-signals-node';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { testRecord } from '../store/__testUtils__/fixtures';
import { runSignalsPublisher } from './runSignals';
import { testEngine } from './__testUtils__/testEngine';
import { simulatorConfig } from './__testUtils__/simulatorCluster';

jest.setTimeout(60_000);

function signalsMock() {
  const publish = jest.fn<Promise<void>, [any]>().mockResolvedValue();
  return { signals: { publish } as SignalsService, publish };
}

describe('runSignalsPublisher', () => {
  it('broadcasts on kymaros:runs a message naming neither the test, its entity, its step nor its result', () => {
    const { signals, publish } = signalsMock();
    const announce = runSignalsPublisher(signals, mockServices.logger.mock());
    announce('finished', 'component:secret/ledger:ledger');
    expect(publish).toHaveBeenCalledWith({
      recipients: { type: 'broadcast' },
      channel: 'kymaros:runs',
      message: { event: 'finished' },
    });
    expect(JSON.stringify(publish.mock.calls)).not.toContain('ledger');
  });

  it('never fails the caller when the signals service refuses', async () => {
    const { signals, publish } = signalsMock();
    publish.mockRejectedValue(new Error('events bus down'));
    const logger = mockServices.logger.mock();
    expect(() =>
      runSignalsPublisher(signals, logger)('step', 'a:b'),
    ).not.toThrow();
    await new Promise(r => setImmediate(r));
    expect(logger.debug).toHaveBeenCalledWith(
      expect.stringContaining('events bus down'),
    );
  });
});

describe('a run announces its changes', () => {
  it('publishes started, its steps, then finished once its state and report are stored', async () => {
    const t = await testSimulator({
      scenario: {
        objects: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'cfg', namespace: 'shop' },
          },
        ],
        backups: [{ name: 'b', includedNamespaces: ['shop'] }],
      } as any,
    });
    try {
      const { signals, publish } = signalsMock();
      const seen: string[] = [];
      const logger = mockServices.logger.mock();
      const publisher = runSignalsPublisher(signals, logger);
      const atFinish: Promise<unknown>[] = [];
      const engine = await testEngine({
        config: simulatorConfig(t, {
          timeouts: { restore: '30s', cleanup: '10s' },
        }),
        logger,
        protectedNamespaces: ['kube-system', 'default'],
        onRunChange: (event, testId) => {
          seen.push(event);
          publisher(event, testId);
          // What a page reloading on this signal would read.
          if (event === 'finished')
            atFinish.push(
              Promise.all([
                engine.store.getTest(testId),
                engine.store.listReports(testId, 1),
              ]),
            );
        },
      });
      const test = testRecord('component:default/shop', 'shop', {
        cluster: 'sim',
      });
      await engine.store.upsertTests([test]);
      await engine.runner.run(test.id, 'schedule');

      expect(seen[0]).toBe('started');
      expect(seen.at(-1)).toBe('finished');
      expect(seen.filter(e => e === 'finished')).toHaveLength(1);
      expect(seen.filter(e => e === 'step').length).toBeGreaterThan(0);
      expect(publish).toHaveBeenCalledTimes(seen.length);
      expect(new Set(publish.mock.calls.map(([s]) => s.channel))).toEqual(
        new Set(['kymaros:runs']),
      );
      const [[stored, reports]] = (await Promise.all(atFinish)) as any;
      expect(stored.state.phase).not.toBe('Running');
      expect(reports).toHaveLength(1);
      await engine.knex.destroy();
    } finally {
      await t.sim.stop();
    }
  });
});
