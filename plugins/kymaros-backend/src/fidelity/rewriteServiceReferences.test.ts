import { rewriteServiceReferences } from './rewriteServiceReferences';
import type { ServiceDirectory } from './serviceDirectory';

const directory: ServiceDirectory = {
  mapping: { shop: 'shop-sbx', payments: 'payments-sbx' },
  services: new Map([['payments', new Set(['api'])]]),
  headless: new Map(),
};

describe('rewriteServiceReferences', () => {
  it('points restored namespaces at their sandboxes and keeps the rest of the value', () => {
    const result = rewriteServiceReferences(
      'postgres://u:"p\\w ü"@db.shop.svc.cluster.local:5432/db?x=http://api.payments:8080',
      directory,
    );
    expect(result.value).toBe(
      'postgres://u:"p\\w ü"@db.shop-sbx.svc.cluster.local:5432/db?x=http://api.payments-sbx:8080',
    );
    expect(result.rewrites).toEqual([
      {
        from: 'db.shop.svc.cluster.local',
        to: 'db.shop-sbx.svc.cluster.local',
      },
      { from: 'api.payments', to: 'api.payments-sbx' },
    ]);
    expect(result.external).toEqual([]);
  });

  it('leaves references to other namespaces alone and lists the full forms', () => {
    const value =
      'a=ledger.prod.svc.cluster.local b=ledger.prod c=x.shop-sbx.svc';
    const result = rewriteServiceReferences(value, directory);
    expect(result.value).toBe(value);
    expect(result.rewrites).toEqual([]);
    expect(result.external).toEqual([
      { reference: 'ledger.prod.svc.cluster.local', namespace: 'prod' },
    ]);
  });

  it('changes nothing in a value without references', () => {
    const value = 'user.payments.example.com';
    expect(rewriteServiceReferences(value, directory)).toEqual({
      value,
      rewrites: [],
      external: [],
    });
  });

  it('treats a namespace named like an object property as any other', () => {
    const result = rewriteServiceReferences('db.constructor.svc', {
      ...directory,
      mapping: {},
    });
    expect(result.external).toEqual([
      { reference: 'db.constructor.svc', namespace: 'constructor' },
    ]);
  });
});
