// The plain-HTTP kit's stand-in target for the engine's warm-up (definition.ts LoadDefinition.warmup): a
// keep-alive HTTP/1.1 server on loopback, in the engine's main thread (run-load.ts), answering every request
// with a fixed 200. Each generator thread then runs the kit's real code (RawHttpConnection, the closed loop,
// the metrics) against it, so V8 compiles that code in the thread's own isolate, and the warm-up never sends
// a byte to the real target.
// The answer is shaped like node:http's (Content-Type, Content-Length, Date, keep-alive), so the response
// path the warm-up exercises is the one a typical server's answers take.
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { RunParams, WarmupSession, WarmupTarget } from './definition.ts';

/** The end of a request head; the kit sends GETs with no body, so each one ends a request. */
const END = Buffer.from('\r\n\r\n', 'latin1');

function answer(): Buffer {
  return Buffer.from(
    'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n' +
      `Date: ${new Date().toUTCString()}\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\nok`,
    'latin1',
  );
}

/** Counts the request heads that end in each read; a head's end may be split across reads. */
export class RequestEnds {
  /** At most the last 3 bytes after the last end: the start of an END the next read may complete. */
  #tail: Buffer = Buffer.alloc(0);

  /** The number of request heads that end in `chunk`. */
  feed(chunk: Buffer): number {
    const b = this.#tail.length === 0 ? chunk : Buffer.concat([this.#tail, chunk]);
    let ends = 0;
    let from = 0;
    for (let i = b.indexOf(END, from); i !== -1; i = b.indexOf(END, from)) {
      ends++;
      from = i + END.length;
    }
    this.#tail = Buffer.from(b.subarray(Math.max(from, b.length - (END.length - 1))));
    return ends;
  }
}

function serve(socket: Socket, reply: Buffer): void {
  const ends = new RequestEnds();
  socket.setNoDelay(true);
  socket.on('data', (chunk: Buffer) => {
    for (let k = ends.feed(chunk); k > 0; k--) socket.write(reply);
  });
  // A VU's connection closing at the end of the warm-up (or failing) is no error of the warm-up.
  socket.on('error', () => socket.destroy());
}

function listen(server: Server): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address() as AddressInfo));
  });
}

/** The HTTP kit's stand-in: `warmup: { target: httpWarmupTarget }` in a definition using http-vu.ts. */
export const httpWarmupTarget: WarmupTarget = {
  label: "an HTTP sink on loopback in the engine's main thread",
  async start(params: RunParams): Promise<WarmupSession> {
    const reply = answer();
    const sockets = new Set<Socket>();
    const server = createServer((s) => {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
      serve(s, reply);
    });
    const { port } = await listen(server);
    // Plain TCP to the sink whatever the real target's scheme: the kit's request, parse and metrics code is
    // the same over TLS, but a TLS socket's own layer is left cold.
    const { url: _real, insecure: _i, ca: _c, ...rest } = params;
    return {
      params: { ...rest, url: `http://127.0.0.1:${port}/` },
      close: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          server.close(() => resolve());
        }),
    };
  },
};
