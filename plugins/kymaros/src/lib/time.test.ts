import {
  describeZone,
  formatDateTime,
  formatRelative,
  formatShortDateTime,
  formatWhen,
  zoneName,
} from './time';

const AT = '2026-12-05T22:10:00Z';
const NOW = Date.parse('2026-12-06T00:10:00Z');

describe('time formatting', () => {
  it('writes an absolute time in the given zone and names the zone', () => {
    expect(formatDateTime(AT, 'Europe/Brussels')).toBe('5 Dec 2026, 23:10 CET');
    expect(formatDateTime(AT, 'America/New_York')).toBe(
      '5 Dec 2026, 17:10 GMT-5',
    );
    expect(formatDateTime(AT, 'UTC')).toBe('5 Dec 2026, 22:10 UTC');
    // The zone decides the day too.
    expect(formatDateTime(AT, 'Asia/Tokyo')).toBe('6 Dec 2026, 07:10 GMT+9');
  });

  it('says when, and how long ago or how soon', () => {
    expect(formatWhen(AT, NOW, 'Europe/Brussels')).toBe(
      '5 Dec 2026, 23:10 CET (2 hours ago)',
    );
    expect(formatWhen('2026-12-06T03:10:00Z', NOW, 'Europe/Brussels')).toBe(
      '6 Dec 2026, 04:10 CET (in 3 hours)',
    );
    expect(formatRelative('2026-12-06T00:09:30Z', NOW)).toBe('30 seconds ago');
  });

  it('keeps text it cannot read as written', () => {
    expect(formatDateTime('soon', 'UTC')).toBe('soon');
    expect(formatWhen('soon', NOW, 'UTC')).toBe('soon');
  });

  it('writes short labels in the zone without naming it', () => {
    expect(formatShortDateTime(AT, 'Europe/Brussels')).toBe('5 Dec, 23:10');
  });

  it('names a zone by its short name at a moment, summer time included', () => {
    expect(zoneName('Europe/Brussels', Date.parse(AT))).toBe('CET');
    expect(
      zoneName('Europe/Brussels', Date.parse('2026-07-01T00:00:00Z')),
    ).toBe('CEST');
    expect(describeZone('Europe/Brussels', Date.parse(AT))).toBe(
      'Europe/Brussels, CET',
    );
    expect(describeZone('UTC', Date.parse(AT))).toBe('UTC');
  });
});
