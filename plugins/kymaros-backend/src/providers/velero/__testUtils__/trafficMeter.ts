import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import type { Socket } from 'node:net';

const channel = 'http.client.request.start';

/**
 * Every HTTP request this process sends (`METHOD path?query`), and the bytes
 * its connections have received, through Node's own diagnostics channel:
 * the client code under test is unchanged, TLS included.
 */
export function trafficMeter() {
  const sent: { line: string; socket?: Socket }[] = [];
  const sockets = new Set<Socket>();
  const listener = (message: unknown) => {
    const { request } = message as { request: ClientRequest };
    const entry: (typeof sent)[number] = {
      line: `${request.method} ${request.path}`,
    };
    sent.push(entry);
    const track = (socket: Socket) => {
      entry.socket = socket;
      sockets.add(socket);
    };
    // A pooled or already-assigned socket is there before this message.
    if (request.socket) track(request.socket);
    else request.on('socket', track);
  };
  subscribe(channel, listener);
  return {
    requests: (pattern: RegExp = /./) =>
      sent.map(s => s.line).filter(line => pattern.test(line)),
    /** Bytes received so far on every connection the process opened. */
    bytesReceived: () =>
      [...sockets].reduce((total, socket) => total + socket.bytesRead, 0),
    /** Bytes received on the connections that carried requests matching `pattern`. */
    bytesReceivedFor: (pattern: RegExp) =>
      [
        ...new Set(
          sent
            .filter(s => pattern.test(s.line) && s.socket)
            .map(s => s.socket!),
        ),
      ].reduce((total, socket) => total + socket.bytesRead, 0),
    stop: () => unsubscribe(channel, listener),
  };
}
