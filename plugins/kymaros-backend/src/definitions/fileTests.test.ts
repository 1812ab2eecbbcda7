import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { readKymarosConfig } from '../config/readKymarosConfig';
import { builtInCheckTypes } from '../checks/builtInCheckTypes';
import type { DefinitionContext } from './buildDefinitions';
import { testsFromFiles } from './fileTests';
import { parseKymarosFile } from './parseKymarosFile';

const ctx: DefinitionContext = {
  config: readKymarosConfig(
    new ConfigReader({
      kymaros: {
        clusters: [{ name: 'restore-lab', url: 'https://k8s.example.com' }],
        healthCheckPolicies: [
          {
            name: 'from-config',
            checks: [
              { name: 'pods', type: 'podStatus', podStatus: { minReady: 1 } },
            ],
          },
        ],
      },
    }),
  ),
  providers: ['velero'],
  checkTypes: builtInCheckTypes(),
  protectedNamespaces: ['kube-system', 'velero'],
};

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', namespace: 'default' },
  spec: { type: 'service', owner: 'team-orders' },
};

/** A RestoreTest as the Kymaros documentation writes one. */
const restoreTest = (
  name: string,
  extra = '',
  namespace = 'kymaros-system',
) => `apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreTest
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  backupSource:
    provider: velero
    backupName: latest
    namespaces:
      - name: orders
  schedule:
    cron: "0 3 * * *"
  healthChecks:
    policyRef: orders-checks
${extra}`;

const policy = (
  minReady = 2,
  namespace = 'kymaros-system',
) => `apiVersion: restore.kymaros.io/v1alpha1
kind: HealthCheckPolicy
metadata:
  name: orders-checks
  namespace: ${namespace}
spec:
  checks:
    - name: api-pods
      type: podStatus
      podStatus:
        labelSelector: { app: api }
        minReady: ${minReady}
`;

const load = (...files: [string, string][]) =>
  testsFromFiles(
    entity,
    files.map(([location, text]) => parseKymarosFile(text, location)),
    ctx,
    ctx.config.policies,
  );

describe('testsFromFiles', () => {
  it('resolves a policy defined in another of the entity files', () => {
    const [t] = load(
      ['restore/test.yaml', restoreTest('orders-nightly')],
      ['restore/policy.yaml', policy()],
    );
    expect(t.error).toBeUndefined();
    expect(t).toMatchObject({
      id: 'component:default/orders:orders-nightly',
      name: 'orders-nightly',
      namespace: 'kymaros-system',
      source: 'restore/test.yaml',
      owner: 'group:default/team-orders',
    });
    expect(t.spec!.healthChecks!.checks!.map(c => c.name)).toEqual([
      'api-pods',
    ]);
    expect(t.warnings).toBeUndefined();
  });

  it('keeps the RestoreTest among other kinds, with a warning for each skipped document', () => {
    const kustomized = [
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: orders }
spec: { replicas: 2 }`,
      restoreTest('orders-nightly'),
      `apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreReport
metadata: { name: orders-nightly-20240315-030012 }
spec: { testRef: orders-nightly }`,
      policy(),
      `apiVersion: v1
kind: ConfigMap
metadata: { name: api-config }
data: { LOG_LEVEL: debug }`,
      `- just a list`,
    ].join('\n---\n');
    const [t, ...rest] = load(['all.yaml', kustomized]);
    expect(rest).toEqual([]);
    expect(t.error).toBeUndefined();
    expect(t.name).toBe('orders-nightly');
    expect(t.warnings).toEqual([
      'all.yaml document 1: skipped a Deployment (apps/v1): only RestoreTest and HealthCheckPolicy documents (restore.kymaros.io/v1alpha1) are read',
      'all.yaml document 3: skipped a RestoreReport: reports are written by each run, not read from files',
      'all.yaml document 5: skipped a ConfigMap (v1): only RestoreTest and HealthCheckPolicy documents (restore.kymaros.io/v1alpha1) are read',
      'all.yaml document 6: skipped: not a Kubernetes object (a mapping with apiVersion and kind)',
    ]);
  });

  it('keeps a bounded number of warnings on each test, however many documents a file skips', () => {
    const many = Array.from(
      { length: 500 },
      (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c${i} }`,
    );
    const tests = Array.from({ length: 200 }, (_, i) =>
      restoreTest(`orders-${i}`),
    );
    const loaded = load(
      ['all.yaml', [...tests, ...many].join('\n---\n')],
      ['b.yaml', policy()],
    );
    expect(loaded).toHaveLength(200);
    for (const t of loaded) {
      expect(t.error).toBeUndefined();
      expect(t.warnings).toHaveLength(21);
      expect(t.warnings![20]).toBe('and 480 more');
    }
  });

  it('says plainly when a file of other kinds holds no RestoreTest', () => {
    const [t] = load([
      'deploy.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\n',
    ]);
    expect(t.name).toBe('orders');
    expect(t.error).toBe(
      'deploy.yaml: no RestoreTest document found (deploy.yaml document 1: skipped a Deployment (apps/v1): only RestoreTest and HealthCheckPolicy documents (restore.kymaros.io/v1alpha1) are read)',
    );
    expect(t.error).not.toMatch(/discriminator/);
  });

  it('refuses our kinds under another version of our API', () => {
    const [t] = load([
      'test.yaml',
      restoreTest('orders-nightly').replace('v1alpha1', 'v1beta1'),
    ]);
    expect(t.error).toBe(
      'test.yaml document 1, line 1 column 13: apiVersion: must be restore.kymaros.io/v1alpha1',
    );
  });

  it('loads every file: one that cannot be read does not hide the tests of the others', () => {
    const tests = load(
      ['a.yaml', restoreTest('orders-nightly')],
      ['b.yaml', policy()],
      ['c.yaml', 'kind: [unclosed'],
    );
    expect(tests.map(t => [t.name, t.error])).toEqual([
      ['orders-nightly', undefined],
      [
        'orders',
        'c.yaml document 1, line 1 column 16: bad indentation, or a [ or { that is not closed',
      ],
    ]);
  });

  it('refuses a test name defined twice across files, naming both places', () => {
    const tests = load(
      ['a.yaml', restoreTest('orders-nightly')],
      ['b.yaml', `${restoreTest('orders-nightly')}---\n${policy()}`],
    );
    expect(tests).toHaveLength(1);
    expect(tests[0].error).toBe(
      'metadata.name: "orders-nightly" is defined twice (a.yaml document 1, b.yaml document 1); test names must be unique per entity',
    );
  });

  it('says which policy is meant when two files define it differently, and accepts identical copies', () => {
    const [t] = load(
      ['a.yaml', restoreTest('orders-nightly')],
      ['b.yaml', policy(2)],
      ['c.yaml', policy(3)],
    );
    expect(t.error).toBe(
      'healthChecks.policyRef: HealthCheckPolicy "orders-checks" is defined more than once with different checks (b.yaml document 1, c.yaml document 1); keep one',
    );
    const [same] = load(
      ['a.yaml', restoreTest('orders-nightly')],
      ['b.yaml', policy(2)],
      ['c.yaml', policy(2)],
    );
    expect(same.error).toBeUndefined();
  });

  it('resolves policies in the test namespace first, as Kymaros does', () => {
    const [t] = load(
      ['a.yaml', restoreTest('orders-nightly')],
      ['b.yaml', policy(2, 'team-orders')],
    );
    expect(t.error).toBe(
      `healthChecks.policyRef: HealthCheckPolicy "orders-checks" is defined only in namespace "team-orders" (b.yaml document 1), not in the test's namespace "kymaros-system"`,
    );
    const [picked] = load(
      ['a.yaml', restoreTest('orders-nightly')],
      ['b.yaml', `${policy(2, 'team-orders')}---\n${policy(5)}`],
    );
    expect(picked.error).toBeUndefined();
    expect(
      (picked.spec!.healthChecks!.checks![0] as any).podStatus.minReady,
    ).toBe(5);
  });

  it('falls back to configured policies, and says where to define an unknown one', () => {
    const [fromConfig] = load([
      'a.yaml',
      restoreTest('orders-nightly').replace('orders-checks', 'from-config'),
    ]);
    expect(fromConfig.error).toBeUndefined();
    const [unknown] = load(['a.yaml', restoreTest('orders-nightly')]);
    expect(unknown.error).toBe(
      `healthChecks.policyRef: unknown HealthCheckPolicy "orders-checks" (known: from-config): define it in a file the entity's kymaros.io/restore-test annotation names (a comma-separated list, or a directory), or in kymaros.healthCheckPolicies`,
    );
  });

  it('refuses a metadata.namespace that is not text, rather than dropping it', () => {
    const [t] = load([
      'a.yaml',
      `${restoreTest('orders-nightly', '', '2024')}---\n${policy()}`,
    ]);
    expect(t.error).toBe(
      'a.yaml document 1, line 5 column 14: metadata.namespace: Expected string, received number',
    );
  });

  it('refuses a metadata.namespace that cannot be one', () => {
    const [t] = load([
      'a.yaml',
      `${restoreTest('orders-nightly', '', 'Kymaros_System')}---\n${policy()}`,
    ]);
    expect(t.error).toBe(
      'metadata.namespace: "Kymaros_System" is not a valid namespace name (lower-case letters, digits and dashes)',
    );
  });

  it('validates logCollection as Kymaros defines it', () => {
    const withLogs = (block: string) =>
      load(
        ['a.yaml', restoreTest('orders-nightly', `  logCollection:\n${block}`)],
        ['b.yaml', policy()],
      )[0];
    const kept = withLogs('    enabled: true\n    maxLines: 200\n');
    expect(kept.error).toBeUndefined();
    expect(kept.warnings).toBeUndefined();
    expect(kept.spec!.logCollection).toEqual({ enabled: true, maxLines: 200 });
    expect(withLogs('    tailLines: 5\n').error).toBe(
      "a.yaml document 1, line 17 column 5: spec.logCollection: Unrecognized key(s) in object: 'tailLines'",
    );
    expect(withLogs('    maxLines: 5\n').error).toBe(
      'a.yaml document 1, line 17 column 15: spec.logCollection.maxLines: Number must be greater than or equal to 10',
    );
  });

  it('refuses timeouts too short to run, and warns about ones beyond the installation limits', () => {
    const timed = (extra: string) =>
      load(
        ['a.yaml', restoreTest('orders-nightly', extra)],
        ['b.yaml', policy()],
      )[0];
    expect(timed('  timeout: 30s\n').error).toBe(
      'a.yaml document 1, line 16 column 12: spec.timeout: must be a duration of at least 1m',
    );
    const [checksCut] = load(
      [
        'a.yaml',
        restoreTest('orders-nightly').replace(
          'policyRef: orders-checks',
          'policyRef: orders-checks\n    timeout: 500ms',
        ),
      ],
      ['b.yaml', policy()],
    );
    expect(checksCut.error).toMatch(
      /spec.healthChecks.timeout: must be a duration of at least 1s$/,
    );
    const long = timed('  timeout: 5h\n');
    expect(long.error).toBeUndefined();
    expect(long.warnings).toEqual([
      "a.yaml document 1: spec.timeout: 5h is longer than this installation's limit (kymaros.timeouts.run, 2h0m0s); runs stop at 2h0m0s",
    ]);
  });

  it('refuses a quota the API server would refuse, and takes Kubernetes quantities', () => {
    const quota = (cpu: string) =>
      load(
        [
          'a.yaml',
          restoreTest(
            'orders-nightly',
            `  sandbox:\n    resourceQuota: { cpu: "${cpu}", memory: 8Gi, storage: 1.5e3 }\n`,
          ),
        ],
        ['b.yaml', policy()],
      )[0];
    expect(quota('500m').error).toBeUndefined();
    expect(quota('4').error).toBeUndefined();
    expect(quota('4 cores').error).toBe(
      'a.yaml document 1, line 17 column 27: spec.sandbox.resourceQuota.cpu: must be a Kubernetes quantity such as 500m, 4 or 8Gi',
    );
  });

  it('takes sla.maxRPO as a duration and refuses anything else at its line and column', () => {
    const withRpo = (value: string) =>
      load(
        [
          'a.yaml',
          restoreTest('orders-nightly', `  sla:\n    maxRPO: ${value}\n`),
        ],
        ['b.yaml', policy()],
      )[0];
    expect(withRpo('26h').spec!.sla!.maxRPO).toBe('26h');
    expect(withRpo('one day').error).toBe(
      'a.yaml document 1, line 17 column 13: spec.sla.maxRPO: must be a duration such as 30s, 5m or 2h',
    );
  });

  it('says when sla.alertOnExceed has nowhere to send', () => {
    const [t] = load(
      [
        'a.yaml',
        restoreTest(
          'orders-nightly',
          '  sla:\n    maxRTO: 15m\n    alertOnExceed: true\n',
        ),
      ],
      ['b.yaml', policy()],
    );
    expect(t.warnings).toEqual([
      'a.yaml document 1: spec.sla.alertOnExceed: nothing is sent, as notifications.onFailure lists no target',
    ]);
  });

  it('refuses a sandboxName the engine would refuse at run time', () => {
    const [t] = load([
      'a.yaml',
      `${restoreTest('orders-nightly').replace(
        '      - name: orders',
        '      - name: orders\n        sandboxName: kube-system',
      )}---\n${policy()}`,
    ]);
    expect(t.error).toMatch(
      /^namespaces: sandboxName "kube-system" \(for namespace "orders"\) is a protected namespace/,
    );
  });

  it('warns about an invalid policy no test uses', () => {
    const broken = policy()
      .replace('orders-checks', 'spare')
      .replace('minReady: 2', 'minReady: two');
    const [t] = load(
      ['a.yaml', restoreTest('orders-nightly')],
      ['b.yaml', `${policy()}---\n${broken}`],
    );
    expect(t.error).toBeUndefined();
    expect(t.warnings).toEqual([
      'HealthCheckPolicy "spare" is invalid and no test names it: b.yaml document 2, line 25 column 19: spec.checks.0.podStatus.minReady: Expected number, received string',
    ]);
  });
});
