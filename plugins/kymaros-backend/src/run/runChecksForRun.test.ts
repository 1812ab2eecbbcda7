import { mockServices } from '@backstage/backend-test-utils';
import type { CheckContext, CheckType } from '@kymaros/plugin-kymaros-node';
import { z } from 'zod';
import { runChecksForRun } from './runChecksForRun';

describe('runChecksForRun', () => {
  it('gives a check without namespace every sandbox to look in, and a pinned one its own', async () => {
    const seen: Record<string, Partial<CheckContext>> = {};
    const spy: CheckType = {
      type: 'spy',
      settings: z.unknown(),
      async run(check, context) {
        const { sandbox, sourceNamespace, sandboxes, namespacePinned } =
          context;
        seen[check.name] = {
          sandbox,
          sourceNamespace,
          sandboxes,
          namespacePinned,
        };
        return { status: 'pass', message: 'ok' };
      },
    };
    const run = runChecksForRun(
      new Map([['spy', spy]]),
      mockServices.logger.mock(),
    );
    const sandboxes = { web: 'sb-web', data: 'sb-data' };
    const results = await run(
      [
        { name: 'free', type: 'spy' },
        { name: 'pinned', type: 'spy', namespace: 'data' },
      ],
      {
        kubeConfig: {} as any,
        sandboxes,
        labels: {},
        signal: new AbortController().signal,
      },
    );
    expect(seen).toEqual({
      free: {
        sandbox: 'sb-web',
        sourceNamespace: 'web',
        sandboxes,
        namespacePinned: false,
      },
      pinned: {
        sandbox: 'sb-data',
        sourceNamespace: 'data',
        sandboxes,
        namespacePinned: true,
      },
    });
    expect(results.map(r => r.namespace)).toEqual(['web', 'data']);
  });
});
