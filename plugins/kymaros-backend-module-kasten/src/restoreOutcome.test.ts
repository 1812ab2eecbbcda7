import { restoreOutcome } from './restoreOutcome';

const action = (state: string, status: object = {}) => ({
  metadata: { name: 'r', creationTimestamp: '2026-01-01T00:00:00Z' },
  status: { state, ...status },
});

describe('restoreOutcome', () => {
  it('maps K10 states onto the engine phases, keeping K10 words', () => {
    const both = restoreOutcome(
      [
        {
          sandbox: 'a',
          action: action('Complete', {
            startTime: '2026-01-01T00:00:05Z',
            endTime: '2026-01-01T00:01:00Z',
          }),
        },
        {
          sandbox: 'b',
          action: action('Failed', {
            startTime: '2026-01-01T00:00:03Z',
            endTime: '2026-01-01T00:02:00Z',
            error: { message: 'no space' },
          }),
        },
      ],
      '2026-01-01T01:00:00Z',
    );
    expect(both).toEqual({
      phase: 'PartiallyFailed',
      providerPhase: 'Complete, Failed',
      startedAt: '2026-01-01T00:00:03Z',
      completedAt: '2026-01-01T00:02:00Z',
      errors: 1,
      warnings: 0,
      messages: ['b: no space'],
    });
  });

  it('counts a deleted or cancelled action as failed, and falls back to the object creation and the observation time', () => {
    const outcome = restoreOutcome(
      [{ sandbox: 'a' }, { sandbox: 'b', action: action('Cancelled') }],
      '2026-01-01T01:00:00Z',
    );
    expect(outcome).toMatchObject({
      phase: 'Failed',
      providerPhase: 'Deleted, Cancelled',
      startedAt: '2026-01-01T00:00:00Z',
      completedAt: '2026-01-01T01:00:00Z',
      errors: 2,
      messages: [
        'a: the RestoreAction was deleted before it finished',
        'b: restore Cancelled',
      ],
    });
  });
});
