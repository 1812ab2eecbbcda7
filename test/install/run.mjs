// Fresh-app install test: a brand-new Backstage app from the registry's @backstage/create-app, our
// packages installed from their `npm pack` tarballs by the READMEs' own commands, built and started
// for production against a standalone kube-simulator and PostgreSQL, and checked through the API
// and Chromium. Twice: create-app's default template (new frontend system) and its legacy one.
// See test/install/README.md.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installCleanupHandlers } from '../crash/lib/cleanup.mjs';
import { freePort } from '../crash/lib/freePort.mjs';
import { startPostgres } from '../crash/lib/postgres.mjs';
import { startSimulator } from '../crash/lib/simulator.mjs';
import {
  checkInBrowser,
  waitForBackend,
  waitForReports,
} from './lib/checks.mjs';
import {
  bumpToReleaseLine,
  createFreshApp,
  installOurPackages,
  useRegistryForOurScope,
} from './lib/freshApp.mjs';
import { startLocalRegistry } from './lib/localRegistry.mjs';
import { packOurPackages } from './lib/packages.mjs';
import {
  buildForProduction,
  clusterFromKubeconfig,
  deployBuild,
  packageVersion,
  startPortal,
} from './lib/portal.mjs';
import { prepareToolchain } from './lib/toolchain.mjs';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const work = process.env.KYMAROS_INSTALL_DIR ?? '/tmp/kymaros-install';
const shots = path.join(root, 'test/install/screenshots');
const variants = (process.env.KYMAROS_INSTALL_VARIANTS ?? 'new,legacy').split(
  ',',
);
const logFile = path.join(work, 'install.log');
const started = Date.now();
const timings = [];
const log = message =>
  process.stdout.write(
    `[install ${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`,
  );

async function step(name, work_) {
  const t0 = Date.now();
  log(`${name} …`);
  const result = await work_();
  const seconds = Math.round((Date.now() - t0) / 1000);
  timings.push([name, seconds]);
  log(`${name}: ${seconds}s`);
  return result;
}

async function runVariant(variant, shared) {
  const legacy = variant === 'legacy';
  const dir = path.join(work, `app-${variant}`);
  const { env } = shared.toolchain;
  const createdOn = await step(`${variant}: create-app`, () =>
    createFreshApp({ dir, legacy, env, logFile }),
  );
  useRegistryForOurScope({ dir, registryUrl: shared.registry.url });
  await step(
    `${variant}: versions:bump ${createdOn} → ${shared.releaseVersion}`,
    () =>
      bumpToReleaseLine({
        root,
        dir,
        releaseVersion: shared.releaseVersion,
        env,
        logFile,
      }),
  );
  await step(`${variant}: install as the READMEs say`, () =>
    installOurPackages({ dir, legacy, env, logFile }),
  );
  log(
    `${variant}: app has @backstage/plugin-catalog-react ${packageVersion(
      dir,
      '@backstage/plugin-catalog-react',
    )}, ` +
      `@kymaros/plugin-kymaros ${packageVersion(
        dir,
        '@kymaros/plugin-kymaros',
      )}`,
  );
  await step(`${variant}: production build`, () =>
    buildForProduction({ dir, env, logFile }),
  );
  const deployDir = await step(
    `${variant}: deploy as its Dockerfile does`,
    () =>
      deployBuild({
        dir,
        deployDir: path.join(work, `deploy-${variant}`),
        env,
        logFile,
      }),
  );
  const port = await freePort();
  const portal = await startPortal({
    root,
    dir: deployDir,
    port,
    postgres: shared.postgres,
    databasePrefix: `kymaros_install_${variant}_`,
    cluster: shared.cluster,
    env,
    logFile: path.join(work, `backend-${variant}.log`),
  });
  try {
    await step(`${variant}: backend up`, () =>
      waitForBackend(portal.url, portal.backend),
    );
    const items = await step(`${variant}: reports`, () =>
      waitForReports(portal.url),
    );
    log(
      `${variant}: ${items
        .map(i => `${i.entityRef.split('/')[1]}=${i.result ?? '-'}`)
        .join(' ')}`,
    );
    await step(`${variant}: browser`, () =>
      checkInBrowser({ url: portal.url, shots, variant, log }),
    );
  } finally {
    await portal.backend.stop();
  }
}

async function main() {
  installCleanupHandlers();
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  mkdirSync(shots, { recursive: true });
  log(`work dir ${work}, log ${logFile}`);
  const toolchain = await step('toolchain (Node 22, yarn)', () =>
    prepareToolchain({ logFile }),
  );
  const packs = await step('build and pack our packages', () =>
    packOurPackages({ root, dir: path.join(work, 'packs'), logFile }),
  );
  log(`packed: ${packs.join(', ')}`);
  const registry = await startLocalRegistry({ dir: path.join(work, 'packs') });
  const postgres = await step('PostgreSQL', () => startPostgres({ dir: work }));
  const simulator = await step('kube-simulator', () =>
    startSimulator({ root, dir: work, scenario: 'demo' }),
  );
  const { version: releaseVersion } = JSON.parse(
    readFileSync(path.join(root, 'backstage.json'), 'utf8'),
  );
  const shared = {
    toolchain,
    registry,
    postgres,
    releaseVersion,
    cluster: clusterFromKubeconfig(simulator.kubeconfigPath),
  };
  try {
    for (const variant of variants) await runVariant(variant, shared);
  } finally {
    await simulator.process.stop();
    await postgres.stop();
    await registry.close();
  }
  log('step timings:');
  for (const [name, seconds] of timings)
    log(`  ${name.padEnd(50)} ${seconds}s`);
  log(`install test passed in ${Math.round((Date.now() - started) / 1000)}s`);
}

main().catch(e => {
  process.stderr.write(
    `\nINSTALL TEST FAILED: ${e.stack ?? e}\n(full log: ${logFile})\n`,
  );
  process.exit(1);
});
