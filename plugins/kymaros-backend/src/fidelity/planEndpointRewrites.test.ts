import {
  EDITED_VALUES_BUDGET,
  MAX_EDITED_VALUE,
  planEndpointRewrites,
} from './planEndpointRewrites';
import { serviceDirectory } from './serviceDirectory';
import { secretText, secretValue } from './secretText';
import { backupObject, deployment } from './__testUtils__/backupObjects';
import type { BackupObject } from '@kymaros/plugin-kymaros-node';

const mapping = { shop: 'shop-sbx', payments: 'payments-sbx' };
const services = [
  backupObject('Service', 'shop/db', { spec: { clusterIP: 'None' } }),
  backupObject('Service', 'payments/api', { spec: {} }),
];
const plan = (objects: BackupObject[]) =>
  planEndpointRewrites(
    [...services, ...objects],
    serviceDirectory(mapping, [], [...services, ...objects]),
  );

describe('planEndpointRewrites', () => {
  it('rewrites a pod a controller made like its owner, and lists only the owner', () => {
    const owned = backupObject('Pod', 'shop/web-7d9f-x2k4p', {
      metadata: {
        name: 'web-7d9f-x2k4p',
        namespace: 'shop',
        ownerReferences: [{ kind: 'ReplicaSet', name: 'web-7d9f' }],
      },
      spec: {
        containers: [
          {
            name: 'web',
            env: [
              { name: 'DB_HOST', value: 'db.shop.svc' },
              { name: 'BILLING', value: 'api.billing.svc' },
            ],
          },
        ],
      },
    });
    const result = plan([owned]);
    expect(result.edits).toEqual([
      expect.objectContaining({ resource: 'pods', name: 'web-7d9f-x2k4p' }),
    ]);
    expect(result.rewrites).toEqual([]);
    expect(result.externalReferences).toEqual([]);
  });

  it('rewrites a web tier to reach its restored database, testing each original value', () => {
    const web = deployment('shop/web', {
      env: {
        DB_HOST: 'db.shop.svc.cluster.local',
        PAY: 'http://api.payments:8080/v1',
        PLAIN: 'hello',
      },
      command: ['/bin/web', '--db=db-0.db.shop.svc', '--pay', 'api.payments'],
    });
    const result = plan([web]);
    const base = '/spec/template/spec/containers/0';
    expect(result.edits).toEqual([
      {
        resource: 'deployments.apps',
        namespace: 'shop',
        name: 'web',
        jsonPatch: [
          {
            op: 'test',
            path: `${base}/env/0/value`,
            value: 'db.shop.svc.cluster.local',
          },
          {
            op: 'replace',
            path: `${base}/env/0/value`,
            value: 'db.shop-sbx.svc.cluster.local',
          },
          {
            op: 'test',
            path: `${base}/env/1/value`,
            value: 'http://api.payments:8080/v1',
          },
          {
            op: 'replace',
            path: `${base}/env/1/value`,
            value: 'http://api.payments-sbx:8080/v1',
          },
          {
            op: 'test',
            path: `${base}/command/1`,
            value: '--db=db-0.db.shop.svc',
          },
          {
            op: 'replace',
            path: `${base}/command/1`,
            value: '--db=db-0.db.shop-sbx.svc',
          },
          { op: 'test', path: `${base}/command/3`, value: 'api.payments' },
          {
            op: 'replace',
            path: `${base}/command/3`,
            value: 'api.payments-sbx',
          },
        ],
      },
    ]);
    expect(result.rewrites).toEqual([
      {
        object: 'Deployment shop/web',
        field: 'env DB_HOST of container web',
        from: 'db.shop.svc.cluster.local',
        to: 'db.shop-sbx.svc.cluster.local',
      },
      {
        object: 'Deployment shop/web',
        field: 'env PAY of container web',
        from: 'api.payments',
        to: 'api.payments-sbx',
      },
      {
        object: 'Deployment shop/web',
        field: 'command of container web',
        from: 'db-0.db.shop.svc',
        to: 'db-0.db.shop-sbx.svc',
      },
      {
        object: 'Deployment shop/web',
        field: 'command of container web',
        from: 'api.payments',
        to: 'api.payments-sbx',
      },
    ]);
  });

  it('lists one rewrite per object, field and host, however often it appears', () => {
    const web = deployment('shop/web', {
      args: ['db.shop.svc', 'db.shop.svc,db.shop.svc'],
    });
    expect(plan([web]).rewrites).toHaveLength(1);
  });

  it('never carries a value holding credentials into the restore, reporting it instead', () => {
    const secretUrl = 'postgres://app:S3cr3t@db.shop.svc/x';
    const web = deployment('shop/web', {
      env: { DATABASE_URL: secretUrl, LEDGER: 'ftp://u@ledger.prod.svc/' },
    });
    const result = plan([web]);
    expect(result.edits).toEqual([]);
    expect(result.rewrites).toEqual([]);
    expect(result.notRewritten).toEqual([
      {
        subject: 'Deployment shop/web',
        change:
          'env DATABASE_URL of container web holds credentials: not rewritten — move it into a Secret',
        notTested: 'its calls to db.shop.svc in the sandbox',
      },
    ]);
    expect(result.externalReferences).toEqual([
      {
        object: 'Deployment shop/web',
        field: 'env LEDGER of container web',
        reference: 'ledger.prod.svc',
        namespace: 'prod',
      },
    ]);
    expect(JSON.stringify(result)).not.toContain('S3cr3t');
  });

  it("never edits a Pod's init containers, which the restore may shift", () => {
    const pod = backupObject('Pod', 'shop/job-pod', {
      spec: {
        initContainers: [
          { name: 'wait', env: [{ name: 'DB', value: 'db.shop.svc' }] },
        ],
        containers: [{ name: 'app', args: ['--db=db.shop.svc'] }],
      },
    });
    const result = plan([pod]);
    expect(result.edits).toEqual([
      {
        resource: 'pods',
        namespace: 'shop',
        name: 'job-pod',
        jsonPatch: [
          {
            op: 'test',
            path: '/spec/containers/0/args/0',
            value: '--db=db.shop.svc',
          },
          {
            op: 'replace',
            path: '/spec/containers/0/args/0',
            value: '--db=db.shop-sbx.svc',
          },
        ],
      },
    ]);
    expect(result.notRewritten).toEqual([
      {
        subject: 'Pod shop/job-pod',
        change:
          'env DB of init container wait not rewritten: the restore may put its own init container first, moving this one',
        notTested: 'its calls to db.shop.svc in the sandbox',
      },
    ]);
  });

  it('keeps values with quotes, backslashes and unicode exactly', () => {
    const value = `say "héllo" \\n ✓ 'db.shop.svc' \u0000 end`;
    const result = plan([deployment('shop/web', { env: { X: value } })]);
    const [test, replace] = result.edits[0].jsonPatch!;
    expect(test.value).toBe(value);
    expect(replace.value).toBe(value.replace('db.shop.svc', 'db.shop-sbx.svc'));
  });

  it('leaves a ConfigMap that names a production namespace unchanged, listing only full forms', () => {
    const cm = backupObject('ConfigMap', 'shop/conf', {
      data: {
        'app.properties':
          'ledger=http://ledger.prod.svc.cluster.local\nshort=ledger.prod\nsite=user.payments.example.com',
      },
    });
    const result = plan([cm]);
    expect(result.edits).toEqual([]);
    expect(result.rewrites).toEqual([]);
    expect(result.externalReferences).toEqual([
      {
        object: 'ConfigMap shop/conf',
        field: 'data.app.properties',
        reference: 'ledger.prod.svc.cluster.local',
        namespace: 'prod',
      },
    ]);
  });

  it('escapes ConfigMap keys with / and ~ in the patch path', () => {
    const cm = backupObject('ConfigMap', 'shop/conf', {
      data: { 'conf/a~b': 'db.shop.svc' },
    });
    const [edit] = plan([cm]).edits;
    expect(edit.resource).toBe('configmaps');
    expect(edit.jsonPatch!.map(o => o.path)).toEqual([
      '/data/conf~1a~0b',
      '/data/conf~1a~0b',
    ]);
    expect(plan([cm]).rewrites[0].field).toBe('data.conf/a~b');
  });

  it('rewrites an ExternalName Service and a reference from a namespace to itself', () => {
    const alias = backupObject('Service', 'shop/alias', {
      spec: { type: 'ExternalName', externalName: 'db.shop.svc.cluster.local' },
    });
    expect(plan([alias]).edits[0]).toEqual({
      resource: 'services',
      namespace: 'shop',
      name: 'alias',
      jsonPatch: [
        {
          op: 'test',
          path: '/spec/externalName',
          value: 'db.shop.svc.cluster.local',
        },
        {
          op: 'replace',
          path: '/spec/externalName',
          value: 'db.shop-sbx.svc.cluster.local',
        },
      ],
    });
  });

  it('rewrites Secrets outside the restore and never shows their values', () => {
    const url = 'postgres://app:s3cr3t-pw@db.shop.svc:5432/app';
    const secret = backupObject('Secret', 'shop/creds', {
      type: 'Opaque',
      data: {
        url: secretValue(url),
        other: secretValue('s3cr3t-pw'),
        ext: secretValue('https://vault.prod.svc/s3cr3t-pw'),
        bin: Buffer.from([0xff, 0x00]).toString('base64'),
      },
    });
    const result = plan([secret]);
    expect(result.edits).toEqual([]);
    expect(result.secretRewrites).toEqual([
      { namespace: 'shop', name: 'creds', data: { url: expect.any(String) } },
    ]);
    expect(secretText(result.secretRewrites[0].data.url)).toBe(
      'postgres://app:s3cr3t-pw@db.shop-sbx.svc:5432/app',
    );
    expect(result.rewrites).toEqual([
      {
        object: 'Secret shop/creds',
        field: 'Secret data key url',
        from: 'db.shop.svc',
        to: 'db.shop-sbx.svc',
      },
    ]);
    expect(result.externalReferences).toEqual([
      {
        object: 'Secret shop/creds',
        field: 'Secret data key ext',
        reference: 'vault.prod.svc',
        namespace: 'prod',
      },
    ]);
    const shown = JSON.stringify([
      result.edits,
      result.rewrites,
      result.externalReferences,
    ]);
    expect(shown).not.toContain('s3cr3t');
  });

  it('reads nothing of service-account token Secrets', () => {
    const token = backupObject('Secret', 'shop/t', {
      type: 'kubernetes.io/service-account-token',
      data: { ca: secretValue('db.shop.svc') },
    });
    expect(plan([token]).secretRewrites).toEqual([]);
  });

  it('skips objects of namespaces the run does not restore and objects without spec', () => {
    const other = deployment('prod/web', { env: { DB: 'db.shop.svc' } });
    const bare = backupObject('Deployment', 'shop/empty');
    const result = plan([other, bare]);
    expect(result.edits).toEqual([]);
  });

  it('does not mistake a namespace for another it prefixes', () => {
    const directory = serviceDirectory({ pay: 'pay-sbx' }, [], []);
    const web = deployment('pay/web', {
      env: { A: 'api.payments.svc', B: 'api.pay.svc' },
    });
    const result = planEndpointRewrites([web], directory);
    expect(result.rewrites.map(r => r.from)).toEqual(['api.pay.svc']);
    expect(result.externalReferences.map(r => r.namespace)).toEqual([
      'payments',
    ]);
  });

  it('handles regular-expression characters in names', () => {
    const directory = serviceDirectory({ 'a-b': 'a-b-sbx' }, [], []);
    const web = deployment('a-b/web', { env: { H: '(db.a-b.svc)$&*+?' } });
    const result = planEndpointRewrites([web], directory);
    expect(result.edits[0].jsonPatch![1].value).toBe('(db.a-b-sbx.svc)$&*+?');
  });

  it('rewrites a value up to the edit bound and reports a larger one instead', () => {
    const directory = serviceDirectory({ shop: 'shop-sbx' }, [], []);
    const at = (n: number) =>
      `${'x'.repeat(n - ' db.shop.svc'.length)} db.shop.svc`;
    const fits = planEndpointRewrites(
      [
        backupObject('ConfigMap', 'shop/ok', {
          data: { big: at(MAX_EDITED_VALUE) },
        }),
      ],
      directory,
    );
    expect(fits.edits).toHaveLength(1);
    const huge = `${'filler '.repeat(200_000)}db.shop.svc ledger.prod.svc`;
    const result = planEndpointRewrites(
      [backupObject('ConfigMap', 'shop/huge', { data: { big: huge } })],
      directory,
    );
    expect(result.edits).toEqual([]);
    expect(result.rewrites).toEqual([]);
    expect(result.notRewritten).toEqual([
      {
        subject: 'ConfigMap shop/huge',
        change: 'data.big not rewritten: the value is over 32 KiB',
        notTested: 'its calls to db.shop.svc in the sandbox',
      },
    ]);
    expect(result.externalReferences).toEqual([
      {
        object: 'ConfigMap shop/huge',
        field: 'data.big',
        reference: 'ledger.prod.svc',
        namespace: 'prod',
      },
    ]);
  });

  it('keeps all edited values within one budget, reporting what does not fit', () => {
    const directory = serviceDirectory({ shop: 'shop-sbx' }, [], []);
    const value = `${'x'.repeat(30 * 1024)} db.shop.svc`;
    const configMaps = Array.from({ length: 15 }, (_, i) =>
      backupObject('ConfigMap', `shop/c${i}`, { data: { big: value } }),
    );
    const result = planEndpointRewrites(configMaps, directory);
    const carried = result.edits
      .flatMap(e => e.jsonPatch!)
      .reduce((sum, op) => sum + Buffer.byteLength(String(op.value)), 0);
    expect(carried).toBeLessThanOrEqual(EDITED_VALUES_BUDGET);
    expect(result.edits).toHaveLength(9);
    expect(result.notRewritten).toHaveLength(6);
    expect(result.notRewritten[0]).toEqual({
      subject: 'ConfigMap shop/c9',
      change:
        "data.big not rewritten: the run's edited values would pass their 600 KiB budget",
      notTested: 'its calls to db.shop.svc in the sandbox',
    });
  });
});
