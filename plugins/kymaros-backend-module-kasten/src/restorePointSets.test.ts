import { parseSetName, restorePointSets } from './restorePointSets';
import type { RestorePointInfo } from './restorePoints';

const point = (
  namespace: string,
  name: string,
  actionTime: string,
  extra: Partial<RestorePointInfo> = {},
): RestorePointInfo => ({
  namespace,
  name,
  actionTime,
  contentState: 'Bound',
  ...extra,
});

describe('restorePointSets', () => {
  it('groups by policy run, preferring the exported copy, newest run first', () => {
    const points = [
      point('a', 'a1', '2026-01-01T01:00:00Z', { runAction: 'r1' }),
      point('a', 'a1x', '2026-01-01T01:05:00Z', {
        runAction: 'r1',
        exportProfile: 's3',
      }),
      point('b', 'b1', '2026-01-01T01:00:00Z', { runAction: 'r1' }),
      point('a', 'a2', '2026-01-02T01:00:00Z', { runAction: 'r2' }),
      point('b', 'b2', '2026-01-02T01:00:00Z', { runAction: 'r2' }),
      // A newer run of a alone does not cover b.
      point('a', 'a3', '2026-01-03T01:00:00Z', { runAction: 'r3' }),
    ];
    expect(restorePointSets(points, ['b', 'a'], true).map(s => s.name)).toEqual(
      ['a/a2,b/b2', 'a/a1x,b/b1'],
    );
    expect(restorePointSets(points, ['a', 'b'], false)[1].name).toBe(
      'a/a1,b/b1',
    );
  });

  it('combines the newest point of each namespace only when no run covers them all', () => {
    const points = [
      point('a', 'old', '2026-01-01T00:00:00Z'),
      point('a', 'new', '2026-01-02T00:00:00Z'),
      point('b', 'only', '2026-01-01T12:00:00Z'),
    ];
    expect(restorePointSets(points, ['a', 'b'], true).map(s => s.name)).toEqual(
      ['a/new,b/only'],
    );
    expect(restorePointSets(points, ['a', 'c'], true)).toEqual([]);
  });

  it('breaks ties on actionTime by scheduledTime, then creation', () => {
    const points = [
      point('a', 'x', '2026-01-01T00:00:00Z', {
        scheduledTime: '2026-01-01T00:00:00Z',
      }),
      point('a', 'y', '2026-01-01T00:00:00Z', {
        scheduledTime: '2026-01-01T00:01:00Z',
      }),
    ];
    expect(restorePointSets(points, ['a'], true)[0].name).toBe('a/y');
  });
});

describe('parseSetName', () => {
  it('reads what it writes and names what is malformed', () => {
    expect(parseSetName('a/x,b/y')).toEqual([
      { namespace: 'a', name: 'x' },
      { namespace: 'b', name: 'y' },
    ]);
    expect(() => parseSetName('a/x/y')).toThrow(/"a\/x\/y" is not/);
    expect(() => parseSetName('')).toThrow(/is not a Kasten backup name/);
  });
});
