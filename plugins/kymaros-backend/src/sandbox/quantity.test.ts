import {
  cpuMillis,
  formatBytes,
  formatCpu,
  quantityBytes,
  quantityValue,
} from './quantity';

describe('quantity', () => {
  it.each([
    ['500m', 0.5],
    ['4', 4],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['2e3', 2000],
    ['1E3', 1000],
    ['1E', 1e18],
    ['.5k', 500],
    ['128Mi', 128 * 2 ** 20],
    ['100n', 100e-9],
  ])('reads %s', (text, value) => {
    expect(quantityValue(text)).toBeCloseTo(value, 12);
  });

  it('reads nothing from what the API server would refuse', () => {
    expect(quantityValue('4 cores')).toBeUndefined();
    expect(quantityValue('')).toBeUndefined();
    expect(cpuMillis('1 GB')).toBeUndefined();
    expect(quantityBytes('-1Gi')).toBeUndefined();
  });

  it('counts millicores and bytes without float noise, rounding up what is truly fractional', () => {
    expect(cpuMillis('100m')).toBe(100);
    expect(cpuMillis('0.1')).toBe(100);
    expect(cpuMillis('1.5')).toBe(1500);
    expect(cpuMillis('100u')).toBe(1);
    expect(quantityBytes('1.5Gi')).toBe(1610612736);
    expect(quantityBytes('1500m')).toBe(2);
  });

  it('formats millicores and bytes as people write them, never understating', () => {
    expect(formatCpu(6000)).toBe('6');
    expect(formatCpu(1500)).toBe('1500m');
    expect(formatCpu(0)).toBe('0');
    expect(formatBytes(12 * 2 ** 30)).toBe('12Gi');
    expect(formatBytes(1.5 * 2 ** 30)).toBe('1536Mi');
    expect(formatBytes(2 ** 20 + 1)).toBe('2Mi');
    expect(formatBytes(2000)).toBe('2Ki');
    expect(formatBytes(500)).toBe('500');
  });
});
