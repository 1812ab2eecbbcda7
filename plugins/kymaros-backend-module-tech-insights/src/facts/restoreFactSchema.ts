import type { FactSchema } from '@backstage-community/plugin-tech-insights-common';

/**
 * The id under which the facts are stored; checks name it in `factIds`.
 *
 * @public
 */
export const KYMAROS_FACT_RETRIEVER_ID = 'kymaros-restore-facts';

/**
 * What is published for each entity. Every fact is present on every entity,
 * `null` when it does not apply, because json-rules-engine rejects a check
 * naming a fact an entity lacks instead of failing it.
 *
 * @public
 */
export interface KymarosRestoreFacts {
  [name: string]: string | number | boolean | null;
  hasRestoreTest: boolean;
  restoreTestCount: number;
  restoreScore: number | null;
  restoreResult: string | null;
  lastRestoreTestAt: string | null;
  daysSinceLastRestoreTest: number | null;
  rtoWithinSla: boolean | null;
  backupAgeSeconds: number | null;
}

/**
 * The schema of {@link KymarosRestoreFacts}. An entity with several tests
 * gets the worst of them in each fact.
 *
 * @public
 */
export const kymarosRestoreFactSchema: FactSchema = {
  hasRestoreTest: {
    type: 'boolean',
    description: 'The entity has at least one Kymaros restore test',
  },
  restoreTestCount: {
    type: 'integer',
    description: 'Number of Kymaros restore tests of the entity',
  },
  restoreScore: {
    type: 'integer',
    description:
      'Lowest latest restore score (0 to 100) across the tests of the entity; null when none has scored (an error run scores nothing)',
  },
  restoreResult: {
    type: 'string',
    description:
      'Worst latest outcome across the tests: invalid, fail, error, never, partial or pass; null without a test',
  },
  lastRestoreTestAt: {
    type: 'datetime',
    description:
      'Latest run of the least recently run test; null when a test has never run',
  },
  daysSinceLastRestoreTest: {
    type: 'float',
    description:
      'Days from lastRestoreTestAt to the time the facts were retrieved; null when a test has never run',
  },
  rtoWithinSla: {
    type: 'boolean',
    description:
      'Every test with a measured RTO restored within its target; null when none was measured',
  },
  backupAgeSeconds: {
    type: 'integer',
    description:
      'Age of the oldest backup restored by the latest runs, in seconds; null when none was measured',
  },
};
