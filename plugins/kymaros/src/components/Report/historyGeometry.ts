import {
  SCORE_THRESHOLDS,
  type RestoreReport,
} from '@kymaros/plugin-kymaros-common';
import { durationMs } from '../../lib/reportDuration';
import { RESULT_LABELS } from '../../lib/result';
import { formatDateTime } from '../../lib/time';

/**
 * The SVG's coordinate space; it scales to the card's width. Score and RTO
 * have panels of their own, one above the other on the same time axis, so
 * an RTO mark can never be read against the score scale.
 */
export const CHART = {
  width: 720,
  left: 64,
  right: 72,
  /** The score panel. */
  scoreTop: 24,
  scoreHeight: 150,
  /** The RTO panel, under it. */
  rtoTop: 216,
  rtoHeight: 90,
  /** Run dates under the RTO panel. */
  bottom: 30,
  get height() {
    return this.rtoTop + this.rtoHeight + this.bottom;
  },
};
export const PLOT = { width: CHART.width - CHART.left - CHART.right };
export const SCORE_TICKS = [
  0,
  SCORE_THRESHOLDS.partial,
  SCORE_THRESHOLDS.pass,
  100,
];

const RTO_STEPS = [
  30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400,
];

/** An RTO axis that ends on a round duration, with at most four steps. */
export function rtoAxis(largest: number): { max: number; ticks: number[] } {
  const top = Math.max(largest * 1.1, 60);
  const step =
    RTO_STEPS.find(s => top / s <= 4) ?? Math.ceil(top / 4 / 86400) * 86400;
  const max = Math.ceil(top / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= max; t += step) ticks.push(t);
  return { max, ticks };
}

export const yScore = (score: number) =>
  CHART.scoreTop + CHART.scoreHeight * (1 - score / 100);

const seconds = (ms: number | undefined) =>
  ms === undefined ? undefined : ms / 1000;

/** Positions of the runs (oldest first) in both panels. */
export function historyGeometry(runs: RestoreReport[]) {
  const band = PLOT.width / runs.length;
  const x = (i: number) => CHART.left + band * (i + 0.5);
  const rtos = runs.map(({ status: { rto } }) =>
    seconds(durationMs({ ms: rto.measuredMs, text: rto.measured })),
  );
  const targets = runs.map(({ status: { rto } }) =>
    seconds(durationMs({ ms: rto.targetMs, text: rto.target })),
  );
  const axis = rtoAxis(
    Math.max(...rtos.map(v => v ?? 0), ...targets.map(v => v ?? 0)),
  );
  const yRto = (rtoSeconds: number) =>
    CHART.rtoTop + CHART.rtoHeight * (1 - rtoSeconds / axis.max);

  // The score line breaks at runs that could not be evaluated.
  const scoreSegments: string[] = [];
  let segment: string[] = [];
  runs.forEach((r, i) => {
    if (r.status.result === 'error') {
      if (segment.length) scoreSegments.push(segment.join(' '));
      segment = [];
    } else {
      segment.push(`${x(i)},${yScore(r.status.score)}`);
    }
  });
  if (segment.length) scoreSegments.push(segment.join(' '));

  // A step across each run's whole band: drawn for a single run too, and a
  // target changed between runs shows where it changed.
  const targetPath = targets
    .flatMap((t, i) =>
      t === undefined
        ? []
        : [`M ${x(i) - band / 2} ${yRto(t)} H ${x(i) + band / 2}`],
    )
    .join(' ');
  const newestTarget = [...targets].reverse().find(t => t !== undefined);

  return {
    band,
    barWidth: Math.min(band * 0.4, 36),
    x,
    yRto,
    rtos,
    targets,
    rtoTicks: axis.ticks,
    scoreSegments,
    targetPath,
    /** The newest run's target, labelled at the panel's right edge. */
    newestTarget,
  };
}

/** What a run says, for its tooltip and its accessible name. */
export function runLabel(report: RestoreReport): string {
  const { status } = report;
  const target = status.rto.target ? ` (target ${status.rto.target})` : '';
  const parts = [
    `${formatDateTime(status.startedAt)}: ${
      status.result === 'error' ? 'no score' : `score ${status.score}`
    }, ${RESULT_LABELS[status.result]}`,
    `RTO ${status.rto.measured}${target}`,
  ];
  if (status.regression) {
    parts.push(`regression ${status.regression.scoreDelta}`);
  }
  return parts.join(', ');
}
