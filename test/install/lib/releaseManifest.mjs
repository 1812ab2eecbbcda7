// The release manifest `backstage-cli versions:bump` reads (BACKSTAGE_MANIFEST_FILE) when
// versions.backstage.io cannot be reached: every @backstage package an app names, at the version
// the npm registry serves as `latest`, under the release version of this repository's backstage.json.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The @backstage/* names in every package.json of an app (root, packages/*, plugins/*). */
export function backstageDependencies(appDir) {
  const manifests = [path.join(appDir, 'package.json')];
  for (const group of ['packages', 'plugins']) {
    const dir = path.join(appDir, group);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name, 'package.json');
      if (fs.existsSync(file)) manifests.push(file);
    }
  }
  const names = new Set();
  for (const file of manifests) {
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const field of [
      'dependencies',
      'devDependencies',
      'peerDependencies',
    ]) {
      for (const name of Object.keys(pkg[field] ?? {}))
        if (name.startsWith('@backstage/')) names.add(name);
    }
  }
  return [...names].sort();
}

async function latestVersion(name) {
  const { stdout } = await run('npm', ['view', name, 'version'], {
    timeout: 60_000,
  });
  return stdout.trim();
}

/** Writes the manifest for the app's packages and returns its path. */
export async function writeReleaseManifest({ appDir, releaseVersion, file }) {
  const names = backstageDependencies(appDir);
  const packages = [];
  for (let i = 0; i < names.length; i += 8) {
    const batch = names.slice(i, i + 8);
    const versions = await Promise.all(batch.map(latestVersion));
    batch.forEach((name, j) => packages.push({ name, version: versions[j] }));
  }
  fs.writeFileSync(
    file,
    `${JSON.stringify({ releaseVersion, packages }, null, 2)}\n`,
  );
  return file;
}
