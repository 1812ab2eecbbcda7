import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  BackupCoverage,
  BackupCoverageStatus,
  ListResponse,
  OnDemandBackupResponse,
  RestoreReport,
  RestoreTestItem,
  RunAcceptedResponse,
  RunEvidence,
  SummaryQuery,
  SummaryResponse,
} from '@kymaros/plugin-kymaros-common';
import type {
  EvidenceExportQuery,
  EvidenceFile,
  KymarosApi,
} from './KymarosApi';

/**
 * {@link KymarosApi} over Backstage's discovery and fetch APIs.
 *
 * @public
 */
export class KymarosClient implements KymarosApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getTests(options?: { entityRef?: string; reports?: number }) {
    const params = new URLSearchParams();
    if (options?.entityRef) params.set('entityRef', options.entityRef);
    if (options?.reports) params.set('reports', String(options.reports));
    const query = params.toString();
    const body = await this.request<ListResponse<RestoreTestItem>>(
      query ? `/tests?${query}` : '/tests',
    );
    return body.items;
  }

  getTest(testId: string) {
    return this.request<RestoreTestItem>(
      `/tests/${encodeURIComponent(testId)}`,
    );
  }

  async getReports(testId: string) {
    const body = await this.request<ListResponse<RestoreReport>>(
      `/tests/${encodeURIComponent(testId)}/reports`,
    );
    return body.items;
  }

  getReport(name: string) {
    return this.request<RestoreReport>(`/reports/${encodeURIComponent(name)}`);
  }

  async getReportLogs(name: string) {
    try {
      return await this.request<RunEvidence>(
        `/reports/${encodeURIComponent(name)}/logs`,
      );
    } catch (e) {
      // A run that kept nothing (logCollection off, no sandbox) answers 404.
      if (e instanceof ResponseError && e.response.status === 404)
        return undefined;
      throw e;
    }
  }

  runTest(testId: string) {
    return this.request<RunAcceptedResponse>(
      `/tests/${encodeURIComponent(testId)}/run`,
      { method: 'POST' },
    );
  }

  getSummary(query: SummaryQuery = {}) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const search = params.toString();
    return this.request<SummaryResponse>(
      `/summary${search ? `?${search}` : ''}`,
    );
  }

  async exportEvidence(query: EvidenceExportQuery = {}): Promise<EvidenceFile> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value) params.set(key, value);
    }
    const search = params.toString();
    const response = await this.send(`/evidence${search ? `?${search}` : ''}`);
    const named = /filename="([^"]+)"/.exec(
      response.headers.get('Content-Disposition') ?? '',
    );
    return {
      // Hidden when the backend's CORS settings do not expose it.
      filename:
        named?.[1] ??
        `kymaros-evidence-${new Date().toISOString().replace(/[:.]/g, '-')}.${
          query.format ?? 'csv'
        }`,
      blob: await response.blob(),
    };
  }

  async getBackupCoverage(
    options: { entityRef?: string; status?: BackupCoverageStatus[] } = {},
  ) {
    const params = new URLSearchParams();
    if (options.entityRef) params.set('entityRef', options.entityRef);
    if (options.status?.length) params.set('status', options.status.join(','));
    const search = params.toString();
    const body = await this.request<ListResponse<BackupCoverage>>(
      `/backup-coverage${search ? `?${search}` : ''}`,
    );
    return body.items;
  }

  createBackup(testId: string) {
    return this.request<OnDemandBackupResponse>('/backup-coverage/backups', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ testId }),
    });
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    return (await (await this.send(path, init)).json()) as T;
  }

  private async send(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('kymaros');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
