import { KYMAROS_FACT_RETRIEVER_ID } from '../facts/restoreFactSchema';

/**
 * The ids of the default checks, as a scorecard asks for them.
 *
 * @public
 */
export const KYMAROS_CHECK_IDS = [
  'kymarosRestoreScore',
  'kymarosRestoreTestedRecently',
  'kymarosRestoreRtoWithinSla',
] as const;

/**
 * A check as `techInsights.factChecker.checks.<id>` holds it.
 *
 * @public
 */
export type KymarosCheckConfig = {
  type: 'json-rules-engine';
  name: string;
  description: string;
  factIds: string[];
  rule: {
    conditions: {
      all: { fact: string; operator: string; value: number | boolean }[];
    };
  };
};

/**
 * The default checks in the shape of `techInsights.factChecker.checks` (the
 * jsonfc module reads checks from config only): copy them into app-config,
 * or hand them to a `JsonRulesEngineFactCheckerFactory` you construct.
 * Thresholds: score at least 90 (a pass), a run within 7 days, RTO within
 * target.
 *
 * @public
 */
export const kymarosDefaultChecks: Record<
  (typeof KYMAROS_CHECK_IDS)[number],
  KymarosCheckConfig
> = {
  kymarosRestoreScore: {
    type: 'json-rules-engine',
    name: 'Restore score at least 90',
    description:
      'The latest restore test of every Kymaros test of the entity scored 90 or more (a pass)',
    factIds: [KYMAROS_FACT_RETRIEVER_ID],
    rule: {
      conditions: {
        all: [
          { fact: 'restoreScore', operator: 'greaterThanInclusive', value: 90 },
        ],
      },
    },
  },
  kymarosRestoreTestedRecently: {
    type: 'json-rules-engine',
    name: 'Restore tested within 7 days',
    description: 'Every Kymaros test of the entity has run in the last 7 days',
    factIds: [KYMAROS_FACT_RETRIEVER_ID],
    rule: {
      conditions: {
        all: [
          {
            fact: 'daysSinceLastRestoreTest',
            operator: 'lessThanInclusive',
            value: 7,
          },
        ],
      },
    },
  },
  kymarosRestoreRtoWithinSla: {
    type: 'json-rules-engine',
    name: 'RTO within target',
    description:
      'The latest restores of the entity finished within their RTO target',
    factIds: [KYMAROS_FACT_RETRIEVER_ID],
    rule: {
      conditions: {
        all: [{ fact: 'rtoWithinSla', operator: 'equal', value: true }],
      },
    },
  },
};
