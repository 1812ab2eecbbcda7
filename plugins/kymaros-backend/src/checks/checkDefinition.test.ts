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
