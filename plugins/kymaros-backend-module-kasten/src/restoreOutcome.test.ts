import { restoreOutcome } from './restoreOutcome';

const action = (state: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'actions.kio.kasten.io/v1alpha1',
  kind: 'RestoreAction',
  metadata: { name: 'kymaros-r1', creationTimestamp: '2026-12-06T10:00:00Z' },
  status: { state, ...extra },
});

describe('the outcome of one RestoreAction per sandbox', () => {
  it('counts what was restored in namespaces when one of three failed', () => {
    const outcome = restoreOutcome(
      [
        {
          sandbox: 'a',
          action: action('Complete', { endTime: '2026-12-06T10:02:00Z' }),
        },
        {
          sandbox: 'b',
          action: action('Complete', { endTime: '2026-12-06T10:03:00Z' }),
        },
        {
          sandbox: 'c',
          action: action('Failed', {
            error: { message: 'volume snapshot gone' },
          }),
        },
      ] as any,
      '2026-12-06T10:05:00Z',
    );
    expect(outcome).toMatchObject({
      phase: 'PartiallyFailed',
      providerPhase: 'Complete, Failed',
      itemsTotal: 3,
      itemsRestored: 2,
      errors: 1,
      startedAt: '2026-12-06T10:00:00Z',
      completedAt: '2026-12-06T10:03:00Z',
      messages: ['c: volume snapshot gone'],
    });
  });

  it('fails a restore whose every action failed or was deleted', () => {
    const outcome = restoreOutcome(
      [{ sandbox: 'a', action: action('Failed') }, { sandbox: 'b' }] as any,
      '2026-12-06T10:05:00Z',
    );
    expect(outcome.phase).toBe('Failed');
    expect(outcome.itemsRestored).toBe(0);
    expect(outcome.completedAt).toBe('2026-12-06T10:05:00Z');
    expect(outcome.messages).toContain(
      'b: the RestoreAction was deleted before it finished',
    );
  });
});
