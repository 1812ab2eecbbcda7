import { strictIsolationNotice } from './strictIsolationNotice';

const mapping = { web: 'kymaros-web-a1b2c3', db: 'kymaros-web-d4e5f6' };
const toDb = {
  object: 'Deployment web/api',
  field: 'env DB_HOST of container api',
  from: 'db.db.svc',
  to: 'db.kymaros-web-d4e5f6.svc',
};
const withinDb = {
  object: 'ConfigMap db/settings',
  field: 'data.self',
  from: 'db.db.svc',
  to: 'db.kymaros-web-d4e5f6.svc',
};

describe('strictIsolationNotice', () => {
  it('says strict isolation blocks addresses rewritten to another sandbox of the run', () => {
    expect(strictIsolationNotice('strict', mapping, [toDb, withinDb])).toEqual([
      {
        subject: 'Network isolation strict',
        change:
          '1 address rewritten to another sandbox of this run, which strict isolation blocks',
        notTested: expect.stringMatching(/networkIsolation: group/),
      },
    ]);
  });

  it('says nothing for group isolation or addresses within their own sandbox', () => {
    expect(strictIsolationNotice('group', mapping, [toDb])).toEqual([]);
    expect(strictIsolationNotice('strict', mapping, [withinDb])).toEqual([]);
    const more = { object: '… and 5 more', field: '', from: '', to: '' };
    expect(strictIsolationNotice('strict', mapping, [withinDb, more])).toEqual(
      [],
    );
  });
});
