import { reportedVerdicts } from './reportedVerdicts';

describe('reportedVerdicts', () => {
  it('names each verdict by service and place, once per name, in order', () => {
    const dependency = {
      from: 'web',
      where: 'Deployment/web env DB',
      service: 'db',
      namespace: 'data',
    };
    expect(
      reportedVerdicts([
        { dependency, satisfied: true, reason: '1 ready pod behind db' },
        { dependency, satisfied: false, reason: 'duplicate' },
        {
          dependency: { ...dependency, where: 'ConfigMap/cfg URL' },
          satisfied: false,
          reason: 'service db.data not found',
        },
      ]),
    ).toEqual([
      {
        name: 'db.data (Deployment/web env DB)',
        satisfied: true,
        reason: '1 ready pod behind db',
      },
      {
        name: 'db.data (ConfigMap/cfg URL)',
        satisfied: false,
        reason: 'service db.data not found',
      },
    ]);
  });
});
