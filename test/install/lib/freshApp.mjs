// A brand-new Backstage app from the registry's `@backstage/create-app`, brought onto our release
// line and given our packages exactly as the package READMEs say.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from './command.mjs';
import { writeReleaseManifest } from './releaseManifest.mjs';
import { wireLegacyApp } from './legacyWiring.mjs';

/** `npx @backstage/create-app`, non-interactive; `legacy` picks its legacy-frontend template. */
export async function createFreshApp({ dir, legacy, env, logFile }) {
  await runCommand(
    'npx',
    [
      '--yes',
      '@backstage/create-app@latest',
      '--path',
      dir,
      '--skip-install',
      ...(legacy ? ['--legacy'] : []),
    ],
    {
      cwd: path.dirname(dir),
      env: { ...env, BACKSTAGE_APP_NAME: path.basename(dir) },
      logFile,
    },
  );
  return JSON.parse(readFileSync(path.join(dir, 'backstage.json'), 'utf8'))
    .version;
}

/**
 * Lets the app's Yarn fetch `@kymaros/*` from the loopback registry (everything else still comes
 * from the npm registry), as it would from npm once the packages are published.
 */
export function useRegistryForOurScope({ dir, registryUrl }) {
  appendFileSync(
    path.join(dir, '.yarnrc.yml'),
    [
      '',
      'npmScopes:',
      '  kymaros:',
      `    npmRegistryServer: "${registryUrl}"`,
      'unsafeHttpWhitelist:',
      '  - 127.0.0.1',
      '',
    ].join('\n'),
  );
}

/**
 * The README's "bump first" step: `backstage-cli versions:bump` to our release line. Here the
 * release manifest comes from the npm registry (BACKSTAGE_MANIFEST_FILE) because
 * versions.backstage.io is out of reach; the CLI is the repository's, as the app's own is not
 * installed yet. The install that follows is the README's first `yarn add`.
 */
export async function bumpToReleaseLine({
  root,
  dir,
  releaseVersion,
  env,
  logFile,
}) {
  const file = await writeReleaseManifest({
    appDir: dir,
    releaseVersion,
    file: path.join(path.dirname(dir), `${path.basename(dir)}-manifest.json`),
  });
  await runCommand(
    process.execPath,
    [
      path.join(root, 'node_modules/@backstage/cli/bin/backstage-cli'),
      'versions:bump',
      '--skip-install',
      '--skip-migrate',
    ],
    { cwd: dir, env: { ...env, BACKSTAGE_MANIFEST_FILE: file }, logFile },
  );
}

/** The install steps of the package READMEs, as written there. */
export async function installOurPackages({ dir, legacy, env, logFile }) {
  const yarn = args =>
    runCommand('yarn', args, { cwd: dir, env, logFile, timeoutMs: 1_200_000 });
  await yarn([
    '--cwd',
    'packages/backend',
    'add',
    '@kymaros/plugin-kymaros-backend',
  ]);
  await yarn(['--cwd', 'packages/app', 'add', '@kymaros/plugin-kymaros']);
  addBackendPlugin(dir);
  // The new frontend system discovers the plugin (app.packages: all); the legacy one is wired.
  if (legacy) wireLegacyApp(dir);
}

/** `backend.add(import('@kymaros/plugin-kymaros-backend'));` before `backend.start()`. */
function addBackendPlugin(dir) {
  const file = path.join(dir, 'packages/backend/src/index.ts');
  const source = readFileSync(file, 'utf8');
  const start = source.lastIndexOf('backend.start()');
  if (start < 0) throw new Error(`${file} has no backend.start()`);
  writeFileSync(
    file,
    `${source.slice(
      0,
      start,
    )}backend.add(import('@kymaros/plugin-kymaros-backend'));\n\n${source.slice(
      start,
    )}`,
  );
}
