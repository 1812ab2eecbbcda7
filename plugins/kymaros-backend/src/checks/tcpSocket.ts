import { PassThrough, Writable } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { NotAllowedError } from '@backstage/errors';
import { z } from 'zod';
import type {
  CheckContext,
  CheckOutcome,
  CheckType,
} from '@kymaros/plugin-kymaros-node';
import { describeError } from '../util/errors';
import { excerpt } from '../util/text';
import { labelSelectorString } from '../kube/podState';
import { findReadyPod } from '../kube/findReadyPod';
import { locateServicePort, resolveTargetPort } from './servicePorts';
import { portSchema, timeoutSchema } from './validation';
import { serviceNameSchema } from './kubernetesNames';

const tcpSocketSchema = z
  .object({
    service: serviceNameSchema,
    port: portSchema,
    timeout: timeoutSchema.optional(),
  })
  .strict();

type TcpSocketSettings = z.infer<typeof tcpSocketSchema>;

/**
 * How long to wait for the kubelet's error frame. The kubelet dials the pod
 * port as soon as the stream opens and reports a refusal at once; silence for
 * this long means the connection was accepted.
 */
export const SETTLE_MS = 400;

type ProbeResult = { accepted: true } | { accepted: false; reason: string };

function collector(sink: (text: string) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (chunk.length > 0) sink(chunk.toString('utf8'));
      callback();
    },
  });
}

/** Opens a port-forward stream to one pod port, sends nothing, and listens for the kubelet's verdict. */
export async function probePodPort(
  kc: k8s.KubeConfig,
  namespace: string,
  pod: string,
  port: number,
  signal: AbortSignal,
  settleMs = SETTLE_MS,
): Promise<ProbeResult> {
  let errorText = '';
  let onError = () => {};
  const input = new PassThrough();
  const forward = new k8s.PortForward(kc, true);
  let ws: any;
  try {
    ws = await forward.portForward(
      namespace,
      pod,
      [port],
      collector(() => {}),
      collector(text => {
        errorText += text;
        onError();
      }),
      input,
    );
  } catch (e) {
    return {
      accepted: false,
      // The guard's refusal already names the pod and why.
      reason:
        e instanceof NotAllowedError
          ? e.message
          : `port-forward to pod ${pod} failed: ${describeError(e)}`,
    };
  }
  try {
    const closedEarly = await new Promise<boolean>((resolve, reject) => {
      const timer = setTimeout(() => end(() => resolve(false)), settleMs);
      function end(settle: () => void) {
        clearTimeout(timer);
        signal.removeEventListener('abort', aborted);
        settle();
      }
      function aborted() {
        end(() => reject(signal.reason));
      }
      onError = () => end(() => resolve(false));
      ws.on('close', () => end(() => resolve(true)));
      signal.addEventListener('abort', aborted, { once: true });
      // The verdict may have arrived while the stream was being handed over.
      if (signal.aborted) aborted();
      else if (errorText) onError();
      else if (ws.readyState >= 2) end(() => resolve(true));
    });
    if (errorText.trim()) return { accepted: false, reason: errorText.trim() };
    if (closedEarly)
      return {
        accepted: false,
        reason:
          'the API server closed the port-forward stream without a reason',
      };
    return { accepted: true };
  } finally {
    // Always release the stream: a leaked port-forward holds a kubelet connection open.
    input.end();
    ws.close();
  }
}

/**
 * Connects to a Service's port through port-forward to a Ready pod behind it,
 * so it works from outside the cluster and across the sandbox's
 * NetworkPolicies (Kymaros dials the ClusterIP from its own pod, which they
 * block).
 */
export const tcpSocketCheck: CheckType = {
  type: 'tcpSocket',
  settings: tcpSocketSchema,
  async run(check, context) {
    const spec = check.tcpSocket as TcpSocketSettings;
    const core = context.kubeConfig.makeApiClient(k8s.CoreV1Api);
    const found = await locateServicePort(
      core,
      context,
      spec.service,
      spec.port,
    );
    if ('failed' in found) return found.failed;
    const outcome = await connect(
      context,
      core,
      spec,
      found.where.sandbox,
      found.found,
    );
    return { ...outcome, ...found.place };
  },
};

/** Connects to the Service's port in `namespace` through a Ready pod behind it. */
async function connect(
  context: CheckContext,
  core: k8s.CoreV1Api,
  spec: TcpSocketSettings,
  namespace: string,
  {
    service,
    port: servicePort,
  }: { service: k8s.V1Service; port: k8s.V1ServicePort },
): Promise<CheckOutcome> {
  const target = `${spec.service}:${spec.port}`;
  const selector = labelSelectorString(service.spec?.selector);
  if (!selector) {
    return {
      status: 'fail',
      message: `Service ${spec.service} has no selector: no pod to connect to`,
    };
  }
  const ready = await findReadyPod(core, namespace, selector);
  if (!ready.pod) {
    return {
      status: 'fail',
      message: `no Ready pod behind Service ${spec.service} (${selector})${ready.notReady}`,
    };
  }
  const { pod } = ready;
  const podName = pod.metadata!.name!;
  const port = resolveTargetPort(pod, servicePort);
  if (port === undefined) {
    return {
      status: 'fail',
      message: `Pod ${podName} has no container port named "${servicePort.targetPort}" (Service ${spec.service} port ${servicePort.port})`,
    };
  }
  const result = await probePodPort(
    context.kubeConfig,
    namespace,
    podName,
    port,
    context.signal,
  );
  return result.accepted
    ? {
        status: 'pass',
        message: `TCP ${target} accepted a connection (pod ${podName}, port ${port})`,
      }
    : {
        status: 'fail',
        message: `TCP ${target} refused (pod ${podName}, port ${port}): ${excerpt(
          result.reason,
          300,
        )}`,
      };
}
