import { randomSuffix, sandboxName, toLabelValue } from './sandboxName';

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

describe('sandboxName', () => {
  it('joins prefix, test name and suffix', () => {
    expect(sandboxName('kymaros', 'orders', 'ab12cd')).toBe(
      'kymaros-orders-ab12cd',
    );
  });

  it('keeps the whole suffix when the test name is very long, and stays a valid label', () => {
    const name = sandboxName(
      'kymaros-sandbox',
      'a-very-long-test-name-that-goes-on-and-on-and-on-for-ever-and-ever',
      'zz99yy',
    );
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name.endsWith('-zz99yy')).toBe(true);
    expect(name).toMatch(dnsLabel);
  });

  it('never leaves a dash before the suffix from cutting', () => {
    // The cut lands right after a dash in the test name.
    const test = `${'x'.repeat(41)}-yyyyyyyyy`;
    const name = sandboxName('kym', test, 'abcdef');
    expect(name).toMatch(dnsLabel);
    expect(name).not.toContain('--');
  });

  it('sanitises hostile names', () => {
    for (const hostile of [
      '../../kube-system',
      'UPPER_case.name',
      '-leading',
      'trailing-',
      '日本語',
      '',
      '   ',
      'a'.repeat(300),
    ]) {
      const name = sandboxName('Rp_Test', hostile, randomSuffix());
      expect(name).toMatch(dnsLabel);
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(/-[a-z0-9]{6}$/);
    }
  });

  it('shortens an overlong prefix too', () => {
    const name = sandboxName('p'.repeat(80), 'test', 'abcdef');
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/-abcdef$/);
  });

  it('rejects a malformed suffix', () => {
    expect(() => sandboxName('a', 'b', 'ABC')).toThrow(/6 characters/);
  });

  it('draws suffixes from [a-z0-9] with enough spread', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => randomSuffix()));
    expect(seen.size).toBe(2000);
    for (const s of seen) expect(s).toMatch(/^[a-z0-9]{6}$/);
  });
});

describe('toLabelValue', () => {
  it('fits any value into a label value', () => {
    expect(toLabelValue('component:default/payments-api')).toBe(
      'component-default-payments-api',
    );
    expect(toLabelValue(`-${'a'.repeat(100)}-`)).toHaveLength(63);
    expect(toLabelValue('___x___')).toBe('x');
  });
});
