import { parseKymarosFile } from './parseKymarosFile';

const verifier = (
  spec: string,
  metadata = 'name: ledger-verify\n  namespace: ledger',
) => `
apiVersion: core.kubestash.com/v1alpha1
kind: BackupVerifier
metadata:
  ${metadata}
spec:
  restoreOption:
    target: { apiGroup: kubedb.com, kind: MySQL, name: ledger-db, namespace: verify }
  scheduler: { schedule: "*/30 * * * *", jobTemplate: { backoffLimit: 1 } }
${spec}`;

function only(text: string) {
  const parsed = parseKymarosFile(text, 'kymaros.yaml');
  expect(parsed.errors).toEqual([]);
  expect(parsed.tests).toHaveLength(1);
  return parsed.tests[0];
}

describe('BackupVerifier documents', () => {
  it('reads RestoreOnly as a KubeStash test of its namespace on its cron, judged by the restore alone', () => {
    const test = only(verifier('  type: RestoreOnly'));
    expect(test).toMatchObject({ name: 'ledger-verify', namespace: 'ledger' });
    expect(test.error).toBeUndefined();
    expect(test.spec).toEqual({
      backupSource: {
        provider: 'kubestash',
        backupName: 'latest',
        namespaces: [{ name: 'ledger' }],
      },
      schedule: { cron: '*/30 * * * *' },
    });
  });

  it('maps a MySQL rowCount query onto a query Job that counts and compares', () => {
    const test = only(
      verifier(`  type: Query
  function: kubedbverifier
  query:
    mySQL:
    - database: shop
      table: employee
      rowCount: { operator: GreaterThanOrEqual, value: 100 }
    redis:
    - { index: 0, dbSize: 5 }`),
    );
    expect(test.error).toBeUndefined();
    const checks = (test.spec as any).healthChecks.checks;
    expect(checks.map((c: any) => [c.name, c.type, c.query.image])).toEqual([
      ['mysql-1', 'query', 'mysql:8.4'],
      ['redis-1', 'query', 'redis:7'],
    ]);
    expect(checks[0].query.command[2]).toContain(
      'FROM `shop`.`employee`\') && [ "$n" -ge 100 ]',
    );
    expect(checks[0].query.env[0]).toEqual({
      name: 'DB_USER',
      secretKeyRef: { name: 'ledger-db-auth', key: 'username' },
    });
    expect(checks[1].query.command[2]).toContain(
      '-h ledger-db -n 0 DBSIZE) && [ "$n" -eq 5 ]',
    );
  });

  it('runs a Script from the annotated image with its arguments', () => {
    const test = only(
      verifier(
        `  type: Script
  script: { location: /scripts/check.sh, args: [--strict] }`,
        'name: ledger-verify\n  namespace: ledger\n  annotations: { kymaros.io/script-image: "registry.example/ledger-check:1" }',
      ),
    );
    expect((test.spec as any).healthChecks.checks).toEqual([
      {
        name: 'script',
        type: 'script',
        script: {
          image: 'registry.example/ledger-check:1',
          command: ['/scripts/check.sh'],
          args: ['--strict'],
        },
      },
    ]);
  });

  it.each([
    [
      '  type: Restore',
      'spec.type: must be RestoreOnly, Query or Script, not "Restore"',
    ],
    ['  type: Query', 'spec.query: is required for type Query'],
    [
      '  type: Query\n  query: { elasticsearch: [{ index: shop }] }',
      'spec.query.elasticsearch: Kymaros has no check that runs elasticsearch queries',
    ],
    [
      '  type: Query\n  query: { mySQL: [{ database: shop, table: "x\'; DROP TABLE y; --" }] }',
      'spec.query.mySQL[0].table: must be a name of letters, digits, _ and -',
    ],
    [
      '  type: Query\n  query: { postgres: [{ database: shop, table: t, rowCount: { operator: Roughly, value: 3 } }] }',
      'spec.query.postgres[0].rowCount.operator: "Roughly" is not one of Equal',
    ],
    [
      '  type: Query\n  query: { mongoDB: [{ database: shop, collection: c, documentCount: { operator: Equal, value: -1 } }] }',
      'spec.query.mongoDB[0].documentCount.value: must be a whole number of at least 0',
    ],
    [
      '  type: Script\n  script: { location: check.sh }',
      'spec.script.location: must be the script\'s absolute path, not "check.sh"',
    ],
    [
      '  type: Script\n  script: { location: /tmp/config/check.sh }\n  volumes: [{ name: v, configMap: { name: config } }]',
      'spec.volumes: Kymaros check Jobs mount no volumes',
    ],
    [
      '  type: Script\n  script: { location: /check.sh }',
      'metadata.annotations["kymaros.io/script-image"]: is required for type Script',
    ],
  ])('refuses %j, naming the field', (spec, message) => {
    const test = only(verifier(spec));
    expect(test.spec).toBeUndefined();
    expect(test.error).toContain('kymaros.yaml document 1: ');
    expect(test.error).toContain(message);
  });

  it('refuses too many queries and too many script arguments', () => {
    const rows = Array.from(
      { length: 21 },
      (_, i) => `    - { database: d, table: t${i} }`,
    ).join('\n');
    expect(
      only(verifier(`  type: Query\n  query:\n    mySQL:\n${rows}`)).error,
    ).toContain('spec.query: at most 20 queries');
    const args = Array.from({ length: 33 }, (_, i) => `a${i}`).join(', ');
    expect(
      only(
        verifier(
          `  type: Script\n  script: { location: /c.sh, args: [${args}] }`,
          'name: v\n  namespace: ledger\n  annotations: { kymaros.io/script-image: img }',
        ),
      ).error,
    ).toContain('spec.script.args: at most 32 arguments, not 33');
  });

  it('needs the namespace it verifies, a schedule and a target it can reach', () => {
    expect(only(verifier('  type: RestoreOnly', 'name: v')).error).toContain(
      'metadata.namespace: is required',
    );
    const noCron = verifier('  type: RestoreOnly').replace(
      / {2}scheduler:.*\n/,
      '',
    );
    expect(only(noCron).error).toContain(
      'spec.scheduler.schedule: must be a cron expression, not nothing',
    );
    const badTarget = verifier(
      '  type: Query\n  query: { redis: [{ index: 0 }] }',
    ).replace('name: ledger-db', 'name: "db; rm -rf /"');
    expect(only(badTarget).error).toContain(
      'spec.restoreOption.target.name: must name the restored app',
    );
  });

  it('leaves BackupVerifiers of other versions aside, and needs a name', () => {
    const other = parseKymarosFile(
      verifier('  type: RestoreOnly').replace(
        'core.kubestash.com/v1alpha1',
        'core.kubestash.com/v1beta1',
      ),
      'kymaros.yaml',
    );
    expect(other.tests).toEqual([]);
    expect(other.warnings[0]).toContain('skipped a BackupVerifier');
    const nameless = parseKymarosFile(
      verifier('  type: RestoreOnly', 'namespace: ledger'),
      'kymaros.yaml',
    );
    expect(nameless.errors).toEqual([
      "kymaros.yaml document 1: metadata.name is required (the BackupVerifier's name)",
    ]);
  });
});
