import { withinLimit } from './withinLimit';

const never = () => new Promise<never>(() => {});

describe('withinLimit', () => {
  it('gives the work’s result', async () => {
    await expect(
      withinLimit('x', 1000, undefined, async () => 1),
    ).resolves.toBe(1);
  });

  it('ends work that never answers after the limit, naming it', async () => {
    let seen: AbortSignal | undefined;
    await expect(
      withinLimit('Listing the clusters of a', 50, undefined, signal => {
        seen = signal;
        return never();
      }),
    ).rejects.toThrow('Listing the clusters of a did not finish within 50ms');
    expect(seen?.aborted).toBe(true);
  });

  it('ends at once with the signal’s reason when it aborts', async () => {
    const controller = new AbortController();
    const pending = withinLimit('x', 60_000, controller.signal, never);
    controller.abort(new Error('the run was stopped'));
    await expect(pending).rejects.toThrow('the run was stopped');
  });
});
