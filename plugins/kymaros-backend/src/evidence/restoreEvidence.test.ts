import {
  boundRestoreLog,
  MAX_RESTORE_LOG_BYTES,
  MAX_RESTORE_MESSAGES,
} from './restoreEvidence';

const source = { provider: 'velero', restoreName: 'kymaros-r1' };

describe('boundRestoreLog', () => {
  it("keeps the log's tail from a whole line, and says it was cut", () => {
    const lines = Array.from(
      { length: 3000 },
      (_, i) => `time="t" level=info msg="item ${i}"`,
    );
    const omitted: string[] = [];
    const kept = boundRestoreLog(
      source,
      { log: `${lines.join('\n')}\n`, warnings: [], errors: [] },
      omitted,
    );
    expect(Buffer.byteLength(kept.log!)).toBeLessThanOrEqual(
      MAX_RESTORE_LOG_BYTES,
    );
    expect(kept.log!.startsWith('time="t"')).toBe(true);
    expect(kept.log!.endsWith('msg="item 2999"\n')).toBe(true);
    expect(kept.logTruncated).toBe(true);
    expect(omitted).toEqual(['the restore log cut to its last 64 KiB']);
  });

  it('keeps the first warnings and errors, whole until redacted', () => {
    const omitted: string[] = [];
    const kept = boundRestoreLog(
      source,
      {
        warnings: Array.from({ length: MAX_RESTORE_MESSAGES + 3 }, () => 'w'),
        errors: ['x'.repeat(5000)],
      },
      omitted,
    );
    expect(kept).toMatchObject(source);
    expect(kept.logTruncated).toBeUndefined();
    expect(kept.log).toBeUndefined();
    expect(kept.warnings).toHaveLength(MAX_RESTORE_MESSAGES);
    expect(kept.errors[0]).toHaveLength(5000);
    expect(omitted).toEqual(['3 restore warnings left out (100 kept)']);
  });
});
