import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throwaway PostgreSQL server in a temporary directory. */
export interface LocalPostgres {
  connectionString: string;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  'Install the server (Debian: `apt-get install -y postgresql`), point KYMAROS_TEST_POSTGRES_BIN at ' +
  'the directory holding initdb and pg_ctl, set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ' +
  'to a running server, or set KYMAROS_TEST_POSTGRES=skip to run the SQLite tests only.';

/**
 * Starts PostgreSQL from the locally installed binaries (`initdb` + `pg_ctl`)
 * on 127.0.0.1 and a free port, with trust auth and durability off (test data
 * is disposable). initdb refuses to run as root, so as root the server runs as
 * the `postgres` user that Debian's package creates.
 */
export async function startLocalPostgres(): Promise<LocalPostgres> {
  const binDir = findBinDir();
  if (!binDir) {
    throw new Error(
      `PostgreSQL tests need initdb and pg_ctl, which were not found. ${INSTALL_HINT}`,
    );
  }
  const asRoot = process.getuid?.() === 0;
  const exec = async (tool: string, args: string[]) => {
    const command = path.join(binDir, tool);
    return asRoot
      ? run('runuser', ['-u', 'postgres', '--', command, ...args])
      : run(command, args);
  };

  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kymaros-pg-'));
  const dataDir = path.join(baseDir, 'data');
  const logFile = path.join(baseDir, 'server.log');
  const remove = () => fs.rmSync(baseDir, { recursive: true, force: true });
  try {
    if (asRoot) {
      await run('chown', ['postgres:', baseDir]).catch(error => {
        throw new Error(
          `Running as root, but cannot hand ${baseDir} to a 'postgres' user: ${error}`,
        );
      });
    }
    await exec('initdb', [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    const port = await freePort();
    const serverOptions = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${baseDir}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    await exec('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      logFile,
      '-w',
      '-t',
      '60',
      '-o',
      serverOptions,
      'start',
    ]).catch(error => {
      throw new Error(`pg_ctl start failed: ${error}\n${readTail(logFile)}`);
    });
    return {
      connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        await exec('pg_ctl', [
          '-D',
          dataDir,
          '-m',
          'immediate',
          '-w',
          'stop',
        ]).finally(remove);
      },
    };
  } catch (error) {
    remove();
    throw new Error(
      `Could not start a local PostgreSQL for the tests: ${error}\n${INSTALL_HINT}`,
    );
  }
}

function findBinDir(): string | undefined {
  const hasTools = (dir: string) =>
    ['initdb', 'pg_ctl'].every(tool => fs.existsSync(path.join(dir, tool)));
  const explicit = process.env.KYMAROS_TEST_POSTGRES_BIN;
  if (explicit) {
    return hasTools(explicit) ? explicit : undefined;
  }
  // Debian keeps the server binaries off PATH, one directory per major version.
  const debianRoot = '/usr/lib/postgresql';
  const debianDirs = fs.existsSync(debianRoot)
    ? fs
        .readdirSync(debianRoot)
        .sort((a, b) => Number(b) - Number(a))
        .map(version => path.join(debianRoot, version, 'bin'))
    : [];
  const pathDirs = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean);
  return [...debianDirs, ...pathDirs].find(hasTools);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function readTail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no server log)';
  }
}
