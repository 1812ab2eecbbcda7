import { egressBlockBreadthIssue } from './egressBlockBreadth';

describe('egressBlockBreadthIssue', () => {
  it.each([
    '10.0.0.0/8',
    '10.20.0.0/16',
    '2001::/16',
    'fd00:10::/64',
    '::ffff:10.0.0.0/104',
    '64:ff9b::a14:0/112',
    '::fffe:0:0/96',
    'not a block',
  ])('takes %j', text => {
    expect(egressBlockBreadthIssue(text)).toBeUndefined();
  });

  it.each([
    ['8.0.0.0/7', /^8\.0\.0\.0\/7 spans more than a \/8,/],
    ['2000::/15', /^2000::\/15 spans more than a \/16,/],
    [
      '::ffff:10.0.0.0/103',
      /^::ffff:10\.0\.0\.0\/103 is the IPv4-mapped form of 10\.0\.0\.0\/7,/,
    ],
    ['64:ff9b::/100', /^64:ff9b::\/100 is the NAT64 form of 0\.0\.0\.0\/4,/],
    ['::ffff:0:0/95', /^::ffff:0:0\/95 holds ::ffff:0:0\/96,/],
    ['64:ff9b::/32', /^64:ff9b::\/32 holds 64:ff9b::\/96,/],
  ])('refuses %j', (text, message) => {
    expect(egressBlockBreadthIssue(text)).toMatch(message);
  });
});
