import type { KymarosApi } from '../api';

/** A KymarosApi whose methods are jest mocks; unset ones reject. */
export function mockKymarosApi(
  overrides: Partial<KymarosApi> = {},
): jest.Mocked<KymarosApi> {
  const notMocked = (name: string) =>
    jest.fn(() => Promise.reject(new Error(`${name} not mocked`)));
  return {
    getTests: notMocked('getTests'),
    getTest: notMocked('getTest'),
    getReports: notMocked('getReports'),
    getReport: notMocked('getReport'),
    getReportLogs: notMocked('getReportLogs'),
    runTest: notMocked('runTest'),
    getSummary: notMocked('getSummary'),
    exportEvidence: notMocked('exportEvidence'),
    getBackupCoverage: notMocked('getBackupCoverage'),
    createBackup: notMocked('createBackup'),
    ...overrides,
  } as jest.Mocked<KymarosApi>;
}
