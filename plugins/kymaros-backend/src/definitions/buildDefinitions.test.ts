import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { readKymarosConfig } from '../config/readKymarosConfig';
import {
  DefinitionContext,
  parseKymarosFile,
  testFromAnnotations,
  testsFromFile,
} from './buildDefinitions';

const ctx: DefinitionContext = {
  config: readKymarosConfig(
    new ConfigReader({
      kymaros: {
        clusters: [{ name: 'restore-lab', url: 'https://k8s.example.com' }],
        healthCheckPolicies: [
          {
            name: 'web-basics',
            checks: [
              { name: 'pods', type: 'podStatus', podStatus: { minReady: 1 } },
            ],
          },
        ],
      },
    }),
  ),
  providers: ['velero', 'kasten', 'trilio'],
  checkTypes: [
    'podStatus',
    'httpGet',
    'tcpSocket',
    'exec',
    'resourceExists',
    'query',
    'script',
  ],
  protectedNamespaces: ['kube-system', 'velero'],
};
const policies = new Map(ctx.config.policies.map(p => [p.name, p]));

function entity(
  annotations: Record<string, string>,
  name = 'payments-api',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

describe('testFromAnnotations', () => {
  it('builds a complete test from annotations and defaults', () => {
    const t = testFromAnnotations(
      entity({
        'kymaros.io/enabled': 'true',
        'kymaros.io/namespaces': 'payments, payments-db',
        'kymaros.io/max-rto': '15m',
        'kymaros.io/health-check-policy': 'web-basics',
        'kymaros.io/network-isolation': 'group',
      }),
      ctx,
      policies,
    );
    expect(t.error).toBeUndefined();
    expect(t.id).toBe('component:default/payments-api:payments-api');
    expect(t.cluster).toBe('restore-lab');
    expect(t.spec).toMatchObject({
      backupSource: {
        provider: 'velero',
        backupName: 'latest',
        namespaces: [{ name: 'payments' }, { name: 'payments-db' }],
      },
      schedule: { cron: '0 3 * * *' },
      sandbox: { namespacePrefix: 'kymaros', networkIsolation: 'group' },
      sla: { maxRTO: '15m' },
      podReadyTimeout: '2m',
      historyLimit: 10,
    });
    expect(t.spec!.healthChecks!.checks!.map(c => c.name)).toEqual(['pods']);
  });

  it('falls back to the Kubernetes plugin namespace annotation', () => {
    const t = testFromAnnotations(
      entity({
        'kymaros.io/enabled': 'true',
        'backstage.io/kubernetes-namespace': 'shop',
      }),
      ctx,
      policies,
    );
    expect(t.spec!.backupSource.namespaces).toEqual([{ name: 'shop' }]);
  });

  it.each([
    [
      { 'kymaros.io/schedule': '61 * * * *' },
      /schedule: invalid cron "61 \* \* \* \*"/,
    ],
    [{ 'kymaros.io/schedule': '*/5 * * * * *' }, /expected 5 fields/],
    [
      { 'kymaros.io/provider': 'bacula' },
      /unknown provider "bacula" \(known: velero, kasten, trilio\)/,
    ],
    [{ 'kymaros.io/max-rto': 'soon' }, /sla.maxRTO: must be a duration/],
    [
      { 'kymaros.io/health-check-policy': 'nope' },
      /unknown HealthCheckPolicy "nope"/,
    ],
    [{ 'kymaros.io/network-isolation': 'none' }, /networkIsolation/],
    [
      { 'kymaros.io/cluster': 'prod-eu' },
      /unknown cluster "prod-eu" \(configured: restore-lab\)/,
    ],
    [
      { 'kymaros.io/namespaces': 'kube-system' },
      /"kube-system" cannot be restore-tested/,
    ],
    [
      { 'kymaros.io/namespaces': 'Bad_NS' },
      /"Bad_NS" is not a valid namespace name/,
    ],
  ])('reports %p precisely', (extra, message) => {
    const t = testFromAnnotations(
      entity({
        'kymaros.io/enabled': 'true',
        'kymaros.io/namespaces': 'payments',
        ...extra,
      }),
      ctx,
      policies,
    );
    expect(t.spec).toBeUndefined();
    expect(t.error).toMatch(message);
  });

  it('says which annotations to add when no namespace is known', () => {
    const t = testFromAnnotations(
      entity({ 'kymaros.io/enabled': 'true' }),
      ctx,
      policies,
    );
    expect(t.error).toMatch(
      /set kymaros.io\/namespaces .* or backstage.io\/kubernetes-namespace/,
    );
  });

  it('accepts recognised providers the engine does not support yet; the run reports them', () => {
    const t = testFromAnnotations(
      entity({
        'kymaros.io/enabled': 'true',
        'kymaros.io/namespaces': 'analytics',
        'kymaros.io/provider': 'kasten',
      }),
      ctx,
      policies,
    );
    expect(t.error).toBeUndefined();
    expect(t.spec!.backupSource.provider).toBe('kasten');
  });
});

describe('RestoreTest files', () => {
  const file = `
apiVersion: restore.kymaros.io/v1alpha1
kind: HealthCheckPolicy
metadata: { name: orders-checks }
spec:
  checks:
    - name: postgres-pod-ready
      type: podStatus
      podStatus: { labelSelector: { app: orders-postgres }, minReady: 1, timeout: 1m }
    - name: api-http-ready
      type: httpGet
      dependsOn: [postgres-pod-ready]
      httpGet: { service: orders-api, port: http, path: /healthz, expectedStatus: 200 }
---
apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreTest
metadata: { name: orders-nightly, namespace: kymaros-system }
spec:
  backupSource: { provider: velero, backupName: latest, namespaces: [{ name: orders }] }
  schedule: { cron: "0 3 * * *", timezone: Europe/Brussels }
  sandbox: { namespacePrefix: kym, ttl: 30m0s, networkIsolation: strict, resourceQuota: { cpu: "4", memory: 8Gi } }
  healthChecks: { policyRef: orders-checks, timeout: 10m0s }
  sla: { maxRTO: 15m0s, alertOnExceed: true }
  historyLimit: 5
`;

  it('loads Kymaros YAML unchanged, policies included', () => {
    const parsed = parseKymarosFile(file, 'file:/x/kymaros.yaml');
    expect(parsed.errors).toEqual([]);
    const [t] = testsFromFile(
      entity({}, 'orders'),
      parsed,
      'file:/x/kymaros.yaml',
      ctx,
      ctx.config.policies,
    );
    expect(t.error).toBeUndefined();
    expect(t.name).toBe('orders-nightly');
    expect(t.spec!.healthChecks!.checks!.map(c => c.name)).toEqual([
      'postgres-pod-ready',
      'api-http-ready',
    ]);
    expect(t.spec!.sandbox.namespacePrefix).toBe('kym');
    expect(t.spec!.historyLimit).toBe(5);
  });

  it('names the document and field of a schema error', () => {
    const bad = file.replace(
      'provider: velero, backupName: latest, namespaces: [{ name: orders }]',
      'provider: velero, namespaces: []',
    );
    const parsed = parseKymarosFile(bad, 'kymaros.yaml');
    const [t] = testsFromFile(
      entity({}, 'orders'),
      parsed,
      'kymaros.yaml',
      ctx,
      [],
    );
    expect(t.error).toBe(
      'spec.backupSource.namespaces: must list at least one namespace',
    );
  });

  it('reports YAML syntax errors with the location', () => {
    const parsed = parseKymarosFile(
      'kind: [unclosed',
      'https://git.example.com/kymaros.yaml',
    );
    const [t] = testsFromFile(
      entity({}, 'orders'),
      parsed,
      'https://git.example.com/kymaros.yaml',
      ctx,
      [],
    );
    expect(t.error).toMatch(
      /^https:\/\/git.example.com\/kymaros.yaml document 1: /,
    );
  });

  it('rejects dependsOn on an unknown check and unknown check types', () => {
    const bad = file
      .replace('dependsOn: [postgres-pod-ready]', 'dependsOn: [ghost]')
      .replace('type: podStatus', 'type: telepathy');
    const [t] = testsFromFile(
      entity({}, 'orders'),
      parseKymarosFile(bad, 'k.yaml'),
      'k.yaml',
      ctx,
      [],
    );
    expect(t.error).toContain(
      'check "postgres-pod-ready": unknown type "telepathy"',
    );
    expect(t.error).toContain(
      'check "api-http-ready": dependsOn names unknown check "ghost"',
    );
  });

  it('says when a file has no RestoreTest', () => {
    const [t] = testsFromFile(
      entity({}, 'orders'),
      parseKymarosFile('', 'k.yaml'),
      'k.yaml',
      ctx,
      [],
    );
    expect(t.error).toBe('k.yaml: no RestoreTest document found');
  });
});
