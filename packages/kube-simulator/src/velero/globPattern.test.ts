import { compileGlob } from './globPattern';

describe('compileGlob', () => {
  it.each([
    ['deployments.apps', 'deployments.apps', true],
    ['*.apps', 'deployments.apps', true],
    ['*', 'configmaps', true],
    ['*', 'deployments.apps', false],
    ['**', 'deployments.apps', true],
    ['deployments.*', 'deployments.apps', true],
    ['{deployments,statefulsets}.apps', 'statefulsets.apps', true],
    ['{deployments,statefulsets}.apps', 'daemonsets.apps', false],
    ['config?aps', 'configmaps', true],
    ['[a-c]*', 'configmaps', true],
    ['[!a-c]*', 'configmaps', false],
    ['configmaps', 'configmapsx', false],
  ])('%s with separator "." matches %s: %s', (pattern, value, expected) => {
    expect(compileGlob(pattern, '.').test(value)).toBe(expected);
  });

  it('lets * cross dots when there is no separator, as namespace lists do', () => {
    expect(compileGlob('shop-*').test('shop-a.b')).toBe(true);
    expect(compileGlob('shop-?').test('shop-1')).toBe(true);
    expect(compileGlob('a\\*b').test('a*b')).toBe(true);
    expect(compileGlob('a\\*b').test('axb')).toBe(false);
  });

  it('refuses a pattern that does not close, naming it', () => {
    expect(() => compileGlob('[abc', '.')).toThrow('glob "[abc"');
    expect(() => compileGlob('{a,b', '.')).toThrow('glob "{a,b"');
  });
});
