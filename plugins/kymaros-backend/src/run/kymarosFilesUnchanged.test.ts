import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { CronExpressionParser } from 'cron-parser';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { Notifier } from '../notifications/Notifier';
import { readNotificationsConfig } from '../notifications/readNotificationsConfig';
import { startReceiver } from '../notifications/__testUtils__/receiver';
import { nextRunAt } from '../scheduling/taskCadence';
import { simulatorConfig } from './__testUtils__/simulatorCluster';
import { testEngine } from './__testUtils__/testEngine';
import { catalogSource, fastDemoScenario } from './__testUtils__/demoCatalog';

jest.setTimeout(180_000);

const SIGNING_KEY = 'kymaros-files-test-key';

/** The orders service's test as the Kymaros documentation writes it: its own file. */
const restoreTest = `apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreTest
metadata:
  name: orders-db-validation
  namespace: kymaros-system
spec:
  backupSource:
    provider: velero
    backupName: latest
    namespaces:
      - name: orders
  schedule:
    cron: "CRON_TZ=Europe/Brussels @daily"
  sandbox:
    networkIsolation: strict
  healthChecks:
    policyRef: orders-checks
    timeout: 5m
  sla:
    maxRTO: 15m
    alertOnExceed: true
  notifications:
    onFailure:
      - type: webhook
        webhookSecretRef: ops-webhook
  timeout: 20m
  historyLimit: 5
  logCollection:
    enabled: true
    maxLines: 50
`;

/** Its checks, in a second file. */
const policy = `apiVersion: restore.kymaros.io/v1alpha1
kind: HealthCheckPolicy
metadata:
  name: orders-checks
  namespace: kymaros-system
spec:
  checks:
    - name: postgres-pod-ready
      type: podStatus
      podStatus: { labelSelector: { app: orders-postgres }, minReady: 1, timeout: 10s }
    - name: api-http-ready
      type: httpGet
      dependsOn: [postgres-pod-ready]
      httpGet: { service: orders-api, port: 8080, path: /healthz, expectedStatus: 200, retries: 3 }
    - name: worker-pod-running
      type: podStatus
      dependsOn: [postgres-pod-ready]
      podStatus: { labelSelector: { app: orders-worker }, minReady: 1 }
`;

/** What \`kustomize build\` puts beside them: manifests and a sample report. */
const manifests = `apiVersion: apps/v1
kind: Deployment
metadata: { name: orders-api, namespace: orders }
spec: { replicas: 1 }
---
apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreReport
metadata: { name: orders-db-validation-20240316-030008 }
spec: { testRef: orders-db-validation }
`;

describe('Kymaros files moved over unchanged', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;
  let knex: Knex;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await testSimulator(fastDemoScenario());
  });

  afterAll(async () => {
    await knex?.destroy();
    await t?.sim.stop();
    await receiver?.close();
  });

  it('loads the test, its policy in another file and the manifests beside them through the annotation, runs it, keeps its logs and notifies once', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'kymaros-files-'));
    mkdirSync(path.join(repo, 'restore'));
    writeFileSync(path.join(repo, 'restore', 'restoretest.yaml'), restoreTest);
    writeFileSync(path.join(repo, 'restore', 'healthcheckpolicy.yml'), policy);
    writeFileSync(path.join(repo, 'restore', 'kustomized.yaml'), manifests);
    const location = `file:${path.join(repo, 'catalog-info.yaml')}`;
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'orders',
        namespace: 'default',
        annotations: {
          'kymaros.io/enabled': 'true',
          'kymaros.io/restore-test': './restore',
          'backstage.io/managed-by-location': location,
          'backstage.io/managed-by-origin-location': location,
        },
      },
      spec: { type: 'service', owner: 'team-orders' },
    };
    const logger = mockServices.logger.mock();
    const notifier = new Notifier({
      config: readNotificationsConfig(
        new ConfigReader({
          kymaros: {
            notifications: {
              secrets: {
                'ops-webhook': {
                  url: receiver.url('/hooks/kymaros'),
                  signingSecret: SIGNING_KEY,
                },
              },
            },
          },
        }),
      ),
      logger,
    });
    const engine = await testEngine({
      // The crash-looping database never gets ready: the pod wait need not be long.
      config: simulatorConfig(t, { podReadyTimeout: '15s' }, 'simulator'),
      logger,
      protectedNamespaces: ['kube-system', 'default'],
      onRecorded: notifier.onRecorded,
    });
    knex = engine.knex;
    const source = catalogSource([entity], engine.definitionContext, logger);

    const [test, ...others] = await source.loadAll();
    expect(others).toEqual([]);
    expect(test.error).toBeUndefined();
    expect(test).toMatchObject({
      name: 'orders-db-validation',
      namespace: 'kymaros-system',
      source: 'restore/restoretest.yaml',
      warnings: [
        'restore/kustomized.yaml document 1: skipped a Deployment (apps/v1): only RestoreTest and HealthCheckPolicy documents (restore.kymaros.io/v1alpha1) are read',
        'restore/kustomized.yaml document 2: skipped a RestoreReport: reports are written by each run, not read from files',
      ],
    });
    // @daily in Brussels: the next midnight there.
    const next = new Date(nextRunAt(test.spec!.schedule, test.id)!);
    const expected = CronExpressionParser.parse('0 0 * * *', {
      tz: 'Europe/Brussels',
    })
      .next()
      .toDate();
    expect(next).toEqual(expected);

    await engine.store.upsertTests([test]);
    await engine.runner.run(test.id, 'test', AbortSignal.timeout(150_000));
    const [report] = await engine.store.listReports(test.id);
    const { status } = report;
    expect(report.metadata.name).toMatch(/^orders-db-validation-\d{8}-\d{6}$/);
    expect(status.result).toBe('fail');
    expect(status.checks.map(c => `${c.name}:${c.status}`)).toEqual([
      'postgres-pod-ready:fail',
      'api-http-ready:skip',
      'worker-pod-running:skip',
    ]);
    expect(status.validationLevels.podStartup.detail).toMatch(
      /^Pod orders-postgres-0 entered CrashLoopBackOff: container OOMKilled/,
    );

    const evidence = await engine.store.getEvidence(report.metadata.name);
    const postgres = evidence!.podLogs.find(
      p => p.podName === 'orders-postgres-0',
    )!;
    expect(postgres.containers.map(c => c.log).join('')).toContain(
      'terminated by signal 9',
    );

    await notifier.settled(10_000);
    expect(receiver.received).toHaveLength(1);
    const [message] = receiver.received;
    const timestamp = String(message.headers['x-kymaros-timestamp']);
    expect(message.headers['x-kymaros-signature']).toBe(
      `sha256=${createHmac('sha256', SIGNING_KEY)
        .update(`${timestamp}.${message.body}`)
        .digest('hex')}`,
    );
    expect(JSON.parse(message.body)).toMatchObject({
      event: 'failure',
      test: { name: 'orders-db-validation', namespace: 'kymaros-system' },
      report: { name: report.metadata.name, result: 'fail' },
    });
  });
});
