import { GlobalTimeoutError, RunDeadline } from './RunDeadline';

async function reasonAfter(deadline: RunDeadline, ms: number) {
  await new Promise(resolve => setTimeout(resolve, ms));
  deadline.dispose();
  return deadline.signal.aborted ? deadline.signal.reason : undefined;
}

describe('RunDeadline', () => {
  it("aborts at the test's timeout, saying it as the operator does", async () => {
    const reason = await reasonAfter(new RunDeadline('50ms', 60_000), 200);
    expect(reason).toBeInstanceOf(GlobalTimeoutError);
    expect(reason.message).toBe('global timeout exceeded (50ms)');
  });

  it("is the installation's run limit when the test's timeout is longer or absent, and says so", async () => {
    for (const timeout of ['1h', undefined]) {
      const reason = await reasonAfter(new RunDeadline(timeout, 50), 200);
      expect(reason.message).toBe(
        'global timeout exceeded (50ms, kymaros.timeouts.run)',
      );
    }
  });

  it('never aborts without any limit, nor once disposed', async () => {
    expect(await reasonAfter(new RunDeadline(undefined), 100)).toBeUndefined();
    const disposed = new RunDeadline('50ms');
    disposed.dispose();
    expect(await reasonAfter(disposed, 150)).toBeUndefined();
  });

  it('names the field of a timeout that is not a duration', () => {
    expect(() => new RunDeadline('ten minutes', 60_000)).toThrow(
      /^timeout: invalid duration "ten minutes"/,
    );
  });
});
