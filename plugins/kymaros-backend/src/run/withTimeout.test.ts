import { TimeoutError, withTimeout } from './withTimeout';

/** Work that answers its abort with what it has, a little later. */
function answersAbort(signal: AbortSignal): Promise<string> {
  return new Promise(resolve =>
    signal.addEventListener('abort', () =>
      setTimeout(() => resolve(`partial: ${signal.reason.message}`), 20),
    ),
  );
}

describe('withTimeout', () => {
  it('rejects at its limit even when the work ignores its signal', async () => {
    await expect(
      withTimeout(
        new AbortController().signal,
        30,
        'too slow',
        () => new Promise(() => {}),
      ),
    ).rejects.toThrow(new TimeoutError('too slow'));
  });

  it('rejects with the reason the parent aborted with', async () => {
    const parent = new AbortController();
    setTimeout(() => parent.abort(new Error('shutting down')), 20);
    await expect(
      withTimeout(parent.signal, 10_000, 'too slow', answersAbort),
    ).rejects.toThrow('shutting down');
  });

  it('takes what the work hands in within its grace after an abort', async () => {
    const parent = new AbortController();
    setTimeout(() => parent.abort(new Error('shutting down')), 20);
    await expect(
      withTimeout(parent.signal, 10_000, 'too slow', answersAbort, 1_000),
    ).resolves.toBe('partial: shutting down');
    await expect(
      withTimeout(
        new AbortController().signal,
        20,
        'too slow',
        answersAbort,
        1_000,
      ),
    ).resolves.toBe('partial: too slow');
  });

  it('still rejects when the work hands in nothing within its grace', async () => {
    await expect(
      withTimeout(
        new AbortController().signal,
        20,
        'too slow',
        () => new Promise(() => {}),
        50,
      ),
    ).rejects.toThrow('too slow');
  });
});
