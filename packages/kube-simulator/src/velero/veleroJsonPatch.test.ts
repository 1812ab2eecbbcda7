import {
  applyJsonPatchRules,
  operationText,
  quotedValue,
} from './veleroJsonPatch';

describe('quotedValue', () => {
  it.each([
    ['', true, ''],
    ['blue', true, 'blue'],
    ['"true"', true, 'true'],
    ['"42"', true, '42'],
    ['null', false, 'null'],
    ['TRUE', false, 'TRUE'],
    ['42', false, '42'],
    ['-1.5e3', false, '-1.5e3'],
    ['Inf', false, 'Inf'],
    ['0x1p-2', false, '0x1p-2'],
    ['0x1F', true, '0x1F'],
    ['1e', true, '1e'],
    ['{"a": 1}', false, '{"a": 1}'],
    ['[1]', false, '[1]'],
    ['http://db.shop:5432', true, 'http://db.shop:5432'],
  ])('%j: quoted %s as %j', (value, quoted, text) => {
    expect(quotedValue(value)).toEqual({ quoted, text });
  });

  it('builds the operation text Velero builds, without escaping', () => {
    expect(
      operationText({ operation: 'replace', path: '/a', value: 'x' }),
    ).toBe('{"op": "replace", "from": "", "path": "/a", "value": "x"}');
  });
});

describe('applyJsonPatchRules', () => {
  const doc = {
    data: { color: 'blue', n: 1 },
    list: [{ name: 'a' }],
  };

  it('applies add, replace, remove, copy and move in order with typed values', () => {
    const result = applyJsonPatchRules(doc, [
      { operation: 'test', path: '/data/color', value: 'blue' },
      { operation: 'replace', path: '/data/color', value: 'green' },
      { operation: 'add', path: '/data/flag', value: 'true' },
      { operation: 'add', path: '/list/-', value: '{"name": "b"}' },
      { operation: 'copy', from: '/data/n', path: '/data/m' },
      { operation: 'move', from: '/data/m', path: '/data/o' },
      { operation: 'remove', path: '/data/n' },
    ]);
    expect(result).toEqual({
      outcome: 'applied',
      document: {
        data: { color: 'green', flag: true, o: 1 },
        list: [{ name: 'a' }, { name: 'b' }],
      },
    });
    expect(doc.data.color).toBe('blue');
  });

  it('tells a failed test from a missing path, as Velero’s library does', () => {
    expect(
      applyJsonPatchRules(doc, [
        { operation: 'test', path: '/data/color', value: 'red' },
      ]),
    ).toEqual({
      outcome: 'testFailed',
      message: 'testing value /data/color failed: test failed',
    });
    expect(
      applyJsonPatchRules(doc, [
        { operation: 'test', path: '/data/absent', value: 'x' },
      ]).outcome,
    ).toBe('testFailed');
    expect(
      applyJsonPatchRules(doc, [
        { operation: 'test', path: '/data/absent', value: 'null' },
      ]).outcome,
    ).toBe('applied');
    expect(
      applyJsonPatchRules(doc, [
        { operation: 'test', path: '/spec/x', value: 'x' },
      ]),
    ).toEqual({
      outcome: 'missing',
      message:
        'test operation does not apply: is missing path: /spec/x: missing value',
    });
  });

  it('refuses operations on paths that do not exist, in the library’s words', () => {
    expect(
      applyJsonPatchRules(doc, [
        { operation: 'replace', path: '/data/absent', value: 'x' },
      ]),
    ).toEqual({
      outcome: 'missing',
      message:
        'replace operation does not apply: doc is missing key: /data/absent: missing value',
    });
    expect(
      applyJsonPatchRules(doc, [
        { operation: 'add', path: '/spec/a/b', value: 'x' },
      ]),
    ).toEqual({
      outcome: 'missing',
      message:
        'add operation does not apply: doc is missing path: "/spec/a/b": missing value',
    });
    expect(
      applyJsonPatchRules(doc, [{ operation: 'remove', path: '/nope' }])
        .outcome,
    ).toBe('missing');
  });

  it('fails on a value that is not JSON once unquoted, and on an unknown operation', () => {
    expect(
      applyJsonPatchRules(doc, [
        { operation: 'add', path: '/a', value: '{not json' },
      ]),
    ).toMatchObject({
      outcome: 'failed',
      message: expect.stringMatching(/^error in decoding json patch /),
    });
    expect(
      applyJsonPatchRules(doc, [{ operation: 'Add', path: '/a', value: '1' }]),
    ).toEqual({ outcome: 'failed', message: 'Unexpected kind: Add' });
  });
});
