import { execFileSync } from 'node:child_process';
import {
  closeSync,
  constants,
  mkdirSync,
  mkdtempSync,
  openSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import type { CheckType } from '@kymaros/plugin-kymaros-node';
import { readKymarosConfig } from '../config/readKymarosConfig';
import { builtInCheckTypes } from '../checks/builtInCheckTypes';
import {
  CatalogTestSource,
  CatalogTestSourceLimits,
} from './CatalogTestSource';

const ordersYaml = `apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreTest
metadata: { name: orders }
spec:
  backupSource: { provider: velero, namespaces: [{ name: orders }] }
  schedule: { cron: "0 3 * * *" }
`;
const secret = 'sk-LIVE-7f3a9c2e';

const dir = mkdtempSync(path.join(tmpdir(), 'kymaros-source-'));
const repo = path.join(dir, 'repo');
const outside = path.join(dir, 'outside');
const catalogFile = path.join(repo, 'catalog-info.yaml');
mkdirSync(path.join(repo, 'kymaros'), { recursive: true });
mkdirSync(outside);
writeFileSync(path.join(repo, 'kymaros', 'orders.yaml'), ordersYaml);
writeFileSync(path.join(outside, 'secret.yaml'), `api_key: "${secret}\n`);
symlinkSync('orders.yaml', path.join(repo, 'kymaros', 'same.yaml'));
symlinkSync('../outside/secret.yaml', path.join(repo, 'out.yaml'));
symlinkSync('../outside/missing.yaml', path.join(repo, 'out-missing.yaml'));
symlinkSync(path.join(outside, 'secret.yaml'), path.join(repo, 'abs.yaml'));
symlinkSync(
  path.join(outside, 'missing.yaml'),
  path.join(repo, 'abs-missing.yaml'),
);
writeFileSync(
  path.join(repo, 'leaky.yaml'),
  `apiVersion: restore.kymaros.io/v1alpha1\nkind: RestoreTest\napi_key: "${secret}\n`,
);
writeFileSync(
  path.join(repo, 'big.yaml'),
  `${ordersYaml}# ${'x'.repeat(1024 * 1024)}\n`,
);
const fifos = [1, 2, 3, 4, 5].map(i => path.join(repo, `fifo-${i}.yaml`));
fifos.forEach(f => execFileSync('mkfifo', [f]));

afterAll(() => {
  // A reader stuck on a FIFO gets EOF once a writer opens and closes it.
  for (const f of fifos) {
    try {
      closeSync(openSync(f, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // no reader waiting
    }
  }
});

const config = readKymarosConfig(
  new ConfigReader({
    kymaros: { clusters: [{ name: 'c', kubeconfigPath: '/dev/null' }] },
  }),
);

function entity(name: string, ref: string, location = `file:${catalogFile}`) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'kymaros.io/enabled': 'true',
        'kymaros.io/restore-test': ref,
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
      },
    },
  } as Entity;
}

function source(
  entities: Entity[],
  opts: {
    urlReader?: UrlReaderService;
    limits?: CatalogTestSourceLimits;
    catalog?: object;
    checkTypes?: ReadonlyMap<string, CheckType>;
  } = {},
) {
  return new CatalogTestSource({
    catalog: (opts.catalog ?? {
      async *streamEntities() {
        yield entities;
      },
    }) as any,
    auth: mockServices.auth(),
    urlReader: opts.urlReader ?? ({} as UrlReaderService),
    logger: mockServices.logger.mock(),
    context: () => ({
      config,
      providers: ['velero'],
      checkTypes: opts.checkTypes ?? new Map(),
      protectedNamespaces: ['kube-system'],
    }),
    limits: opts.limits,
  });
}

async function load(entities: Entity[], opts?: Parameters<typeof source>[1]) {
  const tests = await source(entities, opts).loadAll();
  return new Map(tests.map(t => [t.entityRef.split('/')[1], t]));
}

/** A UrlReader answering from `files`, with ETags, and recording each call. */
function fakeUrlReader(files: Record<string, string>) {
  const calls: { url: string; etag?: string; signal?: AbortSignal }[] = [];
  let buffers = 0;
  const reader = {
    readUrl: async (
      url: string,
      options?: { etag?: string; signal?: AbortSignal },
    ) => {
      calls.push({ url, etag: options?.etag, signal: options?.signal });
      const text = files[url];
      if (text === undefined) throw new NotFoundError(`${url} not found`);
      const etag = `"${text.length}"`;
      if (options?.etag === etag) throw new NotModifiedError();
      return {
        etag,
        buffer: async () => {
          buffers++;
          return Buffer.from(text);
        },
      };
    },
  } as unknown as UrlReaderService;
  return { reader, calls, buffers: () => buffers };
}

describe('CatalogTestSource', () => {
  it('reads the catalog page by page, asking only for the fields a definition needs', async () => {
    const annotated = (i: number) =>
      ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: `svc-${i}`,
          namespace: 'default',
          annotations: {
            'kymaros.io/enabled': 'true',
            'kymaros.io/namespaces': `svc-${i}`,
          },
        },
      } as Entity);
    const requests: any[] = [];
    const catalog = {
      async *streamEntities(request: any) {
        requests.push(request);
        for (let page = 0; page < 3; page++)
          yield Array.from({ length: 400 }, (_, i) =>
            annotated(page * 400 + i),
          );
      },
    };
    const tests = await source([], { catalog }).loadAll();
    expect(tests).toHaveLength(1200);
    expect(tests.filter(t => t.error)).toEqual([]);
    expect(requests).toHaveLength(1);
    expect(requests[0].fields).toEqual([
      'kind',
      'metadata.namespace',
      'metadata.name',
      'metadata.annotations',
      'spec.owner',
    ]);
    expect(requests[0].pageSize).toBeGreaterThan(0);
  });

  it('opts in "True" as the catalog filter and the entity pages do, and not "yes"', async () => {
    const annotatedWith = (name: string, enabled: string) =>
      ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          namespace: 'default',
          annotations: {
            'kymaros.io/enabled': enabled,
            'kymaros.io/namespaces': name,
          },
        },
      } as Entity);
    const tests = await load([
      annotatedWith('upper', 'True'),
      annotatedWith('other', 'yes'),
    ]);
    expect([...tests.keys()]).toEqual(['upper']);
  });

  it('lets the event loop turn while it builds a page of annotation-only definitions', async () => {
    const page = Array.from({ length: 500 }, (_, i) => {
      const e = entity(`svc-${i}`, '');
      delete e.metadata.annotations!['kymaros.io/restore-test'];
      e.metadata.annotations!['kymaros.io/namespaces'] = `svc-${i}`;
      return e;
    });
    let turns = 0;
    let loading = true;
    const tick = () => {
      turns++;
      if (loading) setImmediate(tick);
    };
    setImmediate(tick);
    const tests = await source(page).loadAll();
    loading = false;
    expect(tests).toHaveLength(500);
    // Built synchronously, the page would give the loop no turn at all; each
    // turn may build one entity per concurrent reader.
    expect(turns).toBeGreaterThanOrEqual(500 / 16);
  });

  it('names file-based tests by the path written in the annotation, not the server path', async () => {
    const tests = await source([
      entity('orders', './kymaros/orders.yaml'),
      entity('gone', './kymaros/missing.yaml'),
    ]).loadAll();
    const byRef = new Map(tests.map(t => [t.entityRef, t]));
    expect(byRef.get('component:default/orders')).toMatchObject({
      source: 'kymaros/orders.yaml',
      name: 'orders',
    });
    expect(byRef.get('component:default/orders')!.error).toBeUndefined();
    const gone = byRef.get('component:default/gone')!;
    expect(gone.source).toBe('kymaros/missing.yaml');
    expect(gone.error).toBe('cannot read kymaros/missing.yaml: no such file');
    expect(JSON.stringify(tests)).not.toContain(dir);
  });

  describe('files next to the entity', () => {
    it('reads a symlink that stays inside the directory', async () => {
      const t = (await load([entity('same', './kymaros/same.yaml')])).get(
        'same',
      )!;
      expect(t.error).toBeUndefined();
      expect(t.spec?.backupSource.namespaces).toEqual([{ name: 'orders' }]);
    });

    it.each([
      ['../../../../etc/passwd'],
      ['../outside/secret.yaml'],
      ['kymaros/../../outside/secret.yaml'],
      ['/etc/passwd'],
      [path.join(outside, 'secret.yaml')],
      ['./out.yaml'],
      ['./abs.yaml'],
    ])('refuses %s as outside the entity directory', async ref => {
      const t = (await load([entity('escape', ref)])).get('escape')!;
      expect(t.spec).toBeUndefined();
      expect(t.error).toBe(
        `kymaros.io/restore-test: "${ref}" is outside the entity's directory`,
      );
      expect(JSON.stringify(t)).not.toContain(secret);
      expect(JSON.stringify(t)).not.toContain(repo);
    });

    it('does not tell whether a path outside exists', async () => {
      const tests = await load([
        entity('a', '../outside/secret.yaml'),
        entity('b', '../outside/missing.yaml'),
        entity('c', './out.yaml'),
        entity('d', './out-missing.yaml'),
        entity('e', './abs.yaml'),
        entity('f', './abs-missing.yaml'),
      ]);
      const shape = (name: string) => {
        const t = tests.get(name)!;
        const ref =
          t.source === 'annotations' ? '' : (t.error ?? '').split('"')[1];
        return t.error!.replace(ref, 'REF');
      };
      const messages = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map(shape));
      expect([...messages]).toEqual([
        `kymaros.io/restore-test: "REF" is outside the entity's directory`,
      ]);
    });

    it('never quotes the file in a YAML error', async () => {
      const t = (await load([entity('leaky', './leaky.yaml')])).get('leaky')!;
      expect(t.error).toMatch(/^leaky.yaml document 1, line \d+ column \d+: /);
      expect(t.error).not.toContain(secret);
      expect(t.error).not.toContain('api_key');
    });

    it('refuses FIFOs without blocking anything', async () => {
      const started = Date.now();
      let timerLateBy = -1;
      const planned = Date.now() + 50;
      const timer = new Promise<void>(resolve =>
        setTimeout(() => {
          timerLateBy = Date.now() - planned;
          resolve();
        }, 50),
      );
      const tests = await load([
        ...fifos.map((f, i) => entity(`fifo${i}`, `./${path.basename(f)}`)),
        entity('orders', './kymaros/orders.yaml'),
      ]);
      await timer;
      expect(Date.now() - started).toBeLessThan(3000);
      expect(timerLateBy).toBeLessThan(500);
      expect(tests.get('orders')!.error).toBeUndefined();
      expect(tests.get('fifo0')!.error).toBe(
        'cannot read fifo-1.yaml: not a regular file',
      );
    });

    it('refuses a device such as /dev/zero', async () => {
      const t = (
        await load([entity('zero', './zero', 'file:/dev/catalog-info.yaml')])
      ).get('zero')!;
      expect(t.error).toBe('cannot read zero: not a regular file');
    });

    it('refuses files over the size limit', async () => {
      const t = (await load([entity('big', './big.yaml')])).get('big')!;
      expect(t.error).toBe('cannot read big.yaml: larger than 1 MiB');
    });

    it('sends a ref with a scheme to the UrlReader, never to the file system', async () => {
      const url = 'https://git.example.com/org/repo/kymaros.yaml';
      const fake = fakeUrlReader({ [url]: ordersYaml });
      const t = (
        await load([entity('remote', url)], { urlReader: fake.reader })
      ).get('remote')!;
      expect(fake.calls.map(c => c.url)).toEqual([url]);
      expect(fake.calls[0].signal).toBeInstanceOf(AbortSignal);
      expect(t).toMatchObject({ source: url, name: 'orders' });
      expect(t.error).toBeUndefined();
    });

    it('goes through the UrlReader for file: refs too', async () => {
      const fake = fakeUrlReader({});
      const t = (
        await load([entity('f', 'file:///etc/passwd')], {
          urlReader: fake.reader,
        })
      ).get('f')!;
      expect(fake.calls.map(c => c.url)).toEqual(['file:///etc/passwd']);
      expect(t.error).toBe('cannot read file:///etc/passwd: no such file');
    });
  });

  describe('files at a URL', () => {
    const base = 'https://git.example.com/org/repo/blob/main/catalog-info.yaml';
    const url = 'https://git.example.com/org/repo/blob/main/kymaros.yaml';

    it('resolves the ref against the entity location', async () => {
      const fake = fakeUrlReader({ [url]: ordersYaml });
      const t = (
        await load([entity('orders', './kymaros.yaml', `url:${base}`)], {
          urlReader: fake.reader,
        })
      ).get('orders')!;
      expect(fake.calls.map(c => c.url)).toEqual([url]);
      expect(t).toMatchObject({ source: url, name: 'orders' });
    });

    it('reuses the parsed file while the ETag is unchanged', async () => {
      const fake = fakeUrlReader({ [url]: ordersYaml });
      const s = source([entity('orders', './kymaros.yaml', `url:${base}`)], {
        urlReader: fake.reader,
      });
      const first = await s.loadAll();
      const second = await s.loadAll();
      expect(fake.calls.map(c => c.etag)).toEqual([
        undefined,
        `"${ordersYaml.length}"`,
      ]);
      expect(fake.buffers()).toBe(1);
      expect(second).toEqual(first);
      expect(first[0].spec).toBeDefined();
    });

    it('shows the error, not the old spec, once the file is gone', async () => {
      const files: Record<string, string> = { [url]: ordersYaml };
      const fake = fakeUrlReader(files);
      const s = source([entity('orders', './kymaros.yaml', `url:${base}`)], {
        urlReader: fake.reader,
      });
      expect((await s.loadAll())[0].spec).toBeDefined();
      delete files[url];
      const [t] = await s.loadAll();
      expect(t.spec).toBeUndefined();
      expect(t.error).toBe(`cannot read ${url}: no such file`);
    });
  });

  describe('limits', () => {
    const base = 'https://git.example.com/org/repo/blob/main/catalog-info.yaml';

    /** Answers `./ok.yaml` at once and never answers anything else. */
    function stallingReader() {
      let answer = true;
      const reader = {
        readUrl: (url: string) =>
          url.endsWith('/ok.yaml') && answer
            ? Promise.resolve({ buffer: async () => Buffer.from(ordersYaml) })
            : new Promise(() => {}),
      } as unknown as UrlReaderService;
      return { reader, stall: () => (answer = false) };
    }

    it('does not let a slow entity delay the others', async () => {
      const { reader } = stallingReader();
      const started = Date.now();
      const tests = await load(
        [
          entity('slow1', './slow.yaml', `url:${base}`),
          entity('slow2', './slow.yaml', `url:${base}`),
          entity('ok1', './ok.yaml', `url:${base}`),
          entity('ok2', './ok.yaml', `url:${base}`),
          entity('ok3', './ok.yaml', `url:${base}`),
        ],
        { urlReader: reader, limits: { entityTimeoutMs: 300, concurrency: 2 } },
      );
      expect(Date.now() - started).toBeLessThan(1500);
      for (const ok of ['ok1', 'ok2', 'ok3'])
        expect(tests.get(ok)!.error).toBeUndefined();
      expect(tests.get('slow1')!.error).toBe(
        'cannot read https://git.example.com/org/repo/blob/main/slow.yaml: timed out after 0.3 s',
      );
    });

    it('shows a timeout, not the last good result', async () => {
      const { reader, stall } = stallingReader();
      const s = source([entity('ok', './ok.yaml', `url:${base}`)], {
        urlReader: reader,
        limits: { entityTimeoutMs: 200 },
      });
      expect((await s.loadAll())[0].spec).toBeDefined();
      stall();
      const [t] = await s.loadAll();
      expect(t.spec).toBeUndefined();
      expect(t.error).toMatch(/timed out after 0.2 s$/);
    });

    it('applies a smaller size limit', async () => {
      const t = (
        await load([entity('orders', './kymaros/orders.yaml')], {
          limits: { maxFileBytes: 100 },
        })
      ).get('orders')!;
      expect(t.error).toBe(
        'cannot read kymaros/orders.yaml: larger than 100 bytes',
      );
    });

    it('rejects limits that cannot work', () => {
      expect(() => source([], { limits: { concurrency: 0 } })).toThrow(
        'limits.concurrency must be a positive integer, got 0',
      );
    });
  });

  it("never resolves a file ref against the source-location the entity's author wrote", async () => {
    const e = entity(
      'orders',
      'secret.yaml',
      'url:https://git.example.com/org/repo/blob/main/catalog-info.yaml',
    );
    e.metadata.annotations![
      'backstage.io/source-location'
    ] = `file:${outside}/`;
    const { reader, calls } = fakeUrlReader({});
    const [t] = await source([e], { urlReader: reader }).testsFor(e);
    expect(calls.map(c => c.url)).toEqual([
      'https://git.example.com/org/repo/blob/main/secret.yaml',
    ]);
    expect(t.error).toBe(
      'cannot read https://git.example.com/org/repo/blob/main/secret.yaml: no such file',
    );
    expect(JSON.stringify(t)).not.toContain(secret);
  });

  describe('several files', () => {
    const team = path.join(repo, 'team');
    const restore = path.join(team, 'restore');
    mkdirSync(path.join(restore, 'nested'), { recursive: true });
    const nightly = ordersYaml
      .replace('name: orders }', 'name: orders-nightly }')
      .concat('  healthChecks: { policyRef: orders-checks }\n');
    const checks = `apiVersion: restore.kymaros.io/v1alpha1
kind: HealthCheckPolicy
metadata: { name: orders-checks }
spec:
  checks:
    - { name: pods, type: podStatus, podStatus: { labelSelector: { app: api }, minReady: 1 } }
`;
    writeFileSync(path.join(team, 'test.yaml'), nightly);
    writeFileSync(path.join(team, 'policy.yml'), checks);
    writeFileSync(path.join(restore, '10-test.yaml'), nightly);
    writeFileSync(path.join(restore, '20-policy.YML'), checks);
    writeFileSync(path.join(restore, 'README.md'), `# ${secret}\n`);
    writeFileSync(path.join(restore, 'nested', 'other.yaml'), `kind: [`);
    const teamEntity = (ref: string) =>
      entity('orders', ref, `file:${path.join(team, 'catalog-info.yaml')}`);
    const withChecks = { checkTypes: builtInCheckTypes() };

    it('reads a comma-separated list, resolving the policy across the files', async () => {
      const tests = await source([], withChecks).testsFor(
        teamEntity('./test.yaml, ./policy.yml'),
      );
      expect(tests.map(t => [t.name, t.source, t.error])).toEqual([
        ['orders-nightly', 'test.yaml', undefined],
      ]);
      expect(tests[0].spec!.healthChecks!.checks!.map(c => c.name)).toEqual([
        'pods',
      ]);
    });

    it('reads each YAML file directly in a directory, in name order, and nothing else', async () => {
      const tests = await source([], withChecks).testsFor(
        teamEntity('./restore'),
      );
      expect(tests.map(t => [t.name, t.source, t.error])).toEqual([
        ['orders-nightly', 'restore/10-test.yaml', undefined],
      ]);
    });

    it('keeps the tests of readable files when one in the list cannot be read', async () => {
      const tests = await source([], withChecks).testsFor(
        teamEntity('test.yaml,policy.yml,missing.yaml,../outside/secret.yaml'),
      );
      expect(tests.map(t => [t.name, t.error])).toEqual([
        ['orders-nightly', undefined],
        [
          'orders',
          'cannot read missing.yaml: no such file; kymaros.io/restore-test: "../outside/secret.yaml" is outside the entity\'s directory',
        ],
      ]);
      expect(JSON.stringify(tests)).not.toContain(secret);
    });

    it('never follows a directory entry out of the entity directory', async () => {
      const linked = path.join(team, 'linked');
      mkdirSync(linked, { recursive: true });
      symlinkSync(
        path.join(outside, 'secret.yaml'),
        path.join(linked, 'leak.yaml'),
      );
      const [t] = await source([], withChecks).testsFor(teamEntity('linked'));
      expect(t.error).toBe(
        "cannot read linked: leak.yaml: outside the entity's directory",
      );
      expect(JSON.stringify(t)).not.toContain(secret);
    });

    it('refuses more refs than an entity may read, before reading any', async () => {
      const refs = Array.from({ length: 40 }, (_, i) => `missing-${i}.yaml`);
      const s = source([], withChecks);
      const [t, ...rest] = await s.testsFor(teamEntity(refs.join(',')));
      expect(rest).toEqual([]);
      expect(t.error).toBe(
        'kymaros.io/restore-test names 40 files or directories; at most 32 may be named',
      );
    });

    it('bounds what an entity reads across its files', async () => {
      const [byCount] = await source([], {
        ...withChecks,
        limits: { maxEntityFiles: 1 },
      }).testsFor(teamEntity('restore'));
      expect(byCount.error).toBe(
        "cannot read restore: 20-policy.YML: an entity's definitions may come from at most 1 file",
      );
      const [bySize] = await source([], {
        ...withChecks,
        limits: { maxEntityBytes: 300 },
      }).testsFor(teamEntity('restore'));
      expect(bySize.error).toMatch(
        /^cannot read restore: (10-test|20-policy).*: an entity's definition files may hold at most 300 bytes together$/,
      );
    });

    it('reads a URL directory (ending in /) through the UrlReader tree, its own YAML files only', async () => {
      const readTree = jest.fn(async (_url: string, options: any) => {
        const all = ['a-test.yaml', 'b-policy.yaml', 'notes.txt', 'sub/x.yaml'];
        const kept = all.filter(p => options.filter(p, { size: 10 }));
        return {
          etag: 'tree-1',
          files: async () =>
            kept.map(p => ({
              path: p,
              content: async () =>
                Buffer.from(p === 'a-test.yaml' ? nightly : checks),
            })),
        };
      });
      const urlReader = { readTree } as unknown as UrlReaderService;
      const tests = await source([], { ...withChecks, urlReader }).testsFor(
        entity(
          'orders',
          'https://git.example.com/org/repo/blob/main/restore/',
          'url:https://git.example.com/org/repo/blob/main/catalog-info.yaml',
        ),
      );
      expect(tests.map(t => [t.name, t.source, t.error])).toEqual([
        [
          'orders-nightly',
          'https://git.example.com/org/repo/blob/main/restore/a-test.yaml',
          undefined,
        ],
      ]);
      expect(readTree).toHaveBeenCalledTimes(1);
    });

    it('never fetches more of a URL directory than the entity may read', async () => {
      const content = jest.fn(async () => Buffer.from(checks));
      const tree = (entries: { path: string; size: number }[]) =>
        jest.fn(async (_url: string, options: any) => {
          const kept = entries.filter(e =>
            options.filter(e.path, { size: e.size }),
          );
          return {
            etag: 'tree-2',
            files: async () => kept.map(e => ({ path: e.path, content })),
          };
        });
      const at = entity(
        'orders',
        'https://git.example.com/org/repo/blob/main/restore/',
        'url:https://git.example.com/org/repo/blob/main/catalog-info.yaml',
      );
      const thousands = tree(
        Array.from({ length: 5000 }, (_, i) => ({
          path: `p-${String(i).padStart(4, '0')}.yaml`,
          size: 100,
        })),
      );
      const [many] = await source([], {
        ...withChecks,
        urlReader: { readTree: thousands } as unknown as UrlReaderService,
      }).testsFor(at);
      expect(many.error).toBe(
        "cannot read https://git.example.com/org/repo/blob/main/restore/: an entity's definitions may come from at most 32 files",
      );
      expect(content).not.toHaveBeenCalled();
      const huge = tree([
        { path: 'a.yaml', size: 100 },
        { path: 'b.yaml', size: 200 * 1024 * 1024 },
      ]);
      const [big] = await source([], {
        ...withChecks,
        urlReader: { readTree: huge } as unknown as UrlReaderService,
      }).testsFor(at);
      expect(big.error).toBe(
        'cannot read https://git.example.com/org/repo/blob/main/restore/: b.yaml: larger than 1 MiB',
      );
    });
  });
});
