import type { WebSocket } from 'ws';
import type { SimulatorContext } from '../context';
import type { ResourceRequest } from '../server/requestInfo';
import { ApiError } from '../api/status';
import { runningContainer } from './podAccess';
import { queryBool } from '../server/http';

const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;

function frame(channel: number, text: string | Buffer = ''): Buffer {
  return Buffer.concat([
    Buffer.from([channel]),
    Buffer.isBuffer(text) ? text : Buffer.from(text),
  ]);
}

/** What a command does when no scenario rule covers it: a few shell basics, otherwise success. */
function builtinAnswer(command: string[]): {
  exitCode: number;
  stdout?: string;
  stderr?: string;
} {
  const [cmd, ...args] = command;
  if (cmd === 'true') return { exitCode: 0 };
  if (cmd === 'false') return { exitCode: 1 };
  if (cmd === 'echo') return { exitCode: 0, stdout: `${args.join(' ')}\n` };
  if (
    (cmd === 'sh' || cmd === '/bin/sh' || cmd === 'bash') &&
    args[0] === '-c'
  ) {
    const script = args.slice(1).join(' ');
    let stdout = '';
    for (const m of script.matchAll(/echo\s+([^;&|]*)/g))
      stdout += `${m[1].trim().replace(/^["']|["']$/g, '')}\n`;
    const exit = script.match(/exit\s+(\d+)/);
    return { exitCode: exit ? Number(exit[1]) : 0, stdout };
  }
  return { exitCode: 0 };
}

/**
 * `pods/exec` over the v5 (or v4) channel protocol: an empty frame on stdout
 * to signal the stream is up, the command's output, then a Status on channel 3.
 */
export function handleExec(
  ctx: SimulatorContext,
  ws: WebSocket,
  info: ResourceRequest,
  url: URL,
): void {
  const q = url.searchParams;
  const command = q.getAll('command');
  let target;
  try {
    target = runningContainer(
      ctx,
      info.namespace!,
      info.name!,
      q.get('container'),
    );
  } catch (e) {
    const message = e instanceof ApiError ? e.message : String(e);
    ws.send(
      frame(
        STATUS,
        JSON.stringify({
          metadata: {},
          status: 'Failure',
          message,
          reason: 'InternalError',
          code: 500,
        }),
      ),
    );
    ws.close(1000);
    return;
  }
  const rule = ctx.behaviours.execAnswer(target.pod, target.image, command);
  const answer = rule ?? builtinAnswer(command);
  ws.send(frame(STDOUT));
  if (answer.stdout && q.get('stdout') !== 'false')
    ws.send(frame(STDOUT, answer.stdout));
  // With a TTY there is one output stream, so stderr arrives on stdout; the API server reads
  // any tty value but absent, "false" or "0" as true.
  if (answer.stderr && q.get('stderr') !== 'false')
    ws.send(frame(queryBool(q.get('tty')) ? STDOUT : STDERR, answer.stderr));
  const exitCode = answer.exitCode ?? 0;
  const status =
    exitCode === 0
      ? { metadata: {}, status: 'Success' }
      : {
          metadata: {},
          status: 'Failure',
          message: `command terminated with non-zero exit code: error executing command [${command.join(
            ' ',
          )}], exit code ${exitCode}`,
          reason: 'NonZeroExitCode',
          details: {
            causes: [{ reason: 'ExitCode', message: String(exitCode) }],
          },
        };
  ws.send(frame(STATUS, JSON.stringify(status)));
  ws.close(1000);
}
