import { ConfigReader } from '@backstage/config';
import { readKymarosConfig } from '../config/readKymarosConfig';
import { readReportNamespace } from './reportNamespace';

const read = (kymaros: object) =>
  readReportNamespace(new ConfigReader(kymaros));

describe('readReportNamespace', () => {
  it('is kymaros-system unless configured', () => {
    expect(readReportNamespace(undefined)).toBe('kymaros-system');
    expect(read({})).toBe('kymaros-system');
    expect(read({ reports: { namespace: 'backup-audit' } })).toBe(
      'backup-audit',
    );
    expect(
      readKymarosConfig(
        new ConfigReader({
          kymaros: { reports: { namespace: 'backup-audit' } },
        }),
      ).reports,
    ).toEqual({ namespace: 'backup-audit' });
  });

  it('refuses what cannot name a namespace, naming the key and the value', () => {
    expect(() => read({ reports: { namespace: 'Kymaros_System' } })).toThrow(
      'kymaros.reports.namespace: "Kymaros_System" is not a namespace name',
    );
    expect(() => read({ reports: { namespace: 'n'.repeat(64) } })).toThrow(
      'kymaros.reports.namespace: 64 characters, more than the 63 a namespace name may have',
    );
    expect(() => read({ reports: { namespace: 3 } })).toThrow(
      /reports\.namespace/,
    );
  });
});
