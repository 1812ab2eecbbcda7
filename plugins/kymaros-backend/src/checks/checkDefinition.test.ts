import { z } from 'zod';
import type { CheckType } from '@kymaros/plugin-kymaros-node';
import { builtInCheckTypes } from './builtInCheckTypes';
import { checkDefinitionSchema, checkFieldsSchema } from './checkDefinition';

const issues = (schema: z.ZodTypeAny, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success
    ? []
    : result.error.issues.map(i => `${i.path.join('.')}: ${i.message}`);
};

describe('checkFieldsSchema', () => {
  it('holds the fields every check has to one set of rules', () => {
    expect(issues(checkFieldsSchema, { name: 'a', type: 'x' })).toEqual([]);
    expect(
      issues(checkFieldsSchema, {
        name: '',
        type: 'x',
        retries: 11,
        timeout: '0s',
        dependsOn: 'b',
      }),
    ).toEqual([
      'name: is required',
      'dependsOn: must be a list of check names',
      'timeout: must be longer than 0s',
      'retries: must be a whole number from 0 to 10',
    ]);
  });
});

describe('checkDefinitionSchema', () => {
  const types = builtInCheckTypes();
  const schema = checkDefinitionSchema(types);

  it('is built once per set of check types', () => {
    expect(checkDefinitionSchema(types)).toBe(schema);
  });

  it("validates the check's own block with its type's schema, at its path", () => {
    expect(
      issues(schema, {
        name: 'web',
        type: 'httpGet',
        httpGet: { service: 'web', port: 80, path: '/', retries: 11 },
      }),
    ).toEqual(['httpGet.retries: must be a whole number from 0 to 10']);
    expect(
      issues(schema, {
        name: 'web',
        type: 'httpGet',
        httpGet: { service: 'web', port: 80, path: '/', expected: 200 },
      }),
    ).toEqual(["httpGet: Unrecognized key(s) in object: 'expected'"]);
    expect(issues(schema, { name: 'web', type: 'httpGet' })).toEqual([
      'httpGet: is required by a check of type httpGet',
    ]);
  });

  it('validates blocks of other known types too, and lets unknown ones through', () => {
    expect(
      issues(schema, {
        name: 'pods',
        type: 'podStatus',
        podStatus: { minReady: 1 },
        tcpSocket: { service: 'db' },
        myExtension: { anything: true },
      }),
    ).toEqual([
      'tcpSocket.port: must be a port number (1-65535) or a port name',
    ]);
  });

  it('lets a type whose schema accepts no block go without one', () => {
    const optional: CheckType = {
      type: 'ping',
      settings: z.object({ count: z.number() }).optional(),
      run: async () => ({ status: 'pass', message: '' }),
    };
    const extended = checkDefinitionSchema(new Map([['ping', optional]]));
    expect(issues(extended, { name: 'p', type: 'ping' })).toEqual([]);
    expect(
      issues(extended, { name: 'p', type: 'ping', ping: { count: 'x' } }),
    ).toEqual(['ping.count: Expected number, received string']);
  });
});

describe('the rules a check would otherwise only meet in the cluster', () => {
  const schema = checkDefinitionSchema(builtInCheckTypes());
  const first = (check: object) => issues(schema, check)[0];

  it('holds selectors to Kubernetes label syntax, which the API server would refuse at run time', () => {
    expect(
      first({
        name: 'pods',
        type: 'podStatus',
        podStatus: { labelSelector: { app: 'api,tier=db' }, minReady: 1 },
      }),
    ).toMatch(/^podStatus\.labelSelector\.app: must be a label value/);
    expect(
      first({
        name: 'pods',
        type: 'podStatus',
        podStatus: { labelSelector: { 'my app': 'api' }, minReady: 1 },
      }),
    ).toMatch(/^podStatus\.labelSelector\.my app: must be a label key/);
    expect(
      first({
        name: 'exec',
        type: 'exec',
        exec: { podSelector: { app: 'x'.repeat(64) }, command: ['true'] },
      }),
    ).toMatch(/^exec\.podSelector\.app: must be a label value/);
    for (const labels of [
      { app: '' },
      { 'app.kubernetes.io/name': 'api', tier: 'db_1.x' },
    ])
      expect(
        issues(schema, {
          name: 'pods',
          type: 'podStatus',
          podStatus: { labelSelector: labels, minReady: 1 },
        }),
      ).toEqual([]);
  });

  it('holds names of Services, containers, Secrets and objects to the syntax Kubernetes gives them', () => {
    expect(
      first({
        name: 'web',
        type: 'httpGet',
        httpGet: { service: 'Web_API', port: 80, path: '/' },
      }),
    ).toMatch(/^httpGet\.service: must be a Service name/);
    expect(
      first({
        name: 'db',
        type: 'tcpSocket',
        tcpSocket: { service: '5-db', port: 5432 },
      }),
    ).toMatch(/^tcpSocket\.service: must be a Service name/);
    expect(
      first({
        name: 'db',
        type: 'exec',
        exec: { podSelector: {}, container: 'Postgres', command: ['true'] },
      }),
    ).toMatch(/^exec\.container: must be a container name/);
    expect(
      first({
        name: 'q',
        type: 'query',
        query: { image: 'pg', envFromSecrets: ['db credentials'] },
      }),
    ).toMatch(/^query\.envFromSecrets\.0: must be a Secret name/);
    expect(
      first({
        name: 'q',
        type: 'query',
        query: {
          image: 'pg',
          env: [{ name: 'P', secretKeyRef: { name: 'db', key: 'pass word' } }],
        },
      }),
    ).toMatch(/^query\.env\.0\.secretKeyRef\.key: must be a Secret key/);
    expect(
      first({
        name: 'q',
        type: 'script',
        script: { image: 'pg', env: [{ name: 'A=B', value: 'x' }] },
      }),
    ).toMatch(/^script\.env\.0\.name: must be an environment variable name/);
    expect(
      first({
        name: 'r',
        type: 'resourceExists',
        resourceExists: {
          resources: [
            { kind: 'Deployment', apiVersion: 'apps/v1/x', name: 'a' },
          ],
        },
      }),
    ).toMatch(
      /^resourceExists\.resources\.0\.apiVersion: must be an apiVersion/,
    );
    expect(
      first({
        name: 'r',
        type: 'resourceExists',
        resourceExists: { resources: [{ kind: 'Secret', name: 'a/b' }] },
      }),
    ).toMatch(/^resourceExists\.resources\.0\.name: must be an object name/);
  });

  it('never repeats the rejected value in its message', () => {
    const secretish = 'hunter2 hunter2';
    const all = [
      {
        name: 'w',
        type: 'httpGet',
        httpGet: { service: secretish, port: 80, path: '/' },
      },
      {
        name: 'p',
        type: 'podStatus',
        podStatus: { labelSelector: { app: secretish }, minReady: 1 },
      },
      {
        name: 'q',
        type: 'query',
        query: { image: 'pg', envFromSecrets: [secretish] },
      },
    ].flatMap(check => issues(schema, check));
    expect(all).toHaveLength(3);
    for (const issue of all) expect(issue).not.toContain('hunter2');
  });
});
