import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

const TAIL_CHARS = 6000;

/**
 * Runs a command to its end, appending its output to `logFile`; rejects with the command and the
 * end of its output when it fails or outlives `timeoutMs`.
 */
export function runCommand(
  command,
  args,
  { cwd, env, logFile, timeoutMs = 900_000 },
) {
  const line = `$ ${[command, ...args].join(' ')}   (in ${cwd})\n`;
  appendFileSync(logFile, `\n${line}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let tail = '';
    const onData = chunk => {
      appendFileSync(logFile, chunk);
      tail = (tail + chunk).slice(-TAIL_CHARS);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', e => {
      clearTimeout(timer);
      reject(new Error(`${line}could not start: ${e.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(tail);
      else
        reject(
          new Error(
            `${line}ended with ${
              signal
                ? `signal ${signal} (timeout ${timeoutMs / 1000}s?)`
                : `exit code ${code}`
            }:\n${tail}`,
          ),
        );
    });
  });
}
