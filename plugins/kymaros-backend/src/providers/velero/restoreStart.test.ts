import { restoreStart } from './restoreStart';

describe('restoreStart', () => {
  const second = '2026-12-05T10:00:07Z';
  const at = (ms: number) => Date.parse(second) + ms;

  it('takes the moment the restore was seen in progress within its start second', () => {
    expect(restoreStart(second, at(640))).toBe('2026-12-05T10:00:07.640Z');
    expect(restoreStart(second, at(0))).toBe('2026-12-05T10:00:07.000Z');
  });

  it('takes the middle of the start second when seen late, early or not at all', () => {
    for (const seen of [at(1000), at(4200), at(-300), undefined])
      expect(restoreStart(second, seen)).toBe('2026-12-05T10:00:07.500Z');
  });

  it('falls back to what it has when Velero gave no start', () => {
    expect(restoreStart(undefined, at(250))).toBe('2026-12-05T10:00:07.250Z');
    expect(restoreStart(undefined, undefined)).toBeUndefined();
  });
});
