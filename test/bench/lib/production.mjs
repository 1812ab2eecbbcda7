import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  symlinkSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The backend as deployed, in `<dir>/deploy`: the bundle's layout (see productionBuild.cjs) with
 * a node_modules that links the checkout's installed third-party packages, where a deployment
 * would run `yarn workspaces focus --production` on the same lockfile. Workspace packages resolve
 * to their built copies in the bundle, never to their TypeScript sources. Returns the directory
 * to run `node packages/backend` in, and the build's duration.
 */
export function buildProduction({ root, dir, log }) {
  const started = Date.now();
  const deployDir = path.join(dir, 'deploy');
  mkdirSync(deployDir);
  log('building the backend for production (not measured)');
  execFileSync(
    process.execPath,
    [path.join(here, 'productionBuild.cjs'), deployDir],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  linkNodeModules(root, deployDir);
  return { deployDir, buildMs: Date.now() - started };
}

/** Links every installed package; a workspace package's link points into the bundle instead. */
function linkNodeModules(root, deployDir) {
  const source = path.join(root, 'node_modules');
  const target = path.join(deployDir, 'node_modules');
  const link = name => {
    const real = realpathSync(path.join(source, name));
    const inWorkspace = path.relative(root, real);
    const isWorkspace = !inWorkspace.startsWith('node_modules');
    const to = isWorkspace ? path.join(deployDir, inWorkspace) : real;
    // Workspace packages outside the bundle (the legacy app) are not dependencies of the backend.
    if (isWorkspace && !existsSync(to)) return;
    symlinkSync(to, path.join(target, name));
    // Versions npm installed for this one package only, beside it.
    if (isWorkspace && existsSync(path.join(real, 'node_modules')))
      symlinkSync(
        path.join(real, 'node_modules'),
        path.join(to, 'node_modules'),
      );
  };
  mkdirSync(target);
  for (const name of readdirSync(source).filter(n => !n.startsWith('.'))) {
    if (!name.startsWith('@')) {
      link(name);
      continue;
    }
    mkdirSync(path.join(target, name));
    for (const child of readdirSync(path.join(source, name)))
      link(`${name}/${child}`);
  }
}
