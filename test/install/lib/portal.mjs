// The fresh app built and deployed as its generated Dockerfile does, without Docker: `yarn tsc`,
// `yarn build:backend` (which builds the app it serves), the skeleton unpacked and installed with
// `yarn workspaces focus --all --production`, the bundle unpacked over it, then
// `node packages/backend` with NODE_ENV=production on app-config.yaml + app-config.production.yaml
// + this suite's settings.
import {
  cpSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { runCommand } from './command.mjs';
import { startProcess } from '../../crash/lib/processes.mjs';

export async function buildForProduction({ dir, env, logFile }) {
  const yarn = args =>
    runCommand('yarn', args, { cwd: dir, env, logFile, timeoutMs: 1_800_000 });
  await yarn(['tsc']);
  await yarn(['build:backend']);
}

/** The Dockerfile's steps, in `deployDir`; returns it. */
export async function deployBuild({ dir, deployDir, env, logFile }) {
  mkdirSync(deployDir, { recursive: true });
  for (const file of [
    '.yarn',
    '.yarnrc.yml',
    'backstage.json',
    'yarn.lock',
    'package.json',
  ])
    cpSync(path.join(dir, file), path.join(deployDir, file), {
      recursive: true,
    });
  const run = (command, args) =>
    runCommand(command, args, {
      cwd: deployDir,
      env: { ...env, NODE_ENV: 'production' },
      logFile,
      timeoutMs: 1_200_000,
    });
  await run('tar', [
    'xzf',
    path.join(dir, 'packages/backend/dist/skeleton.tar.gz'),
  ]);
  await run('yarn', ['workspaces', 'focus', '--all', '--production']);
  await run('tar', [
    'xzf',
    path.join(dir, 'packages/backend/dist/bundle.tar.gz'),
  ]);
  for (const file of readdirSync(dir).filter(f =>
    /^app-config.*\.yaml$/.test(f),
  ))
    cpSync(path.join(dir, file), path.join(deployDir, file));
  return deployDir;
}

/**
 * The settings a platform team adds for Kymaros: the restore cluster as the Kubernetes plugin has
 * it (`kubernetes.clusterLocatorMethods`, service account token), the demo services in the
 * catalog, PostgreSQL, and the guest sign-in this suite uses.
 */
function suiteConfig({ port, postgres, databasePrefix, cluster }) {
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app: { baseUrl },
    backend: {
      baseUrl,
      // A string, as app-config.production.yaml has it; loopback only.
      listen: `127.0.0.1:${port}`,
      database: {
        client: 'pg',
        // One server for both variants; each portal has databases of its own.
        prefix: databasePrefix,
        connection: {
          host: postgres.host,
          port: postgres.port,
          user: postgres.user,
        },
      },
    },
    auth: {
      providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
    },
    catalog: {
      locations: [
        { type: 'file', target: './kymaros-examples/entities.yaml' },
        {
          type: 'file',
          target: './kymaros-examples/org.yaml',
          rules: [{ allow: ['User', 'Group'] }],
        },
      ],
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'restore-tests',
              url: cluster.server,
              authProvider: 'serviceAccount',
              serviceAccountToken: cluster.token,
              caData: cluster.caData,
            },
          ],
        },
      ],
    },
    // The demo scenario's pods start within seconds.
    kymaros: { podReadyTimeout: '1m', concurrency: { perCluster: 3 } },
  };
}

/** Server, CA and token of the simulator's kubeconfig. */
export function clusterFromKubeconfig(kubeconfigPath) {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  return { server: cluster.server, caData: cluster.caData, token: user.token };
}

export async function startPortal({
  root,
  dir,
  port,
  postgres,
  databasePrefix,
  cluster,
  env,
  logFile,
}) {
  cpSync(
    path.join(root, 'examples/kymaros'),
    path.join(dir, 'kymaros-examples/kymaros'),
    {
      recursive: true,
    },
  );
  for (const file of ['entities.yaml', 'org.yaml'])
    cpSync(
      path.join(root, 'examples', file),
      path.join(dir, 'kymaros-examples', file),
    );
  const configFile = path.join(dir, 'app-config.kymaros-install-test.yaml');
  writeFileSync(
    configFile,
    JSON.stringify(
      suiteConfig({ port, postgres, databasePrefix, cluster }),
      null,
      2,
    ),
  );
  const backend = startProcess({
    name: `backend (${path.basename(dir)})`,
    command: 'node',
    args: [
      'packages/backend',
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.production.yaml',
      '--config',
      configFile,
    ],
    cwd: dir,
    env: { ...env, NODE_ENV: 'production' },
    logFile,
  });
  return { backend, url: `http://127.0.0.1:${port}` };
}

export function packageVersion(dir, name) {
  return JSON.parse(
    readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8'),
  ).version;
}
