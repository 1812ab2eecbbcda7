import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './freePort.mjs';
import { startProcess } from './processes.mjs';

/**
 * A throwaway PostgreSQL from Debian's server binaries (as the store tests start one: initdb with
 * trust auth on 127.0.0.1, durability off), but run in the foreground as a child process, so the
 * suite's process-group cleanup stops it even when the suite itself is interrupted.
 * initdb refuses root, so as root the server runs as Debian's `postgres` user.
 */
export async function startPostgres({ dir }) {
  const bin = findBinDir();
  const asRoot = process.getuid?.() === 0;
  const wrap = (tool, args) =>
    asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]]
      : [path.join(bin, tool), args];
  const base = path.join(dir, 'postgres');
  const data = path.join(base, 'data');
  mkdirSync(base, { recursive: true });
  if (asRoot) {
    // The suite's temp dir is private (0700); the server's user must be able to reach its own dir.
    chmodSync(dir, 0o711);
    execFileSync('chown', ['postgres:', base]);
  }
  const [initdb, initArgs] = wrap('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  execFileSync(initdb, initArgs, { stdio: 'pipe' });
  const port = await freePort();
  const [command, args] = wrap('postgres', [
    '-D',
    data,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${base}`,
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=200',
  ]);
  const proc = startProcess({
    name: 'postgres',
    command,
    args,
    logFile: path.join(dir, 'postgres.log'),
  });
  await proc.waitForOutput(
    /database system is ready to accept connections/,
    60_000,
  );
  return {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    process: proc,
    stop: () => proc.stop(),
  };
}

function findBinDir() {
  const hasTools = d =>
    ['initdb', 'postgres'].every(t => existsSync(path.join(d, t)));
  if (process.env.KYMAROS_TEST_POSTGRES_BIN) {
    if (hasTools(process.env.KYMAROS_TEST_POSTGRES_BIN))
      return process.env.KYMAROS_TEST_POSTGRES_BIN;
    throw new Error(
      `KYMAROS_TEST_POSTGRES_BIN=${process.env.KYMAROS_TEST_POSTGRES_BIN} holds no initdb and postgres`,
    );
  }
  // Debian keeps the server binaries off PATH, one directory per major version.
  const debian = '/usr/lib/postgresql';
  const dirs = existsSync(debian)
    ? readdirSync(debian)
        .sort((a, b) => Number(b) - Number(a))
        .map(v => path.join(debian, v, 'bin'))
    : [];
  const found = [
    ...dirs,
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean),
  ].find(hasTools);
  if (!found) {
    throw new Error(
      'The PostgreSQL phase needs initdb and postgres: install the server (Debian: apt-get install -y postgresql) or point KYMAROS_TEST_POSTGRES_BIN at their directory',
    );
  }
  return found;
}
