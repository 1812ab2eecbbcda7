import { mockServices } from '@backstage/backend-test-utils';
import type { CheckContext } from '@kymaros/plugin-kymaros-node';
import {
  findInSandboxes,
  locateOne,
  lookupGraceMs,
  searchedSandboxes,
} from './sandboxSearch';

jest.setTimeout(20_000);

/** A run of two namespaces, web first; the check names none unless `pinned`. */
function context(overrides: Partial<CheckContext> = {}): CheckContext {
  return {
    kubeConfig: {} as any,
    sandbox: 'sb-web',
    sourceNamespace: 'web',
    sandboxes: { web: 'sb-web', data: 'sb-data' },
    namespacePinned: false,
    signal: new AbortController().signal,
    timeoutMs: 4000,
    logger: mockServices.logger.mock(),
    labels: {},
    ...overrides,
  };
}

/** A finder over a fixed world: which sandboxes hold the target. */
const holding =
  (...sandboxes: string[]) =>
  async ({ sandbox }: { sandbox: string }) =>
    sandboxes.includes(sandbox) ? sandbox : undefined;

describe('sandboxSearch', () => {
  it('searches every sandbox of the run, in the test order, unless the check names its namespace', () => {
    expect(searchedSandboxes(context())).toEqual([
      { source: 'web', sandbox: 'sb-web' },
      { source: 'data', sandbox: 'sb-data' },
    ]);
    expect(
      searchedSandboxes(
        context({
          namespacePinned: true,
          sourceNamespace: 'data',
          sandbox: 'sb-data',
        }),
      ),
    ).toEqual([{ source: 'data', sandbox: 'sb-data' }]);
  });

  it('finds a target in the second sandbox and says where it ran', async () => {
    await expect(
      locateOne(context(), 'Service postgres', holding('sb-data')),
    ).resolves.toEqual({
      where: { source: 'data', sandbox: 'sb-data' },
      found: 'sb-data',
      place: { namespaces: ['data'] },
    });
  });

  it('reports a target in several sandboxes as ambiguous, saying how to pin one', async () => {
    await expect(
      locateOne(context(), 'Service api', holding('sb-web', 'sb-data')),
    ).resolves.toEqual({
      failed: {
        status: 'fail',
        message:
          'Service api found in 2 sandboxes (sb-web (web), sb-data (data)): name the one to check with namespace: web or namespace: data',
        namespaces: ['web', 'data'],
      },
    });
  });

  it('fails a target in no sandbox after the short lookup grace, naming every sandbox searched', async () => {
    const started = Date.now();
    await expect(
      locateOne(context({ timeoutMs: 30_000 }), 'Service ghost', holding()),
    ).resolves.toEqual({
      failed: {
        status: 'fail',
        message:
          'Service ghost not found in any sandbox (searched sb-web (web), sb-data (data))',
        namespaces: ['web', 'data'],
      },
    });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(lookupGraceMs(30_000) - 50);
    expect(waited).toBeLessThan(7000);
    expect(lookupGraceMs(30_000)).toBe(5000);
    expect(lookupGraceMs(4000)).toBe(900);
  });

  it('keeps the single-sandbox wording and adds no namespaces when only one sandbox is searched', async () => {
    await expect(
      locateOne(
        context({ namespacePinned: true }),
        'Service postgres',
        holding('sb-data'),
      ),
    ).resolves.toEqual({
      failed: {
        status: 'fail',
        message: 'Service postgres not found in sb-web',
      },
    });
    await expect(
      locateOne(
        context({ sandboxes: { web: 'sb-web' } }),
        'Service api',
        holding('sb-web'),
      ),
    ).resolves.toMatchObject({ found: 'sb-web', place: {} });
  });

  it('finds a target that appears during the grace, as an operator creates it', async () => {
    let probes = 0;
    const hits = await findInSandboxes(context(), async ({ sandbox }) =>
      ++probes > 4 && sandbox === 'sb-data' ? 'late' : undefined,
    );
    expect(hits).toEqual([
      { where: { source: 'data', sandbox: 'sb-data' }, found: 'late' },
    ]);
  });

  it('stops looking when the signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('run cancelled')), 100);
    await expect(
      locateOne(
        context({ signal: controller.signal, timeoutMs: 60_000 }),
        'Service ghost',
        holding(),
      ),
    ).rejects.toThrow('run cancelled');
  });
});
