import { mockServices } from '@backstage/backend-test-utils';
import type { StoredTest } from '../store/KymarosStore';
import { report } from '../notifications/__testUtils__/reports';
import { runEventsPublisher } from './runEvents';

const test = {
  id: 'component:default/orders:orders-nightly',
  name: 'orders-nightly',
  entityRef: 'component:default/orders',
  cluster: 'restore-lab',
} as StoredTest;

describe('runEventsPublisher', () => {
  it('publishes what a subscriber needs to act on a completed run, regression included', async () => {
    const publish = jest.fn(async () => {});
    const observer = runEventsPublisher(
      { publish, subscribe: async () => {} },
      mockServices.logger.mock(),
    );
    const current = report({
      score: 60,
      failing: { podStartup: 'pod orders-0 CrashLoopBackOff' },
      regression: true,
    });
    observer.runRecorded!({
      test,
      report: current,
      previous: report({ score: 100 }),
    });
    expect(publish).toHaveBeenCalledWith({
      topic: 'kymaros.run.completed',
      eventPayload: expect.objectContaining({
        testId: test.id,
        entityRef: 'component:default/orders',
        cluster: 'restore-lab',
        result: current.status.result,
        score: 60,
        reportName: current.metadata.name,
        completedAt: current.status.completedAt,
        rto: expect.objectContaining({ withinTarget: true }),
        regressedLevels: current.status.regression!.levels,
        previousResult: 'pass',
      }),
    });
  });

  it('never waits for nor fails because of the events service, and logs what it could not publish', async () => {
    const logger = mockServices.logger.mock();
    const observer = runEventsPublisher(
      {
        publish: () => Promise.reject(new Error('bus down')),
        subscribe: async () => {},
      },
      logger,
    );
    expect(() =>
      observer.runStarted!({ test, runId: 'r1', triggeredBy: 'schedule' }),
    ).not.toThrow();
    await new Promise(r => setImmediate(r));
    expect(logger.warn).toHaveBeenCalledWith(
      `Could not publish kymaros.run.started for ${test.id}: bus down`,
    );
  });
});
