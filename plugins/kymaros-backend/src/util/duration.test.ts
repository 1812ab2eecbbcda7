import * as common from '@kymaros/plugin-kymaros-common';
import { formatDuration, parseDuration, tryParseDuration } from './duration';

// The duration rules and their tests live in the common package; the backend
// keeps these names so its callers need not change.
describe('backend duration names', () => {
  it('are the common functions', () => {
    expect(parseDuration).toBe(common.parseDuration);
    expect(tryParseDuration).toBe(common.tryParseDuration);
    expect(formatDuration).toBe(common.formatDuration);
  });

  it('keep Go syntax: no days', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(tryParseDuration('1d')).toBeUndefined();
  });
});
