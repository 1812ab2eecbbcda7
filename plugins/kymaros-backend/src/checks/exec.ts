import { Writable } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { z } from 'zod';
import type {
  CheckContext,
  CheckOutcome,
  CheckType,
} from '@kymaros/plugin-kymaros-node';
import { describeError } from '../util/errors';
import { excerpt } from '../util/text';
import {
  describeNotReady,
  firstReadyPod,
  labelSelectorString,
  worstPod,
} from '../kube/podState';
import { locateOne } from './sandboxSearch';
import { exitCodeSchema, timeoutSchema } from './validation';
import { containerNameSchema, labelsSchema } from './kubernetesNames';

const execSchema = z
  .object({
    podSelector: labelsSchema,
    container: containerNameSchema.optional(),
    command: z
      .array(z.string(), {
        required_error: 'is required',
        invalid_type_error: 'must be a list of strings',
      })
      .min(1, 'must not be empty'),
    successExitCode: exitCodeSchema.optional(),
    timeout: timeoutSchema.optional(),
  })
  .strict();

type ExecSettings = z.infer<typeof execSchema>;

/** The annotation kubectl reads to pick a pod's default container. */
const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

/** Bytes of stdout/stderr kept: the message needs an excerpt, not the whole output. */
const OUTPUT_LIMIT = 16 * 1024;

/**
 * The exit code in an exec Status (v4/v5 protocols): Success is 0, a
 * NonZeroExitCode carries it in `details.causes[reason=ExitCode]`; anything
 * else is an error running the command at all.
 */
export function exitCodeOf(
  status: k8s.V1Status | undefined,
): { exitCode: number } | { error: string } {
  if (!status) return { error: 'the exec stream closed without a status' };
  if (status.status === 'Success') return { exitCode: 0 };
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find(c => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    if (Number.isInteger(code)) return { exitCode: code };
  }
  return { error: status.message ?? status.reason ?? 'exec failed' };
}

function capture(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (size < OUTPUT_LIMIT) {
        chunks.push(chunk);
        size += chunk.length;
      }
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

export interface ExecResult {
  status?: k8s.V1Status;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command in a container over the exec WebSocket and resolves with its
 * Status and output. The socket is closed on every path, including an abort
 * that arrives while it is still connecting.
 */
export function execInPod(
  kc: k8s.KubeConfig,
  namespace: string,
  pod: string,
  container: string,
  command: string[],
  signal: AbortSignal,
): Promise<ExecResult> {
  const stdout = capture();
  const stderr = capture();
  return new Promise<ExecResult>((resolve, reject) => {
    let ws: { close(): void; on(event: string, fn: () => void): void };
    let done = false;
    let onAbort = () => {};
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      ws?.close();
      fn();
    };
    onAbort = () => finish(() => reject(signal.reason));
    // Output frames precede the status frame; a tick lets the writers drain.
    const settle = (status?: k8s.V1Status) =>
      setImmediate(() =>
        finish(() =>
          resolve({ status, stdout: stdout.text(), stderr: stderr.text() }),
        ),
      );
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    new k8s.Exec(kc)
      .exec(
        namespace,
        pod,
        container,
        command,
        stdout.stream,
        stderr.stream,
        null,
        // tty must always be explicit: an undefined tty is sent as `tty=` and the API server reads that as true.
        false,
        status => settle(status),
      )
      .then(
        socket => {
          ws = socket as any;
          if (done) ws.close();
          else ws.on('close', () => settle(undefined));
        },
        e => finish(() => reject(e)),
      );
  });
}

function outputExcerpt(result: ExecResult): string {
  return [
    result.stderr.trim() ? `stderr: ${excerpt(result.stderr, 200)}` : '',
    result.stdout.trim() ? `stdout: ${excerpt(result.stdout, 200)}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/**
 * Runs a command in a Running and Ready pod picked by label, and compares its
 * exit code. Kymaros ships this type disabled and could only ever pass on 0.
 */
export const execCheck: CheckType = {
  type: 'exec',
  settings: execSchema,
  async run(check, context) {
    const spec = check.exec as ExecSettings;
    const core = context.kubeConfig.makeApiClient(k8s.CoreV1Api);
    const selector = labelSelectorString(spec.podSelector);
    const shownSelector = selector || 'the empty selector';
    const located = await locateOne(
      context,
      `pods matching ${shownSelector}`,
      async ({ sandbox }) => {
        const { items } = await core.listNamespacedPod({
          namespace: sandbox,
          labelSelector: selector || undefined,
        });
        return items.length ? items : undefined;
      },
    );
    if ('failed' in located) return located.failed;
    const { where, found: pods } = located;
    const pod = firstReadyPod(pods);
    if (!pod) {
      const worst = worstPod(pods);
      return {
        status: 'fail',
        message: `no Running and Ready pod matches ${shownSelector} in ${
          where.sandbox
        }${worst ? `; ${describeNotReady(worst)}` : ''}`,
        ...located.place,
      };
    }
    const outcome = await execIn(context, spec, where.sandbox, pod);
    return { ...outcome, ...located.place };
  },
};

/** Runs the command in a container of `pod` and judges its exit code. */
async function execIn(
  context: CheckContext,
  spec: ExecSettings,
  namespace: string,
  pod: k8s.V1Pod,
): Promise<CheckOutcome> {
  const expected = spec.successExitCode ?? 0;
  const podName = pod.metadata!.name!;
  const containers = (pod.spec?.containers ?? []).map(c => c.name);
  const container =
    spec.container ??
    pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION] ??
    containers[0];
  if (!containers.includes(container)) {
    return {
      status: 'fail',
      message: `Pod ${podName} has no container "${container}" (containers: ${containers.join(
        ', ',
      )})`,
    };
  }
  const shown = `\`${excerpt(
    spec.command.join(' '),
    80,
  )}\` in ${podName}/${container}`;
  let result: ExecResult;
  try {
    result = await execInPod(
      context.kubeConfig,
      namespace,
      podName,
      container,
      spec.command,
      context.signal,
    );
  } catch (e) {
    if (context.signal.aborted) throw e;
    return {
      status: 'fail',
      message: `${shown} could not run: ${describeError(e)}`,
    };
  }
  const exit = exitCodeOf(result.status);
  const output = outputExcerpt(result);
  const tail = output ? `; ${output}` : '';
  if ('error' in exit) {
    return {
      status: 'fail',
      message: `${shown} could not run: ${exit.error}${tail}`,
    };
  }
  return exit.exitCode === expected
    ? { status: 'pass', message: `${shown} exited ${exit.exitCode}${tail}` }
    : {
        status: 'fail',
        message: `${shown} exited ${exit.exitCode}, expected ${expected}${tail}`,
      };
}
