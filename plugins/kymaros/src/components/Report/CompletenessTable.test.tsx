import { partialReport } from '../../__fixtures__';
import { completenessRows } from './CompletenessTable';

describe('completenessRows', () => {
  it('uses the per-kind detail, shortfalls first', () => {
    const rows = completenessRows(partialReport.status);
    expect(rows.map(r => `${r.kind} ${r.actual}/${r.expected}`)).toEqual([
      'Secret 2/3',
      'ConfigMap 3/4',
      'Deployment 2/2',
      'StatefulSet 1/1',
      'Service 3/3',
      'PersistentVolumeClaim 3/3',
    ]);
    expect(rows[0].missing).toEqual(['search-es-snapshot-credentials']);
  });

  it('falls back to the actual/expected summary, leaving out kinds absent from the backup', () => {
    const rows = completenessRows({
      ...partialReport.status,
      completenessDetail: undefined,
    });
    expect(rows.map(r => `${r.kind} ${r.actual}/${r.expected}`)).toEqual([
      'Secret 2/3',
      'ConfigMap 3/4',
      'Deployment 2/2',
      'StatefulSet 1/1',
      'Service 3/3',
      'PersistentVolumeClaim 3/3',
    ]);
    expect(rows.find(r => r.kind === 'Custom resources')).toBeUndefined();
  });
});
