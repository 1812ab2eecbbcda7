import { jsonPointer } from './jsonPointer';

describe('jsonPointer', () => {
  it('joins keys and indexes', () => {
    expect(jsonPointer(['spec', 'containers', 0, 'env', 3, 'value'])).toBe(
      '/spec/containers/0/env/3/value',
    );
  });

  it('escapes ~ before / so neither is read twice', () => {
    expect(jsonPointer(['data', 'a/b~c'])).toBe('/data/a~1b~0c');
    expect(jsonPointer(['data', '~1'])).toBe('/data/~01');
  });

  it('points at the empty key', () => {
    expect(jsonPointer(['data', ''])).toBe('/data/');
  });
});
