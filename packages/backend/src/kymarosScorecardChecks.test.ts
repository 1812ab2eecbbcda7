import { JsonRulesEngineFactCheckerFactory } from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  KYMAROS_FACT_RETRIEVER_ID,
  kymarosDefaultChecks,
  kymarosRestoreFactSchema,
  type KymarosRestoreFacts,
} from '@kymaros/plugin-kymaros-backend-module-tech-insights';

const healthy: KymarosRestoreFacts = {
  hasRestoreTest: true,
  restoreTestCount: 1,
  restoreScore: 96,
  restoreResult: 'pass',
  lastRestoreTestAt: '2026-03-09T12:00:00.000Z',
  daysSinceLastRestoreTest: 1,
  rtoWithinSla: true,
  backupAgeSeconds: 3600,
};

/** The default checks evaluated by the real jsonfc engine on one entity's stored facts. */
async function results(facts: KymarosRestoreFacts) {
  const store = {
    getLatestFactsByIds: async () => ({
      [KYMAROS_FACT_RETRIEVER_ID]: {
        id: KYMAROS_FACT_RETRIEVER_ID,
        entity: { kind: 'component', namespace: 'default', name: 'orders' },
        facts,
      },
    }),
    getLatestSchemas: async () => [kymarosRestoreFactSchema],
  } as any;
  const checker = JsonRulesEngineFactCheckerFactory.fromConfig(
    new ConfigReader({
      techInsights: { factChecker: { checks: kymarosDefaultChecks } },
    }),
    { logger: mockServices.logger.mock() },
  ).construct(store);
  const checks = await checker.getChecks();
  for (const check of checks) {
    expect(await checker.validate(check)).toEqual({ valid: true });
  }
  const all = await checker.runChecks('component:default/orders');
  return Object.fromEntries(all.map(r => [r.check.id, r.result]));
}

describe('the default Kymaros checks in the jsonfc engine', () => {
  it('pass for a recent passing restore within its RTO', async () => {
    expect(await results(healthy)).toEqual({
      kymarosRestoreScore: true,
      kymarosRestoreTestedRecently: true,
      kymarosRestoreRtoWithinSla: true,
    });
  });

  it('pass at the thresholds: score 90, 7 days', async () => {
    expect(
      await results({
        ...healthy,
        restoreScore: 90,
        daysSinceLastRestoreTest: 7,
      }),
    ).toMatchObject({
      kymarosRestoreScore: true,
      kymarosRestoreTestedRecently: true,
    });
  });

  it('fail each on its own fact', async () => {
    expect(
      await results({
        ...healthy,
        restoreScore: 89,
        daysSinceLastRestoreTest: 7.01,
        rtoWithinSla: false,
      }),
    ).toEqual({
      kymarosRestoreScore: false,
      kymarosRestoreTestedRecently: false,
      kymarosRestoreRtoWithinSla: false,
    });
  });

  it('fail, without an engine error, for an entity without a restore test', async () => {
    expect(
      await results({
        hasRestoreTest: false,
        restoreTestCount: 0,
        restoreScore: null,
        restoreResult: null,
        lastRestoreTestAt: null,
        daysSinceLastRestoreTest: null,
        rtoWithinSla: null,
        backupAgeSeconds: null,
      }),
    ).toEqual({
      kymarosRestoreScore: false,
      kymarosRestoreTestedRecently: false,
      kymarosRestoreRtoWithinSla: false,
    });
  });
});
