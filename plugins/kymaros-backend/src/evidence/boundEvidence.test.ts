import type { RunEvidence } from '@kymaros/plugin-kymaros-common';
import {
  boundEvidence,
  MAX_RUN_EVENTS,
  MAX_RUN_LOG_BYTES,
} from './boundEvidence';

const log = (name: string, kib: number) => ({
  name,
  type: 'container' as const,
  log: Array.from(
    { length: kib * 16 },
    (_, i) => `${name} ${String(i).padStart(57, '.')}\n`,
  ).join(''),
  truncated: false,
  totalLines: kib * 16,
});

describe('boundEvidence', () => {
  it('halves the longest logs, keeping their tails, until the run fits in 512 KiB', () => {
    const evidence: RunEvidence = {
      podLogs: [
        {
          podName: 'big',
          namespace: 'ns',
          phase: 'Running',
          containers: [log('big', 600), log('small', 10)],
        },
      ],
      events: [],
    };
    const bounded = boundEvidence(evidence);
    const [big, small] = bounded.podLogs[0].containers;
    const total = Buffer.byteLength(big.log) + Buffer.byteLength(small.log);
    expect(total).toBeLessThanOrEqual(MAX_RUN_LOG_BYTES);
    expect(big.truncated).toBe(true);
    expect(
      big.log.endsWith(`big ${String(600 * 16 - 1).padStart(57, '.')}\n`),
    ).toBe(true);
    expect(big.log.startsWith('big ')).toBe(true);
    expect(small.truncated).toBe(false);
    expect(bounded.omitted).toEqual([
      "logs cut 1 time(s), longest first, to keep the run's logs under 512 KiB",
    ]);
  });

  it('keeps the newest events with short messages', () => {
    const events = Array.from({ length: MAX_RUN_EVENTS + 5 }, (_, i) => ({
      namespace: 'ns',
      type: 'Normal',
      reason: 'Pulled',
      message: 'x'.repeat(i === MAX_RUN_EVENTS + 4 ? 5000 : 10),
      involvedObject: 'Pod/p',
      lastTimestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      count: 1,
    }));
    const bounded = boundEvidence({ podLogs: [], events });
    expect(bounded.events).toHaveLength(MAX_RUN_EVENTS);
    expect(bounded.events[0].message).toHaveLength(1025);
    expect(bounded.omitted).toEqual(['5 older events left out (300 kept)']);
  });
});
