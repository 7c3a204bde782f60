// A keep-alive HTTP/1.1 sink on loopback: answers every request with a fixed 200, shaped like node:http's
// answers (Content-Type, Content-Length, Date, keep-alive), so that a client's response path is the one a
// typical server's answers take. The plain-HTTP kit's warm-up runs against it (http-warmup.ts).
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';

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
  // A client's connection closing at the end of the warm-up (or failing) is no error of the sink.
  socket.on('error', () => socket.destroy());
}

function listen(server: Server): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address() as AddressInfo));
  });
}

export interface HttpSink {
  readonly port: number;
  close(): Promise<void>;
}

/** Starts the sink on 127.0.0.1 and a free port. */
export async function startHttpSink(): Promise<HttpSink> {
  const reply = answer();
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
    serve(s, reply);
  });
  const { port } = await listen(server);
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
