import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { mockServices } from '@backstage/backend-test-utils';
import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { testEngine } from '../run/__testUtils__/testEngine';
import {
  catalogSource,
  demoEntities,
  fastDemoScenario,
} from '../run/__testUtils__/demoCatalog';
import { simulatorConfig } from '../run/__testUtils__/simulatorCluster';
import { documentedReports } from './__testUtils__/documentedReports';
import { presentReport } from './presentReport';
import { reportStamp } from './reportName';
import { reportToYaml } from './reportYaml';

jest.setTimeout(240_000);

const root = path.resolve(__dirname, '../../../..');

/** Every field of a report as `a.b[].c` with its JSON type; a level's own key reads `<level>`. */
function fields(value: unknown, at = '', out = new Map<string, string>()) {
  const type = Array.isArray(value) ? 'array' : typeof value;
  if (at) out.set(at.replace(/(validationLevels)\.\w+/, '$1.<level>'), type);
  if (Array.isArray(value)) value.forEach(v => fields(v, `${at}[]`, out));
  else if (value && typeof value === 'object')
    for (const [key, v] of Object.entries(value))
      fields(v, at ? `${at}.${key}` : key, out);
  return out;
}

const merged = (reports: unknown[]) =>
  new Map(reports.flatMap(r => [...fields(r)]));

/** The demo's payments-api (passes) and orders (pod startup fails), run on the simulator. */
async function runDemoServices(): Promise<Map<string, RestoreReport>> {
  const entities = demoEntities(['payments-api', 'orders']);
  const t = await testSimulator(fastDemoScenario());
  const logger = mockServices.logger.mock();
  const engine = await testEngine({
    config: simulatorConfig(t, {}, 'simulator'),
    logger,
    protectedNamespaces: ['kube-system', 'default'],
  });
  try {
    const tests = await catalogSource(
      entities,
      engine.definitionContext,
      logger,
    ).loadAll();
    await engine.store.upsertTests(tests);
    const reports = new Map<string, RestoreReport>();
    for (const test of tests) {
      await engine.runner.run(test.id, 'test', AbortSignal.timeout(200_000));
      const [latest] = await engine.store.listReports(test.id, 1);
      reports.set(test.name, presentReport(latest, 'kymaros-system'));
    }
    return reports;
  } finally {
    await engine.knex.destroy();
    await t.sim.stop();
  }
}

describe('reports as Kymaros documents them', () => {
  let reports: Map<string, RestoreReport>;
  const report = (name: string) => reports.get(name)!;

  beforeAll(async () => {
    reports = await runDemoServices();
  });

  it('have every documented field, with its type', () => {
    const ours = merged([...reports.values()]);
    const documented = merged(Object.values(documentedReports));
    const differences = [...documented]
      .filter(([field, type]) => ours.get(field) !== type)
      .map(([field, type]) => `${field}: ${type}, got ${ours.get(field)}`);
    expect(differences).toEqual([]);
  });

  it('document each field they add, in docs/reports.md', () => {
    const documented = merged(Object.values(documentedReports));
    const text = readFileSync(path.join(root, 'docs/reports.md'), 'utf8');
    const extras = [...merged([...reports.values()]).keys()].filter(
      field => !documented.has(field),
    );
    expect(extras.length).toBeGreaterThan(0);
    // Documented by its own name or an added field holding it (`status.rto.phases`).
    const parent = (field: string) =>
      field.endsWith('[]') ? field.slice(0, -2) : field.replace(/\.[^.]+$/, '');
    const mentioned = (field: string): boolean =>
      text.includes(`\`${field}\``) ||
      (parent(field) !== field &&
        !documented.has(parent(field)) &&
        mentioned(parent(field)));
    const undocumented = extras.filter(field => !mentioned(field));
    expect(undocumented).toEqual([]);
  });

  it('are named, placed and labelled as the documented example', () => {
    for (const r of reports.values()) {
      expect(r.metadata.name).toBe(
        `${r.spec.testRef}-${reportStamp(new Date(r.status.startedAt))}`,
      );
      expect(r.metadata.namespace).toBe('kymaros-system');
      expect(r.metadata.labels['kymaros.io/test']).toBe(r.spec.testRef);
      for (const time of [r.status.startedAt, r.status.completedAt])
        expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const { measured, target } = r.status.rto;
      expect(r.status.validationLevels.rtoCompliance.detail).toBe(
        `${measured} measured against ${target} target`,
      );
      expect(parseYaml(reportToYaml(r))).toEqual(r);
    }
    expect(report('orders').status.rto.target).toBe('15m');
  });

  it('word a passing run as the documented passing example', () => {
    const levels = report('payments-api').status.validationLevels;
    expect(levels.restoreIntegrity.detail).toBe(
      'Velero restore completed without errors',
    );
    expect(levels.completeness.detail).toBe(
      'All expected resources found in sandbox',
    );
    expect(levels.podStartup).toMatchObject({
      detail: expect.stringMatching(
        /^All pods reached Ready state within \d+(\.\d)?s$/,
      ),
      tested: ['payments-api', 'payments-worker', 'payments-db'],
      notTested: [],
    });
    expect(levels.internalHealth.detail).toBe('7/7 health checks passed');
    expect(levels.crossNamespaceDeps.detail).toBe(
      'No cross-namespace dependencies declared',
    );
  });

  it('word a failed pod startup as the documented failing example, naming workloads', () => {
    const levels = report('orders').status.validationLevels;
    expect(levels.podStartup).toMatchObject({
      status: 'fail',
      detail:
        'Pod orders-postgres-0 entered CrashLoopBackOff: container OOMKilled',
      tested: ['orders-api', 'orders-worker'],
      failed: ['orders-postgres'],
      notTested: [],
    });
    expect(levels.internalHealth).toMatchObject({
      detail: '0/3 checks passed, 2 skipped due to upstream failure',
      tested: [],
      failed: ['postgres-pod-ready'],
      notTested: ['api-http-ready', 'worker-pod-running'],
      notTestedReason:
        'Skipped: postgres-pod-ready failed, downstream checks aborted',
    });
    expect(levels.crossNamespaceDeps).toMatchObject({
      status: 'skip',
      detail: 'Skipped: pod startup did not complete',
      failed: [],
      notTested: ['shared-redis.platform-infra'],
      notTestedReason: 'Skipped: pod startup did not complete',
    });
  });
});
