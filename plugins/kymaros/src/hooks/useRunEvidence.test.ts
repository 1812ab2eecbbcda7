import type { KymarosApi } from '../api';
import { loadRunEvidence } from './useRunEvidence';

const evidence = { podLogs: [], events: [] };

describe('loadRunEvidence', () => {
  it('reads a report once for every card that shows it', async () => {
    const getReportLogs = jest.fn().mockResolvedValue(evidence);
    const api = { getReportLogs } as unknown as KymarosApi;
    const [a, b] = await Promise.all([
      loadRunEvidence(api, 'orders-1'),
      loadRunEvidence(api, 'orders-1'),
    ]);
    expect(a).toBe(evidence);
    expect(b).toBe(evidence);
    expect(getReportLogs).toHaveBeenCalledTimes(1);
    await loadRunEvidence(api, 'orders-2');
    expect(getReportLogs).toHaveBeenCalledTimes(2);
  });

  it('reads again after a failed read', async () => {
    const getReportLogs = jest
      .fn()
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValue(evidence);
    const api = { getReportLogs } as unknown as KymarosApi;
    await expect(loadRunEvidence(api, 'orders-1')).rejects.toThrow('offline');
    await expect(loadRunEvidence(api, 'orders-1')).resolves.toBe(evidence);
    expect(getReportLogs).toHaveBeenCalledTimes(2);
  });
});
