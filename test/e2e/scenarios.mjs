// What the browser test checks: every file in scenarios/ exports a list of scenarios, one per page a
// user would open, run in file-name order. E2E_SCENARIOS (a comma-separated list of file names
// without .mjs) runs only those files. A file may export `apps`, the apps its scenarios run on (all
// by default).
import { readdirSync } from 'node:fs';

const dir = new URL('./scenarios/', import.meta.url);
const only = process.env.E2E_SCENARIOS?.split(',').map(s => s.trim());
const files = readdirSync(dir)
  .filter(f => f.endsWith('.mjs'))
  .filter(f => !only || only.includes(f.slice(0, -'.mjs'.length)))
  .sort();
if (files.length === 0)
  throw new Error(
    `E2E_SCENARIOS=${process.env.E2E_SCENARIOS} names no file in test/e2e/scenarios`,
  );

export const scenarios = (
  await Promise.all(files.map(f => import(new URL(f, dir))))
).flatMap(m => m.scenarios.map(s => ({ apps: m.apps, ...s })));
