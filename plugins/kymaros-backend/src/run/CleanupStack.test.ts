import { cleanupOutcome } from '../ownership/cleanupRecorded';
import { CleanupStack } from './CleanupStack';

describe('CleanupStack', () => {
  it('runs the cleanups newest first and merges their outcomes', async () => {
    const stack = new CleanupStack();
    const order: string[] = [];
    stack.push(async () => {
      order.push('sandboxes');
      return { ...cleanupOutcome(), deletedSandboxes: ['s1'], left: ['s2'] };
    });
    stack.push(async () => {
      order.push('restore');
      return { ...cleanupOutcome(), deletedRestores: ['r1'] };
    });
    const outcome = await stack.run(1_000);
    expect(order).toEqual(['restore', 'sandboxes']);
    expect(outcome).toEqual({
      deletedSandboxes: ['s1'],
      deletedRestores: ['r1'],
      left: ['s2'],
      notOurs: [],
      errors: [],
    });
  });

  it('says a cause several cleanups report once', async () => {
    const stack = new CleanupStack();
    const stopping = 'the backend stopped during the run';
    stack.push(async () => cleanupOutcome([stopping]));
    stack.push(async () => cleanupOutcome([stopping, 'restore r1: HTTP 500']));
    const outcome = await stack.run(1_000);
    expect(outcome.errors).toEqual([stopping, 'restore r1: HTTP 500']);
  });

  it('reports a cleanup that throws and still runs the others', async () => {
    const stack = new CleanupStack();
    const ran: string[] = [];
    stack.push(async () => {
      ran.push('first');
      return cleanupOutcome(['sandbox x: HTTP 500']);
    });
    stack.push(async () => {
      throw new Error('connection refused');
    });
    const outcome = await stack.run(1_000);
    expect(ran).toEqual(['first']);
    expect(outcome.errors).toEqual([
      'connection refused',
      'sandbox x: HTTP 500',
    ]);
  });

  it('gives up at its limit on a cleanup that hangs, and starts no other after it', async () => {
    const stack = new CleanupStack();
    let olderStarted = false;
    let signal: AbortSignal | undefined;
    stack.push(async () => {
      olderStarted = true;
      return cleanupOutcome();
    });
    stack.push(s => {
      signal = s;
      return new Promise(() => undefined);
    });
    const started = Date.now();
    const outcome = await stack.run(300);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(outcome.errors).toEqual(['cleanup took longer than 300ms']);
    // The cleanup was told to stop inside the budget.
    expect(signal!.aborted).toBe(true);
    expect(olderStarted).toBe(false);
  });

  it('does nothing when nothing was registered', async () => {
    await expect(new CleanupStack().run(100)).resolves.toEqual(
      cleanupOutcome(),
    );
  });
});
