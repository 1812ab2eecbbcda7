import type { WebSocket } from 'ws';
import type { SimulatorContext } from '../context';
import type { ResourceRequest } from '../server/requestInfo';
import { kinds } from '../controllers/kinds';
import { podHttpAnswer } from './podHttp';

/**
 * `pods/portforward` over v4.channel.k8s.io: for the one requested port,
 * channel 0 carries data and channel 1 errors; each starts with the port as
 * a little-endian uint16. Behind it sits the simulated application: HTTP
 * requests get the pod's HTTP answers, anything else is echoed.
 */
export function handlePortForward(
  ctx: SimulatorContext,
  ws: WebSocket,
  info: ResourceRequest,
  url: URL,
): void {
  const port = Number(
    url.searchParams.get('ports') ?? url.searchParams.getAll('ports')[0],
  );
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16LE(port);
  ws.send(Buffer.concat([Buffer.from([0]), prefix]));
  ws.send(Buffer.concat([Buffer.from([1]), prefix]));
  const pod = ctx.store.get(
    kinds(ctx.registry).pods,
    info.namespace,
    info.name!,
  );
  const declared = (pod?.spec?.containers ?? []).some((c: any) =>
    (c.ports ?? []).some((p: any) => p.containerPort === port),
  );
  // A port answers when its container runs and listens there (declared, not refused); readiness does not matter.
  const running = (pod?.status?.containerStatuses ?? []).some(
    (c: any) => c.state?.running,
  );
  const refused =
    !pod || !running || !declared || ctx.behaviours.tcpRefused(pod, port);
  if (refused) {
    const podId = pod
      ? `${pod.metadata.name}_${pod.metadata.namespace}`
      : info.name;
    const message = `error forwarding port ${port} to pod ${podId}, uid : failed to connect to localhost:${port} inside namespace "${podId}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `;
    ws.send(Buffer.concat([Buffer.from([1]), Buffer.from(message)]));
    ws.close(1000);
    return;
  }
  let buffered = Buffer.alloc(0);
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data as any);
    if (!isBinary || bytes.length === 0 || bytes[0] !== 0) return;
    const payload = bytes.subarray(1);
    buffered = Buffer.concat([buffered, payload]);
    const text = buffered.toString('latin1');
    if (/^[A-Z]+ \S+ HTTP\/1\.[01]\r\n/.test(text)) {
      if (!text.includes('\r\n\r\n')) return;
      const path = text.split(' ')[1];
      buffered = Buffer.alloc(0);
      void podHttpAnswer(ctx, pod!, path).then(answer => {
        const body = Buffer.from(answer.body ?? '');
        const head = `HTTP/1.1 ${answer.status} ${
          answer.status < 400 ? 'OK' : 'Error'
        }\r\nContent-Type: ${
          answer.contentType ?? 'text/plain'
        }\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
        ws.send(Buffer.concat([Buffer.from([0]), Buffer.from(head), body]));
      });
      return;
    }
    ws.send(Buffer.concat([Buffer.from([0]), payload]));
    buffered = Buffer.alloc(0);
  });
}
