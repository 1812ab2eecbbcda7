import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize } from './figures.mjs';
import { waitUntil } from './wait.mjs';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Paths and ids shared by the sections. */
export const suite = {
  here,
  root: path.resolve(here, '../..'),
  scenario: path.join(here, 'scenario.yaml'),
  testA: 'component:default/crash-a:crash-a',
  testB: 'component:default/crash-b:crash-b',
  entityA: path.join(here, 'crash-a.yaml'),
  entityB: path.join(here, 'crash-b.yaml'),
};

const started = Date.now();
export const log = message =>
  process.stdout.write(
    `[crash ${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`,
  );

/** Every measured row, printed as a table at the end. */
export const figures = [];

export function record(section, phase, result) {
  const rows = result.figures.map(f => ({ section, phase, ...f }));
  figures.push(...rows);
  rows.forEach(r => log(summarize(r)));
}

/** Tests exist once the catalog has the entities and the engine has read them. */
export function waitForTests(api, ids, { idle }) {
  return waitUntil(
    `the restore tests ${ids.join(', ')}${
      idle ? ' to finish their first runs' : ''
    }`,
    async () => {
      const tests = (await api.tests()).filter(t => ids.includes(t.id));
      if (tests.length !== ids.length) return false;
      return (
        !idle ||
        tests.every(
          t => t.status.phase !== 'Running' && t.status.lastReportName,
        )
      );
    },
    { deadline: Date.now() + 120_000, intervalMs: 500 },
  );
}

export async function assertClusterClean(sim, when) {
  const left = await sim.managedObjects();
  assert.deepEqual(
    left,
    { sandboxes: [], restores: [] },
    `managed objects left in the cluster ${when}`,
  );
}
