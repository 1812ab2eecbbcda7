import { ResponseError } from '@backstage/errors';
import {
  failingReport,
  ordersCoverage,
  ordersTest,
  summary,
} from '../__fixtures__';
import { KymarosClient } from './KymarosClient';

function fakeResponse(status: number, body: unknown): Response {
  const text = JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: status === 404 ? 'Not Found' : 'OK',
    headers: new Headers({ 'content-type': 'application/json' }),
    json: async () => body,
    text: async () => text,
  } as unknown as Response;
}

describe('KymarosClient', () => {
  const setup = (response: Response) => {
    const fetch = jest.fn().mockResolvedValue(response);
    const client = new KymarosClient({
      discoveryApi: {
        getBaseUrl: jest.fn().mockResolvedValue('http://backstage/api/kymaros'),
      },
      fetchApi: { fetch },
    });
    return { client, fetch };
  };

  it('lists the tests of an entity', async () => {
    const { client, fetch } = setup(fakeResponse(200, { items: [ordersTest] }));
    await expect(
      client.getTests({ entityRef: 'component:default/orders' }),
    ).resolves.toEqual([ordersTest]);
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage/api/kymaros/tests?entityRef=component%3Adefault%2Forders',
      undefined,
    );
  });

  it("asks for one entity's tests with their newest reports", async () => {
    const { client, fetch } = setup(fakeResponse(200, { items: [ordersTest] }));
    await client.getTests({
      entityRef: 'component:default/orders',
      reports: 5,
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage/api/kymaros/tests?entityRef=component%3Adefault%2Forders&reports=5',
      undefined,
    );
    await client.getTests();
    expect(fetch).toHaveBeenLastCalledWith(
      'http://backstage/api/kymaros/tests',
      undefined,
    );
  });

  it('encodes test ids and report names as path segments', async () => {
    const { client, fetch } = setup(
      fakeResponse(200, { items: [failingReport] }),
    );
    await expect(client.getReports(ordersTest.id)).resolves.toEqual([
      failingReport,
    ]);
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage/api/kymaros/tests/component%3Adefault%2Forders%3Aorders/reports',
      undefined,
    );
    await client.getTest(ordersTest.id);
    expect(fetch).toHaveBeenLastCalledWith(
      'http://backstage/api/kymaros/tests/component%3Adefault%2Forders%3Aorders',
      undefined,
    );
    await client.getReport('orders-20240316-030008');
    expect(fetch).toHaveBeenLastCalledWith(
      'http://backstage/api/kymaros/reports/orders-20240316-030008',
      undefined,
    );
  });

  it('starts a run with a POST', async () => {
    const { client, fetch } = setup(
      fakeResponse(202, { testId: ordersTest.id, status: 'accepted' }),
    );
    await expect(client.runTest(ordersTest.id)).resolves.toEqual({
      testId: ordersTest.id,
      status: 'accepted',
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage/api/kymaros/tests/component%3Adefault%2Forders%3Aorders/run',
      { method: 'POST' },
    );
  });

  it('reads the summary', async () => {
    const { client, fetch } = setup(fakeResponse(200, summary));
    await expect(client.getSummary()).resolves.toEqual(summary);
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage/api/kymaros/summary',
      undefined,
    );
  });

  it('passes the summary query, leaving out what is not set', async () => {
    const { client, fetch } = setup(fakeResponse(200, summary));
    await client.getSummary({
      limit: 20,
      offset: 40,
      owner: 'group:default/team-a',
      result: 'fail',
      search: '',
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage/api/kymaros/summary?limit=20&offset=40&owner=group%3Adefault%2Fteam-a&result=fail',
      undefined,
    );
  });

  it('throws a ResponseError carrying the backend message', async () => {
    const { client } = setup(
      fakeResponse(404, {
        error: { name: 'NotFoundError', message: 'No restore test x' },
        response: { statusCode: 404 },
      }),
    );
    const error = await client.getTest('x').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.cause.message).toBe('No restore test x');
  });

  it("reads a report's logs, and takes 404 for none kept", async () => {
    const evidence = { podLogs: [], events: [] };
    const found = setup(fakeResponse(200, evidence));
    await expect(found.client.getReportLogs('a/b')).resolves.toEqual(evidence);
    expect(found.fetch).toHaveBeenCalledWith(
      'http://backstage/api/kymaros/reports/a%2Fb/logs',
      undefined,
    );
    const none = setup(
      fakeResponse(404, {
        error: { name: 'NotFoundError', message: 'kept no logs' },
        response: { statusCode: 404 },
      }),
    );
    await expect(none.client.getReportLogs('x')).resolves.toBeUndefined();
    const broken = setup(fakeResponse(500, { error: { message: 'boom' } }));
    await expect(broken.client.getReportLogs('x')).rejects.toBeInstanceOf(
      ResponseError,
    );
  });

  it('downloads the evidence export under the name the backend gives it', async () => {
    const blob = new Blob(['format,sequence\r\n'], { type: 'text/csv' });
    const fetch = jest.fn().mockResolvedValue({
      ok: true,
      status: 200,
      headers: new Headers({
        'content-disposition':
          'attachment; filename="kymaros-evidence-2026-12-06.csv"',
      }),
      blob: async () => blob,
    } as unknown as Response);
    const client = new KymarosClient({
      discoveryApi: {
        getBaseUrl: jest.fn().mockResolvedValue('http://backstage/api/kymaros'),
      },
      fetchApi: { fetch },
    });
    await expect(
      client.exportEvidence({ owner: 'group:default/team-a', from: '' }),
    ).resolves.toEqual({ filename: 'kymaros-evidence-2026-12-06.csv', blob });
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage/api/kymaros/evidence?owner=group%3Adefault%2Fteam-a',
      undefined,
    );
  });

  it('names the export itself when the Content-Disposition header is hidden', async () => {
    const { client } = setup({
      ok: true,
      status: 200,
      headers: new Headers(),
      blob: async () => new Blob([]),
    } as unknown as Response);
    const file = await client.exportEvidence({ format: 'json' });
    expect(file.filename).toMatch(
      /^kymaros-evidence-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.json$/,
    );
  });

  it('throws the backend error when the export is refused', async () => {
    const { client } = setup(
      fakeResponse(403, { error: { name: 'NotAllowedError', message: 'no' } }),
    );
    await expect(client.exportEvidence()).rejects.toBeInstanceOf(ResponseError);
  });

  it("reads one entity's backup coverage, or the statuses asked for", async () => {
    const { client, fetch } = setup(
      fakeResponse(200, { items: [ordersCoverage], totalCount: 1 }),
    );
    await expect(
      client.getBackupCoverage({ entityRef: 'component:default/orders' }),
    ).resolves.toEqual([ordersCoverage]);
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage/api/kymaros/backup-coverage?entityRef=component%3Adefault%2Forders',
      undefined,
    );
    await client.getBackupCoverage({ status: ['no-schedule', 'failing'] });
    expect(fetch).toHaveBeenLastCalledWith(
      'http://backstage/api/kymaros/backup-coverage?status=no-schedule%2Cfailing',
      undefined,
    );
    await client.getBackupCoverage({ status: [] });
    expect(fetch).toHaveBeenLastCalledWith(
      'http://backstage/api/kymaros/backup-coverage',
      undefined,
    );
  });

  it('asks for a backup now with the test id as JSON', async () => {
    const created = {
      provider: 'velero',
      cluster: 'production',
      backup: 'kymaros-orders-20261206105000',
      namespaces: ['orders'],
      phase: 'New',
    };
    const { client, fetch } = setup(fakeResponse(201, created));
    await expect(client.createBackup(ordersCoverage.testId)).resolves.toEqual(
      created,
    );
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage/api/kymaros/backup-coverage/backups',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ testId: 'component:default/orders:orders' }),
      },
    );
  });

  it('throws the backend message when a backup cannot be taken', async () => {
    const { client } = setup(
      fakeResponse(501, {
        error: {
          name: 'NotImplementedError',
          message: 'Kasten cannot take a backup on demand',
        },
        response: { statusCode: 501 },
      }),
    );
    const error = await client.createBackup('x').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(501);
    expect(error.cause.message).toBe('Kasten cannot take a backup on demand');
  });
});
