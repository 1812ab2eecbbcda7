import { skipped } from '../scoring/levels';
import { RunRecorder } from './RunRecorder';

describe('RunRecorder', () => {
  it('times each phase in tenths of seconds, also when it throws', async () => {
    const recorder = new RunRecorder();
    await expect(recorder.timed('backup', async () => 'found')).resolves.toBe(
      'found',
    );
    await expect(
      recorder.timed('restore', async () => {
        await new Promise(r => setTimeout(r, 120));
        throw new Error('stuck');
      }),
    ).rejects.toThrow('stuck');
    expect(recorder.phases.map(p => p.name)).toEqual(['backup', 'restore']);
    expect(recorder.phases[0].seconds).toBe(0);
    expect(recorder.phases[1].seconds).toBeGreaterThanOrEqual(0.1);
  });

  it('keeps the levels and facts noted', () => {
    const recorder = new RunRecorder();
    const level = skipped('completeness', 'no list');
    expect(recorder.level('completeness', level)).toBe(level);
    recorder.note({ restoreStartedAt: new Date(0) });
    recorder.facts.sandboxes.shop = 'kymaros-shop-1';
    expect(recorder.levels).toEqual({ completeness: level });
    expect(recorder.facts).toEqual({
      sandboxes: { shop: 'kymaros-shop-1' },
      checks: [],
      restoreStartedAt: new Date(0),
    });
  });

  it('joins the stop reason and later problems into the detail, in order', () => {
    const recorder = new RunRecorder();
    expect(recorder.detail).toBeUndefined();
    expect(recorder.error).toBe(false);
    recorder.stopped('HTTP 403: forbidden', true);
    recorder.problem('cleanup failed: timeout');
    expect(recorder.error).toBe(true);
    expect(recorder.detail).toBe(
      'HTTP 403: forbidden; cleanup failed: timeout',
    );
  });

  it('does not make a stop caused by the backup an error, but a failure', () => {
    const recorder = new RunRecorder();
    expect(recorder.failed).toBe(false);
    recorder.stopped('no backup', false);
    expect(recorder.error).toBe(false);
    expect(recorder.failed).toBe(true);
    expect(recorder.detail).toBe('no backup');
  });
});
