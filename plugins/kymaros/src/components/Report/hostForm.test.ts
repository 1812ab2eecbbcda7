import { hostForm } from './hostForm';

describe('hostForm', () => {
  it('keeps host forms as given', () => {
    for (const host of [
      'db.shop-db.svc.cluster.local',
      'api.payments:8080',
      'http://api.payments:8080',
      'payments.svc',
    ]) {
      expect(hostForm(host)).toBe(host);
    }
  });

  it('drops credentials, path and query from a whole value', () => {
    expect(
      hostForm('postgres://shop:s3cr/et@db.shop-db.svc:5432/orders?sslmode=x'),
    ).toBe('postgres://db.shop-db.svc:5432');
    expect(hostForm('admin:hunter2@cache.shop-db.svc')).toBe(
      'cache.shop-db.svc',
    );
    expect(hostForm('db.shop-db.svc --password=hunter2')).toBe(
      'db.shop-db.svc',
    );
  });

  it('gives nothing for a value without a host', () => {
    expect(hostForm('  ')).toBe('');
    expect(hostForm('user:pw@')).toBe('');
  });
});
