import {
  SCORE_THRESHOLDS,
  type RestoreReport,
} from '@kymaros/plugin-kymaros-common';
import { durationMs } from '../../lib/reportDuration';
import { RESULT_LABELS } from '../../lib/result';
import { formatDateTime } from '../../lib/time';

/** The SVG's coordinate space; it scales to the card's width. */
export const CHART = {
  width: 720,
  height: 240,
  left: 40,
  right: 60,
  top: 20,
  bottom: 40,
};
export const PLOT = {
  width: CHART.width - CHART.left - CHART.right,
  height: CHART.height - CHART.top - CHART.bottom,
};
export const SCORE_TICKS = [
  0,
  SCORE_THRESHOLDS.partial,
  SCORE_THRESHOLDS.pass,
  100,
];

const RTO_STEPS = [
  30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400,
];

/** A right axis for RTO that ends on a round duration, with at most four steps. */
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
  CHART.top + PLOT.height * (1 - score / 100);

const seconds = (ms: number | undefined) =>
  ms === undefined ? undefined : ms / 1000;

/** Positions of the runs (oldest first) on both axes. */
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
    CHART.top + PLOT.height * (1 - rtoSeconds / axis.max);

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

  const targetLine = targets
    .flatMap((t, i) => (t === undefined ? [] : [`${x(i)},${yRto(t)}`]))
    .join(' ');

  return {
    band,
    barWidth: Math.min(band * 0.4, 36),
    x,
    yRto,
    rtos,
    targets,
    rtoTicks: axis.ticks,
    scoreSegments,
    targetLine,
  };
}

/** What a run says, for its tooltip and its accessible name. */
export function runLabel(report: RestoreReport): string {
  const { status } = report;
  const target = status.rto.target ? ` (target ${status.rto.target})` : '';
  const parts = [
    `${formatDateTime(status.startedAt)}: score ${status.score}, ${
      RESULT_LABELS[status.result]
    }`,
    `RTO ${status.rto.measured}${target}`,
  ];
  if (status.regression) {
    parts.push(`regression ${status.regression.scoreDelta}`);
  }
  return parts.join(', ');
}
