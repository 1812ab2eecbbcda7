import { detectDependencies, serviceReferences } from './detectDependencies';

describe('detectDependencies', () => {
  it('finds service DNS names in env, args, ConfigMaps and ExternalName services', () => {
    const deps = detectDependencies('storefront-web', [
      {
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          template: {
            spec: {
              containers: [
                {
                  env: [
                    {
                      name: 'DATABASE_HOST',
                      value: 'storefront-db.storefront-data.svc.cluster.local',
                    },
                    { name: 'SELF', value: 'web.storefront-web.svc' },
                  ],
                  args: [
                    '--cache=redis://shared-redis.platform-infra.svc:6379',
                  ],
                },
              ],
            },
          },
        },
      },
      {
        kind: 'ConfigMap',
        metadata: { name: 'cfg' },
        data: {
          DATABASE_URL:
            'postgres://storefront-db.storefront-data.svc.cluster.local:5432/shop',
        },
      },
      {
        kind: 'Service',
        metadata: { name: 'payments-gateway' },
        spec: {
          type: 'ExternalName',
          externalName: 'payments-api.payments.svc.cluster.local',
        },
      },
    ]);
    expect(deps.map(d => `${d.where} -> ${d.service}.${d.namespace}`)).toEqual([
      'Deployment/web env DATABASE_HOST -> storefront-db.storefront-data',
      'Deployment/web args -> shared-redis.platform-infra',
      'ConfigMap/cfg DATABASE_URL -> storefront-db.storefront-data',
      'Service/payments-gateway externalName -> payments-api.payments',
    ]);
  });

  it('ignores plain hostnames and the namespace itself', () => {
    expect(serviceReferences('db.internal.example.com and api.svc')).toEqual(
      [],
    );
    expect(
      detectDependencies('shop', [
        {
          kind: 'ConfigMap',
          metadata: { name: 'c' },
          data: { a: 'api.shop.svc' },
        },
      ]),
    ).toEqual([]);
  });
});
