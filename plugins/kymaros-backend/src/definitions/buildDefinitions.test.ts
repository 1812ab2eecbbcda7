import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { readKymarosConfig } from '../config/readKymarosConfig';
import { builtInCheckTypes } from '../checks/builtInCheckTypes';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { schedulerTimeZone } from '../scheduling/timeZones';
import {
  DefinitionContext,
  parseKymarosFile,
  testFromAnnotations,
} from './buildDefinitions';
import { testsFromFiles } from './fileTests';

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
  checkTypes: builtInCheckTypes(),
  protectedNamespaces: ['kube-system', 'velero'],
};
/** A string must match whole; a pattern as it is. */
const exactly = (m: string | RegExp) =>
  typeof m === 'string'
    ? new RegExp(`^${m.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`)
    : m;
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
      schedule: { cron: 'H H(1-4) * * *' },
      sandbox: { namespacePrefix: 'kymaros', networkIsolation: 'group' },
      sla: { maxRTO: '15m' },
      podReadyTimeout: '2m',
      historyLimit: 10,
    });
    expect(t.spec!.healthChecks!.checks!.map(c => c.name)).toEqual(['pods']);
  });

  it('runs in the cluster the backend knows when none is configured', () => {
    const inCluster = {
      ...ctx,
      config: readKymarosConfig(new ConfigReader({ kymaros: {} })),
    };
    const t = testFromAnnotations(
      entity({ 'kymaros.io/enabled': 'true', 'kymaros.io/namespaces': 'shop' }),
      inCluster,
      policies,
    );
    expect(t.error).toBeUndefined();
    expect(t.cluster).toBe('in-cluster');
    expect(t.spec!.cluster).toBe('in-cluster');
    expect(new ClusterRegistry([]).get(t.cluster).name).toBe('in-cluster');
  });

  it('takes the backup-age target from kymaros.io/max-rpo, else from kymaros.maxRPO, else none', () => {
    const annotations = {
      'kymaros.io/enabled': 'true',
      'kymaros.io/namespaces': 'shop',
    };
    const withDefault = {
      ...ctx,
      config: { ...ctx.config, maxRPO: '26h' },
    };
    expect(
      testFromAnnotations(
        entity({ ...annotations, 'kymaros.io/max-rpo': '6h' }),
        withDefault,
        policies,
      ).spec!.sla,
    ).toEqual({ maxRTO: '30m', maxRPO: '6h' });
    expect(
      testFromAnnotations(entity(annotations), withDefault, policies).spec!.sla,
    ).toEqual({ maxRTO: '30m', maxRPO: '26h' });
    expect(
      testFromAnnotations(entity(annotations), ctx, policies).spec!.sla,
    ).toEqual({ maxRTO: '30m' });
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
    [
      { 'kymaros.io/max-rto': 'soon' },
      'kymaros.io/max-rto: "soon" is not a duration such as 30s, 5m or 2h',
    ],
    [
      { 'kymaros.io/max-rpo': '1 day' },
      'kymaros.io/max-rpo: "1 day" is not a duration such as 30s, 5m or 2h',
    ],
    [
      { 'kymaros.io/health-check-policy': 'nope' },
      /unknown HealthCheckPolicy "nope"/,
    ],
    [
      { 'kymaros.io/network-isolation': 'none' },
      'kymaros.io/network-isolation: "none" is not one of strict, group',
    ],
    [
      { 'kymaros.io/backup': 'Nightly Backup' },
      /^kymaros.io\/backup: "Nightly Backup" is not "latest" or a valid backup name/,
    ],
    [{ 'kymaros.io/schedule': '' }, 'kymaros.io/schedule: must not be empty'],
    [{ 'kymaros.io/provider': '' }, 'kymaros.io/provider: must not be empty'],
    [
      { 'kymaros.io/namespaces': ' , ' },
      'kymaros.io/namespaces: " , " names no namespace (write a comma-separated list)',
    ],
    [
      { 'kymaros.io/namespaces': 'payments,payments' },
      'kymaros.io/namespaces: "payments" is listed twice',
    ],
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
    expect(t.error).toMatch(exactly(message));
    // Every message names the annotation the user wrote, never a spec path.
    expect(t.error).toMatch(/^(kymaros\.io|backstage\.io)\/[a-z-]+: /);
    expect(t.error).not.toContain('annotations.');
  });

  it('ignores empty items in the namespace list', () => {
    const t = testFromAnnotations(
      entity({ 'kymaros.io/namespaces': 'payments, , ' }),
      ctx,
      policies,
    );
    expect(t.error).toBeUndefined();
    expect(t.spec!.backupSource.namespaces).toEqual([{ name: 'payments' }]);
  });

  it('names the Kubernetes plugin annotation when the namespaces came from it', () => {
    const t = testFromAnnotations(
      entity({
        'kymaros.io/enabled': 'true',
        'backstage.io/kubernetes-namespace': 'velero',
      }),
      ctx,
      policies,
    );
    expect(t.error).toBe(
      'backstage.io/kubernetes-namespace: "velero" cannot be restore-tested (system or backup-tool namespace)',
    );
  });

  it('names an invalid app-config default as such', () => {
    const t = testFromAnnotations(
      entity({ 'kymaros.io/namespaces': 'payments' }),
      { ...ctx, config: { ...ctx.config, schedule: 'nightly' } },
      policies,
    );
    expect(t.error).toMatch(
      /^kymaros.schedule \(app-config default\): invalid cron "nightly"/,
    );
  });

  it.each([
    [
      'kymaros.io/namespaces',
      /is longer than 63 characters, the limit for a namespace name$/,
    ],
    [
      'kymaros.io/schedule',
      /invalid cron "a{80}…" \(200 characters\): expected 5 fields/,
    ],
    ['kymaros.io/provider', /unknown provider "a{80}…" \(200 characters\)/],
    ['kymaros.io/cluster', /unknown cluster "a{80}…" \(200 characters\)/],
    ['kymaros.io/health-check-policy', /unknown HealthCheckPolicy "a{80}…"/],
    [
      'kymaros.io/network-isolation',
      /"a{80}…" \(200 characters\) is not one of strict, group$/,
    ],
    ['kymaros.io/max-rto', /"a{80}…" \(200 characters\) is not a duration/],
  ])('gives a precise error for a 200-character %s', (annotation, message) => {
    const t = testFromAnnotations(
      entity({
        'kymaros.io/namespaces': 'payments',
        [annotation]: 'a'.repeat(200),
      }),
      ctx,
      policies,
    );
    expect(t.error).toMatch(new RegExp(`^${annotation}: `));
    expect(t.error).toMatch(message);
  });

  it('accepts a 200-character backup name, which Kubernetes allows', () => {
    const t = testFromAnnotations(
      entity({
        'kymaros.io/namespaces': 'payments',
        'kymaros.io/backup': 'a'.repeat(200),
      }),
      ctx,
      policies,
    );
    expect(t.error).toBeUndefined();
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
  schedule: { cron: "0 3 * * *" }
  sandbox: { namespacePrefix: kym, ttl: 30m0s, networkIsolation: strict, resourceQuota: { cpu: "4", memory: 8Gi } }
  healthChecks: { policyRef: orders-checks, timeout: 10m0s }
  sla: { maxRTO: 15m0s, alertOnExceed: true }
  historyLimit: 5
`;

  it('loads Kymaros YAML unchanged, policies included', () => {
    const parsed = parseKymarosFile(file, 'file:/x/kymaros.yaml');
    expect(parsed.errors).toEqual([]);
    const [t] = testsFromFiles(
      entity({}, 'orders'),
      [parsed],
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
    const [t] = testsFromFiles(entity({}, 'orders'), [parsed], ctx, []);
    expect(t.error).toBe(
      'kymaros.yaml document 2, line 19 column 49: spec.backupSource.namespaces: must list at least one namespace',
    );
  });

  it('points at the line and column of the field', () => {
    const bad = file.replace('ttl: 30m0s', 'ttl: half an hour');
    const [t] = testsFromFiles(
      entity({}, 'orders'),
      [parseKymarosFile(bad, 'kymaros.yaml')],
      ctx,
      [],
    );
    expect(t.error).toBe(
      'kymaros.yaml document 2, line 21 column 41: spec.sandbox.ttl: must be a duration such as 30s, 5m or 2h',
    );
  });

  it('points at an unknown key and names it as written', () => {
    const bad = file.replace(
      'historyLimit: 5',
      'historyLimit: 5\n  retention: 3',
    );
    const [t] = testsFromFiles(
      entity({}, 'orders'),
      [parseKymarosFile(bad, 'kymaros.yaml')],
      ctx,
      [],
    );
    expect(t.error).toBe(
      "kymaros.yaml document 2, line 25 column 3: spec: Unrecognized key(s) in object: 'retention'",
    );
  });

  it('names the document of a policy error', () => {
    const parsed = parseKymarosFile(
      file.replace('minReady: 1, timeout: 1m', 'minReady: many, timeout: 1m'),
      'kymaros.yaml',
    );
    const problem =
      'kymaros.yaml document 1, line 9 column 71: spec.checks.0.podStatus.minReady: Expected number, received string';
    expect(parsed.errors).toEqual([]);
    expect(parsed.policies[0]).toMatchObject({
      name: 'orders-checks',
      error: problem,
    });
    // The test that names it says why it cannot use it.
    const [t] = testsFromFiles(entity({}, 'orders'), [parsed], ctx, []);
    expect(t.error).toBe(
      `healthChecks.policyRef: HealthCheckPolicy "orders-checks" cannot be used: ${problem}`,
    );
  });

  it('never repeats a value from the file in an error', () => {
    const secret = 'sk-LIVE-7f3a9c2e';
    const cases = [
      file.replace('networkIsolation: strict', `networkIsolation: ${secret}`),
      file.replace('ttl: 30m0s', `ttl: ${secret}`),
      file.replace('historyLimit: 5', `historyLimit: ${secret}`),
      file.replace(
        'networkIsolation: strict',
        `networkIsolation: strict, egress: [{ cidr: ${secret} }]`,
      ),
      file.replace(
        'networkIsolation: strict',
        `networkIsolation: strict, egress: [{ cidr: 10.0.0.0/8, except: [${secret}] }]`,
      ),
      file.replace('kind: HealthCheckPolicy', `kind: ${secret}`),
      file.replace(
        'apiVersion: restore.kymaros.io/v1alpha1',
        `apiVersion: ${secret}`,
      ),
      `${file}\n---\napi_key: "${secret}\n`,
      `${file}\n---\nkey: *${secret}\n`,
      `${file}\n---\nkey: !${secret} x\n`,
      `${file}\n---\nkey: "\\${secret}"\n`,
      `${file}\n---\nkey: |${secret}\n  x\n`,
      `${file}\n---\n[${secret}, ]]\n`,
    ];
    for (const text of cases) {
      const parsed = parseKymarosFile(text, 'k.yaml');
      const tests = testsFromFiles(entity({}, 'orders'), [parsed], ctx, []);
      const errors = tests.map(t => t.error ?? '').join('\n');
      const warnings = tests.flatMap(t => t.warnings ?? []).join('\n');
      // Each case is either refused or skipped, and says where.
      expect(`${errors}\n${warnings}`).toMatch(/k.yaml document \d/);
      expect(warnings).not.toContain(secret);
      expect(errors).not.toContain(secret);
      expect(errors).not.toContain('sk-');
    }
  });

  describe('sandbox egress, automatic quota and Jobs', () => {
    const load = (text: string, context = ctx) =>
      testsFromFiles(
        entity({}, 'orders'),
        [parseKymarosFile(text, 'kymaros.yaml')],
        context,
        [],
      )[0];
    const withSandbox = (extra: string) =>
      file.replace(
        'resourceQuota: { cpu: "4", memory: 8Gi } }',
        `resourceQuota: { cpu: "4", memory: 8Gi, auto: true }, ${extra} }`,
      );

    it('loads declared egress, resourceQuota.auto and runJobs as written', () => {
      const t = load(
        withSandbox(
          'runJobs: true, egress: [{ name: payments-db, cidr: 10.20.0.0/16, ports: [{ port: 5432 }] }]',
        ),
      );
      expect(t.error).toBeUndefined();
      expect(t.spec!.sandbox).toMatchObject({
        resourceQuota: { cpu: '4', memory: '8Gi', auto: true },
        runJobs: true,
        egress: [
          {
            name: 'payments-db',
            cidr: '10.20.0.0/16',
            ports: [{ port: 5432 }],
          },
        ],
      });
    });

    it('points at a rule that would open the sandbox to everything', () => {
      expect(load(withSandbox('egress: [{ cidr: 0.0.0.0/0 }]')).error).toBe(
        "kymaros.yaml document 2, line 21 column 145: spec.sandbox.egress.0.cidr: 0.0.0.0/0 spans more than a /8, which would open the sandbox to a wide part of the network, production included, whatever except lists: name the dependency's own range, a /8 or narrower such as 10.20.0.0/16",
      );
    });

    it('refuses egress to a namespace the test restores: it would reach production', () => {
      expect(load(withSandbox('egress: [{ namespace: orders }]')).error).toBe(
        'sandbox.egress.0.namespace: "orders" is restored by this test: its sandbox copy is reached already, and a rule to the namespace itself would let the sandbox reach production',
      );
    });

    it('refuses a namespaceSelector that names a namespace the test restores', () => {
      expect(
        load(
          withSandbox(
            "egress: [{ namespaceSelector: { 'kubernetes.io/metadata.name': orders } }]",
          ),
        ).error,
      ).toBe(
        'sandbox.egress.0.namespaceSelector.kubernetes.io/metadata.name: "orders" is restored by this test: its sandbox copy is reached already, and a rule to the namespace itself would let the sandbox reach production',
      );
      const other =
        "egress: [{ namespaceSelector: { 'kubernetes.io/metadata.name': shared-cache } }]";
      expect(load(withSandbox(other)).error).toBeUndefined();
    });

    it('takes egress and runJobs from app-config for tests that set none, and a test may opt out', () => {
      const configured: DefinitionContext = {
        ...ctx,
        config: readKymarosConfig(
          new ConfigReader({
            kymaros: {
              clusters: [
                { name: 'restore-lab', url: 'https://k8s.example.com' },
              ],
              sandbox: {
                runJobs: true,
                egress: [{ name: 'ldap', cidr: '10.9.0.0/24' }],
              },
            },
          }),
        ),
      };
      const annotated = testFromAnnotations(
        entity({ 'kymaros.io/namespaces': 'payments' }),
        configured,
        policies,
      );
      expect(annotated.error).toBeUndefined();
      expect(annotated.spec!.sandbox).toMatchObject({
        runJobs: true,
        egress: [{ name: 'ldap', cidr: '10.9.0.0/24' }],
      });
      const optedOut = load(
        withSandbox('runJobs: false, egress: []'),
        configured,
      );
      expect(optedOut.error).toBeUndefined();
      expect(optedOut.spec!.sandbox.egress).toBeUndefined();
      expect(optedOut.spec!.sandbox.runJobs).toBeUndefined();
      // Without app-config defaults, a test that says nothing gets neither.
      const plain = load(file);
      expect(plain.spec!.sandbox.egress).toBeUndefined();
      expect(plain.spec!.sandbox.runJobs).toBeUndefined();
    });

    it('names the app-config key when the configured egress reaches a restored namespace', () => {
      const configured: DefinitionContext = {
        ...ctx,
        config: readKymarosConfig(
          new ConfigReader({
            kymaros: {
              clusters: [
                { name: 'restore-lab', url: 'https://k8s.example.com' },
              ],
              sandbox: { egress: [{ namespace: 'payments' }] },
            },
          }),
        ),
      };
      expect(
        testFromAnnotations(
          entity({ 'kymaros.io/namespaces': 'payments' }),
          configured,
          policies,
        ).error,
      ).toBe(
        'kymaros.sandbox.egress.0.namespace: "payments" is restored by this test: its sandbox copy is reached already, and a rule to the namespace itself would let the sandbox reach production',
      );
    });
  });

  it('says which policy field is wrong for an enum, listing the allowed values', () => {
    const bad = file.replace(
      'networkIsolation: strict',
      'networkIsolation: open',
    );
    const [t] = testsFromFiles(
      entity({}, 'orders'),
      [parseKymarosFile(bad, 'kymaros.yaml')],
      ctx,
      [],
    );
    expect(t.error).toBe(
      'kymaros.yaml document 2, line 21 column 66: spec.sandbox.networkIsolation: must be one of strict, group',
    );
  });

  it('gives a precise error for a 200-character test name', () => {
    const long = 'a'.repeat(200);
    const [t] = testsFromFiles(
      entity({}, 'orders'),
      [
        parseKymarosFile(
          file.replace('name: orders-nightly', `name: ${long}`),
          'k.yaml',
        ),
      ],
      ctx,
      [],
    );
    expect(t.error).toBe(
      `metadata.name: "${'a'.repeat(
        80,
      )}…" (200 characters) is longer than 63 characters, the limit for a test name`,
    );
  });

  it('reports YAML syntax errors with the location', () => {
    const parsed = parseKymarosFile(
      'kind: [unclosed',
      'https://git.example.com/kymaros.yaml',
    );
    const [t] = testsFromFiles(entity({}, 'orders'), [parsed], ctx, []);
    expect(t.error).toBe(
      'https://git.example.com/kymaros.yaml document 1, line 1 column 16: bad indentation, or a [ or { that is not closed',
    );
  });

  it('rejects dependsOn on an unknown check and unknown check types', () => {
    const bad = file
      .replace('dependsOn: [postgres-pod-ready]', 'dependsOn: [ghost]')
      .replace('type: podStatus', 'type: telepathy');
    const [t] = testsFromFiles(
      entity({}, 'orders'),
      [parseKymarosFile(bad, 'k.yaml')],
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

  describe('schedule.timezone', () => {
    const load = (timezone: string) =>
      testsFromFiles(
        entity({}, 'orders'),
        [
          parseKymarosFile(
            file.replace(
              'schedule: { cron: "0 3 * * *" }',
              `schedule: { cron: "0 3 * * *", timezone: "${timezone}" }`,
            ),
            'k.yaml',
            ctx.checkTypes,
          ),
        ],
        ctx,
        [],
      )[0];
    const scheduler = schedulerTimeZone();
    const other = scheduler === 'Europe/Paris' ? 'Asia/Tokyo' : 'Europe/Paris';

    it('accepts the time zone the scheduler evaluates cron in', () => {
      expect(load(scheduler).error).toBeUndefined();
    });

    it('accepts any other zone: the schedule runs in it', () => {
      expect(load(other).error).toBeUndefined();
      expect(load(other).spec?.schedule.timezone).toBe(other);
    });

    it('says when the name is no time zone', () => {
      expect(load('Mars/Olympus_Mons').error).toBe(
        'schedule.timezone: "Mars/Olympus_Mons" is not a time zone name (an IANA name such as Europe/Brussels, or UTC)',
      );
    });
  });

  describe('checks', () => {
    const load = (text: string) =>
      testsFromFiles(
        entity({}, 'orders'),
        [parseKymarosFile(text, 'k.yaml', ctx.checkTypes)],
        ctx,
        [],
      )[0];
    const inline = (checks: string) =>
      file.replace(
        'healthChecks: { policyRef: orders-checks, timeout: 10m0s }',
        `healthChecks:\n    checks:\n${checks}`,
      );

    it("validates a check's settings with its type's schema, naming the field", () => {
      const t = load(
        inline(
          '      - { name: web, type: httpGet, httpGet: { service: web, port: HTTP_PORT, path: / } }',
        ),
      );
      expect(t.error).toBe(
        'k.yaml document 2, line 24 column 68: spec.healthChecks.checks.0.httpGet.port: must be a port number (1-65535) or a port name',
      );
    });

    it('holds retries and exit codes to the rules the runner applies', () => {
      expect(
        load(
          inline(
            '      - { name: web, type: httpGet, retries: 15, httpGet: { service: web, port: 80, path: / } }',
          ),
        ).error,
      ).toMatch(
        /spec\.healthChecks\.checks\.0\.retries: must be a whole number from 0 to 10$/,
      );
      expect(
        load(
          inline(
            '      - { name: db, type: exec, exec: { podSelector: { app: db }, command: [x], successExitCode: 300 } }',
          ),
        ).error,
      ).toMatch(
        /spec\.healthChecks\.checks\.0\.exec\.successExitCode: Number must be less than or equal to 255$/,
      );
    });

    it('requires the settings block of the check type', () => {
      expect(load(inline('      - { name: web, type: httpGet }')).error).toBe(
        'k.yaml document 2, line 24 column 9: spec.healthChecks.checks.0.httpGet: is required by a check of type httpGet',
      );
    });

    it('never repeats a rejected value of a check setting', () => {
      const secret = 'sk-LIVE-7f3a9c2e';
      const cases = [
        `      - { name: web, type: httpGet, timeout: ${secret}, httpGet: { service: web, port: 80, path: / } }`,
        `      - { name: web, type: httpGet, httpGet: { service: web, port: 80, path: /${secret}/../x } }`,
        `      - { name: web, type: httpGet, httpGet: { service: web, port: 80, path: /, scheme: ${secret} } }`,
      ];
      for (const checks of cases) {
        const t = load(inline(checks));
        expect(t.error).toMatch(/^k.yaml document 2, line 24 column \d+: /);
        expect(t.error).not.toContain('sk-');
      }
      expect(load(inline(cases[0])).error).toMatch(
        /checks\.0\.timeout: must be a duration such as 30s, 5m or 1h30m$/,
      );
    });

    it('plans the graph when the test loads: duplicate names and cycles fail it', () => {
      const t = load(
        inline(
          [
            '      - { name: a, type: podStatus, dependsOn: [b], podStatus: { minReady: 1 } }',
            '      - { name: b, type: podStatus, dependsOn: [a], podStatus: { minReady: 1 } }',
            '      - { name: b, type: podStatus, podStatus: { minReady: 1 } }',
          ].join('\n'),
        ),
      );
      expect(t.spec).toBeUndefined();
      expect(t.error).toBe(
        'check "a": dependsOn cycle: a → b → a; check "b": dependsOn cycle: b → a → b; check "b": the name is used twice',
      );
    });

    it("plans a policy's checks under the policy, from configuration too", () => {
      const configPolicy = {
        name: 'orders-checks',
        checks: [
          { name: 'pods', type: 'podStatus', podStatus: { minReady: 1 } },
          { name: 'pods', type: 'podStatus', podStatus: { minReady: 2 } },
          { name: 'ready', type: 'podStatus' },
        ],
      };
      const withoutFilePolicy = file.slice(file.indexOf('---'));
      const [t] = testsFromFiles(
        entity({}, 'orders'),
        [parseKymarosFile(withoutFilePolicy, 'k.yaml', ctx.checkTypes)],
        ctx,
        [configPolicy],
      );
      expect(t.error).toBe(
        'healthChecks.policyRef: check "pods": the name is used twice; healthChecks.policyRef: check "ready": type podStatus needs a "podStatus" block',
      );
      const annotated = testFromAnnotations(
        entity({
          'kymaros.io/namespaces': 'orders',
          'kymaros.io/health-check-policy': 'orders-checks',
        }),
        ctx,
        new Map([[configPolicy.name, configPolicy]]),
      );
      expect(annotated.error).toBe(
        'kymaros.io/health-check-policy: check "pods": the name is used twice; kymaros.io/health-check-policy: check "ready": type podStatus needs a "podStatus" block',
      );
    });
  });

  it('says when a file has no RestoreTest', () => {
    const [t] = testsFromFiles(
      entity({}, 'orders'),
      [parseKymarosFile('', 'k.yaml')],
      ctx,
      [],
    );
    expect(t.error).toBe('k.yaml: no RestoreTest document found');
  });
});
