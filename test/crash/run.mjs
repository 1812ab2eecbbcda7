// Crash suite: SIGKILLs the Kymaros backend in every step of a restore run and checks that the
// cluster is cleaned, the interrupted run reported and the test runnable again within a bound.
// Run from anywhere: node test/crash/run.mjs   (README.md beside this file has the details)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { installCleanupHandlers, onCleanup } from './lib/cleanup.mjs';
import { formatFigures } from './lib/figures.mjs';
import { selectedPhases } from './lib/phases.mjs';
import { kastenSection } from './lib/kastenSection.mjs';
import { replicasSection } from './lib/replicasSection.mjs';
import { startSimulator } from './lib/simulator.mjs';
import { sqliteSection } from './lib/sqliteSection.mjs';
import { figures, log, suite } from './lib/suiteContext.mjs';

const SUITE_TIMEOUT_MS = 9.5 * 60_000;

installCleanupHandlers();
const dir = mkdtempSync(path.join(os.tmpdir(), 'kymaros-crash-'));
onCleanup(() =>
  process.env.CRASH_KEEP_TMP
    ? process.stdout.write(`kept ${dir}\n`)
    : rmSync(dir, { recursive: true, force: true }),
);
const selected = selectedPhases();

describe(
  'Kymaros backend crash recovery',
  { timeout: SUITE_TIMEOUT_MS },
  () => {
    let simulator;
    const sim = () => simulator;
    before(async () => {
      simulator = await startSimulator({
        root: suite.root,
        dir,
        scenario: suite.scenario,
      });
      log(`simulator up (${simulator.kubeconfigPath})`);
    });
    after(async () => {
      await simulator?.stop();
      if (figures.length) {
        process.stdout.write(
          `\nMeasured (bound: 120s after the lease expires)\n${formatFigures(
            figures,
          )}\n\n`,
        );
      }
    });

    if (selected.sqlite.length)
      sqliteSection({ phases: selected.sqlite, dir, sim });
    if (selected.replicas) replicasSection({ dir, sim });
    if (selected.kasten) kastenSection({ dir });
  },
);
