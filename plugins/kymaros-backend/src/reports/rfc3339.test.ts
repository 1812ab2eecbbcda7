import { toRfc3339 } from './rfc3339';

describe('toRfc3339', () => {
  it('writes an instant in UTC without fractional seconds, as Kubernetes does', () => {
    expect(toRfc3339(new Date('2024-03-15T03:00:12.999Z'))).toBe(
      '2024-03-15T03:00:12Z',
    );
    expect(toRfc3339('2024-03-15T04:00:12.5+01:00')).toBe(
      '2024-03-15T03:00:12Z',
    );
    expect(toRfc3339('2024-03-15T03:00:12Z')).toBe('2024-03-15T03:00:12Z');
  });

  it('leaves a string that is not a time as it is', () => {
    expect(toRfc3339('')).toBe('');
    expect(toRfc3339('yesterday')).toBe('yesterday');
  });
});
