import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ListResponse,
  RestoreReport,
  RestoreTestItem,
  RunAcceptedResponse,
  RunEvidence,
  SummaryQuery,
  SummaryResponse,
} from '@kymaros/plugin-kymaros-common';
import type { KymarosApi } from './KymarosApi';

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

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('kymaros');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
