import { findServiceReferences } from './findServiceReferences';
import type { ServiceDirectory } from './serviceDirectory';

const directory: ServiceDirectory = {
  mapping: { shop: 'shop-sbx', pay: 'pay-sbx' },
  services: new Map([
    ['shop', new Set(['api', 'db'])],
    ['pay', new Set(['gw'])],
  ]),
  headless: new Map([['shop', new Set(['db'])]]),
};
const hosts = (value: string) =>
  findServiceReferences(value, directory).map(r => [
    r.host,
    r.namespace,
    r.full,
  ]);

describe('findServiceReferences', () => {
  it('finds the full forms for any namespace', () => {
    expect(
      hosts(
        'postgres://u:p@db.shop.svc.cluster.local:5432/x http://x.billing.svc/y db-0.db.shop.svc',
      ),
    ).toEqual([
      ['db.shop.svc.cluster.local', 'shop', true],
      ['x.billing.svc', 'billing', true],
      ['db-0.db.shop.svc', 'shop', true],
    ]);
  });

  it('places the host exactly, so it can be replaced', () => {
    const value = 'jdbc:postgresql://db.shop.svc:5432/app';
    const [ref] = findServiceReferences(value, directory);
    expect(value.slice(ref.start, ref.end)).toBe('db.shop.svc');
    expect(ref.namespaceLabel).toBe(1);
  });

  it('finds a short form only for a Service the backup holds, where the host ends', () => {
    expect(hosts('http://api.shop:8080/v1')).toEqual([
      ['api.shop', 'shop', false],
    ]);
    for (const end of ['', '/', ' x', '"', "'", ',', ';', '?q', '#f', '\n'])
      expect(hosts(`api.shop${end}`)).toEqual([['api.shop', 'shop', false]]);
    expect(hosts('db-0.db.shop')).toEqual([['db-0.db.shop', 'shop', false]]);
    // Not a Service of shop, not headless, not restored, or the host goes on.
    expect(hosts('web.shop')).toEqual([]);
    expect(hosts('x.api.shop')).toEqual([]);
    expect(hosts('api.billing')).toEqual([]);
    expect(hosts('api.shop.io')).toEqual([]);
    expect(hosts('api.shop:x')).toEqual([]);
    expect(hosts('api.shop)')).toEqual([]);
    expect(hosts('api.shop.')).toEqual([]);
  });

  it('never takes a user name or password for a host', () => {
    expect(hosts('http://admin.shop@mail.example.com/')).toEqual([]);
    expect(hosts('redis://:pass.shop.svc@x')).toEqual([]);
    expect(
      hosts('redis://u:db.shop.svc.cluster.local@db.shop.svc:6379'),
    ).toEqual([['db.shop.svc', 'shop', true]]);
    expect(hosts('api.shop@')).toEqual([]);
  });

  it('never takes a domain that merely contains a namespace name', () => {
    expect(
      hosts('user.payments.example.com api.payments.io gw.pay.example.com'),
    ).toEqual([]);
    expect(hosts('db.shop.svc.example.com db.shop.svcx db.shopx.svc')).toEqual([
      ['db.shopx.svc', 'shopx', true],
    ]);
  });

  it('compares whole labels: pay is not payments', () => {
    expect(hosts('gw.payments gw.payments.svc')).toEqual([
      ['gw.payments.svc', 'payments', true],
    ]);
    expect(hosts('gw.pay')).toEqual([['gw.pay', 'pay', false]]);
  });

  it('ignores names that are not DNS labels and hosts with too many labels', () => {
    expect(
      hosts('DB.shop.svc My_db.shop.svc a.b.c.shop.svc shop.svc .svc'),
    ).toEqual([]);
  });

  it('takes no label longer than DNS allows, so a report never carries a huge value', () => {
    expect(hosts(`${'a'.repeat(64)}.shop.svc`)).toEqual([]);
    expect(hosts(`${'a'.repeat(63)}.shop.svc`)).toHaveLength(1);
  });

  it('keeps the host of a wildcard or an absolute name', () => {
    expect(hosts('*.db.shop.svc')).toEqual([['db.shop.svc', 'shop', true]]);
    expect(hosts('db.shop.svc.cluster.local.')).toEqual([
      ['db.shop.svc.cluster.local', 'shop', true],
    ]);
  });

  it('is not confused by regular-expression characters around names', () => {
    expect(hosts('(db.shop.svc)+ [api.shop]* ^gw.pay$')).toEqual([
      ['db.shop.svc', 'shop', true],
    ]);
  });

  it('reads a large value in one pass', () => {
    const value = 'x=db.shop.svc '.repeat(100_000);
    const started = Date.now();
    expect(findServiceReferences(value, directory)).toHaveLength(100_000);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
