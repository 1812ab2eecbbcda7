import { parseQuantity } from './parseQuantity';

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['2', 2],
    ['0.25', 0.25],
    ['.5', 0.5],
    ['1Ki', 1024],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['128Mi', 128 * 2 ** 20],
    ['1G', 1e9],
    ['100k', 1e5],
    ['1e3', 1000],
    ['1E3', 1000],
    ['2E', 2e18],
    ['250u', 250e-6],
  ])('reads %s', (text, value) => {
    expect(parseQuantity(text, 'cpu')).toBeCloseTo(value, 9);
  });

  it('reads a number as the quantity it spells', () => {
    expect(parseQuantity(4, 'cpu')).toBe(4);
  });

  it('names the value and what it is when it is not a quantity', () => {
    expect(() =>
      parseQuantity(
        '12 GB',
        'Deployment shop/web container web requests.memory',
      ),
    ).toThrow(
      'Deployment shop/web container web requests.memory must be a Kubernetes quantity such as 500m, 4 or 8Gi, got "12 GB"',
    );
    expect(() => parseQuantity('-1', 'cpu')).toThrow('got "-1"');
  });
});
