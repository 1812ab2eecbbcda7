import { cidrStrictlyInside, formatCidr, parseCidr } from './cidr';

describe('parseCidr', () => {
  it('reads IPv4 and IPv6 blocks, clearing host bits', () => {
    expect(parseCidr('10.20.0.0/16')).toEqual({
      version: 4,
      network: 0x0a140000n,
      prefix: 16,
      hostBits: false,
    });
    expect(parseCidr('10.20.3.4/16')).toEqual({
      version: 4,
      network: 0x0a140000n,
      prefix: 16,
      hostBits: true,
    });
    expect(parseCidr('0.0.0.0/0')).toEqual({
      version: 4,
      network: 0n,
      prefix: 0,
      hostBits: false,
    });
    expect(parseCidr('fd00:10::/64')).toEqual({
      version: 6,
      network: 0xfd000010n << 96n,
      prefix: 64,
      hostBits: false,
    });
    expect(parseCidr('::/0')).toMatchObject({ version: 6, network: 0n });
    expect(parseCidr('::ffff:10.0.0.1/128')!.network).toBe(
      (0xffffn << 32n) | 0x0a000001n,
    );
  });

  it.each([
    '10.20.0.0',
    '10.20.0.0/33',
    'fd00::/129',
    '10.020.0.0/16',
    '300.1.1.1/8',
    'db.payments/16',
    '10.0.0.0/-1',
    'fe80::1%eth0/64',
    'fe80::%1/64',
    '',
  ])('reads no block from %j', text => {
    expect(parseCidr(text)).toBeUndefined();
  });
});

describe('cidrStrictlyInside', () => {
  const c = (text: string) => parseCidr(text)!;
  it('takes a smaller block of the same network, of the same family only', () => {
    expect(cidrStrictlyInside(c('10.20.5.0/24'), c('10.20.0.0/16'))).toBe(true);
    expect(cidrStrictlyInside(c('10.21.5.0/24'), c('10.20.0.0/16'))).toBe(
      false,
    );
    expect(cidrStrictlyInside(c('10.20.0.0/16'), c('10.20.0.0/16'))).toBe(
      false,
    );
    expect(cidrStrictlyInside(c('10.0.0.0/8'), c('10.20.0.0/16'))).toBe(false);
    expect(cidrStrictlyInside(c('169.254.0.0/16'), c('0.0.0.0/0'))).toBe(true);
    expect(cidrStrictlyInside(c('fd00:10::/80'), c('fd00:10::/64'))).toBe(true);
    expect(cidrStrictlyInside(c('fd00:11::/80'), c('fd00:10::/64'))).toBe(
      false,
    );
    expect(cidrStrictlyInside(c('::/1'), c('0.0.0.0/0'))).toBe(false);
  });
});

describe('formatCidr', () => {
  it('writes the network address of a block', () => {
    expect(formatCidr(parseCidr('10.20.3.4/16')!)).toBe('10.20.0.0/16');
    expect(formatCidr(parseCidr('fd00:10::1/64')!)).toBe(
      'fd00:10:0:0:0:0:0:0/64',
    );
    expect(formatCidr(parseCidr('10.1.2.3/32')!)).toBe('10.1.2.3/32');
  });
});
