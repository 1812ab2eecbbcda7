import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { onCleanup } from './cleanup.mjs';

const TAIL_CHARS = 8000;

/**
 * A child process in a process group of its own, so a kill reaches everything it forks
 * (runuser → postgres, a CLI that spawns node). Output goes to `logFile`; the last part stays
 * in memory for error messages.
 */
export function startProcess({ name, command, args, cwd, env, logFile }) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile, { flags: 'a' });
  let tail = '';
  const listeners = new Set();
  const onData = chunk => {
    log.write(chunk);
    tail = (tail + chunk).slice(-TAIL_CHARS);
    for (const listener of listeners) listener(tail);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exitInfo;
  const exited = new Promise(resolve => {
    child.on('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
    child.on('error', error => {
      exitInfo = { code: null, signal: null, error };
      resolve(exitInfo);
    });
  });
  exited.then(() => log.end());

  const signalGroup = signal => {
    try {
      process.kill(-child.pid, signal);
    } catch (e) {
      if (e.code !== 'ESRCH') throw e;
    }
  };
  // Whatever happens to the suite, the whole group goes with it.
  const cleanup = onCleanup(() => signalGroup('SIGKILL'));

  return {
    name,
    pid: child.pid,
    logFile,
    exited,
    get running() {
      return exitInfo === undefined;
    },
    output: () => tail,
    /** Resolves with the output once `pattern` appears in it; rejects if the process ends first. */
    waitForOutput(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = text => {
          if (!pattern.test(text)) return false;
          finish();
          resolve(text);
          return true;
        };
        const timer = setTimeout(() => {
          finish();
          reject(
            new Error(
              `${name} did not print ${pattern} within ${
                timeoutMs / 1000
              }s:\n${tail}`,
            ),
          );
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        if (check(tail)) return;
        listeners.add(check);
        exited.then(info => {
          if (!listeners.has(check)) return;
          finish();
          reject(
            new Error(
              `${name} exited (${describeExit(
                info,
              )}) before printing ${pattern}:\n${tail}`,
            ),
          );
        });
      });
    },
    /** SIGKILL to the whole group, as a crash would; resolves when the leader is gone. */
    async crash() {
      signalGroup('SIGKILL');
      await exited;
      cleanup();
    },
    /** SIGTERM to the group, SIGKILL after `graceMs`. */
    async stop(graceMs = 5000) {
      if (exitInfo === undefined) {
        signalGroup('SIGTERM');
        const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      // Children that outlived the leader.
      cleanup();
    },
  };
}

export function describeExit(info) {
  if (info.error) return info.error.message;
  return info.signal ? `signal ${info.signal}` : `exit code ${info.code}`;
}
