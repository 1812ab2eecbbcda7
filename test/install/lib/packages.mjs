// Our published packages as a registry would hand them out: built with `backstage-cli package
// build` and packed with `npm pack` (which runs `backstage-cli package prepack`).
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from './command.mjs';

export const PUBLISHED = [
  'kymaros-common',
  'kymaros-node',
  'kymaros-backend',
  'kymaros',
];

export async function packOurPackages({ root, dir, logFile }) {
  mkdirSync(dir, { recursive: true });
  // The .d.ts files the package build bundles come from the repository's type-check.
  await runCommand('npm', ['run', 'tsc'], { cwd: root, logFile });
  await runCommand('npm', ['run', 'build:plugins'], { cwd: root, logFile });
  for (const name of PUBLISHED) {
    await runCommand('npm', ['pack', '--pack-destination', dir], {
      cwd: path.join(root, 'plugins', name),
      logFile,
    });
  }
  return readdirSync(dir).filter(f => f.endsWith('.tgz'));
}
