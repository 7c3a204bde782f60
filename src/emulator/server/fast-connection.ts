// The emulator's HTTP/1.1 fast path (issue 16, dispatch speed). node:http costs about 75k instructions per
// request before any handler runs (a bare node:http server returning fixed bytes, callgrind): the parser's
// JS callbacks, an IncomingMessage and a ServerResponse with their stream machinery, header validation.
// A keep-alive XML-RPC or JSON-RPC call is simpler than that: a short head, a Content-Length body, one
// answer. Each connection starts here: the common shape of request (request-head-scanner.ts) is read and
// answered on the socket itself; the first request of any other shape hands the connection, with the
// bytes read so far, to node:http for the rest of its life (the same connection listener node would have
// run at accept). So every unusual or malformed request still gets node's own answer, and the emulator's
// documented limits hold on both paths: heads within 10 s, whole requests within 60 s, idle keep-alive
// connections closed after 30 s (http-server.ts), checked once a second as node checks its own.
import type { Socket } from 'node:net';
import type { EmuResponse, ServerHandler } from './http-types.ts';
import { FastRequest } from './fast-request.ts';
import { ChunkedResponse } from './chunked-response.ts';
import { MAX_BODY_BYTES } from './request-handler.ts';
import { RequestHeadScanner } from './request-head-scanner.ts';
import { HttpDate, responseHead } from './response-head.ts';
import { SplicedResponse } from './spliced-response.ts';
import { handlerFailed, TextResponse } from './text-response.ts';

export interface FastTimeouts {
  readonly headersMs: number;
  readonly requestMs: number;
  readonly keepAliveMs: number;
}

/** node's answer to a request that ran out of time (_http_server.js socketOnError, ERR_HTTP_REQUEST_TIMEOUT). */
const TIMED_OUT = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n';

/** The listener node:http runs on a new connection (http.Server's 'connection' listener). */
export type NodeConnectionListener = (socket: Socket) => void;

/** One connection on the fast path, from accept until it closes or is handed to node:http. */
class FastConnection {
  readonly #socket: Socket;
  readonly #owner: FastConnections;
  readonly #scanner = new RequestHeadScanner();
  /** Bytes read and not yet consumed; they start at a request's first byte. */
  #pending: Buffer | undefined = undefined;
  /**
   * The buffer #pending is the start of, when bytes were appended to it, with room for more: bytes are
   * copied in, doubling it when full, so a request arriving in many small reads costs linear time (a
   * new buffer per read would cost the square of its size). Dropped when a request is taken from it:
   * requests keep views of their bytes, which later bytes must not overwrite.
   */
  #room: Buffer | undefined = undefined;
  /** An answer is being computed (a promise): later requests wait, in order. */
  #busy = false;
  /** The client sent its FIN. */
  #ended = false;
  /** The connection ends with an answer already written: later bytes are not read. */
  #closing = false;
  /** When the current request's first byte arrived, or when the connection last went idle. */
  #since = Date.now();
  readonly #onData = (c: Buffer): void => this.#data(c);
  readonly #onEnd = (): void => this.#end();
  readonly #onClose = (): void => this.#owner.forget(this);
  /** Reading is paused until the client reads the answers already written. */
  #draining = false;
  readonly #onDrain = (): void => {
    this.#draining = false;
    this.#socket.resume();
  };

  constructor(socket: Socket, owner: FastConnections) {
    this.#socket = socket;
    this.#owner = owner;
    socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.on('close', this.#onClose);
    // An error is followed by 'close' (forget); the listener only keeps it from being thrown.
    socket.on('error', ignore);
  }

  /** No request under way: nothing read of the next one, no answer pending. */
  get idle(): boolean {
    return !this.#busy && this.#pending === undefined;
  }

  destroy(): void {
    this.#socket.destroy();
  }

  /** The once-a-second check of the documented time limits. */
  expire(now: number, t: FastTimeouts): void {
    if (this.#busy || this.#socket.destroyed) return;
    if (this.#pending === undefined) {
      if (now - this.#since > t.keepAliveMs) this.#socket.destroy();
      return;
    }
    const limit = this.#scanner.bodyStart === 0 ? t.headersMs : t.requestMs;
    if (now - this.#since > limit) {
      this.#socket.end(TIMED_OUT);
      this.#socket.destroySoon();
    }
  }

  #data(c: Buffer): void {
    if (this.#closing) return;
    if (this.#pending === undefined) {
      this.#pending = c;
      this.#room = undefined;
      this.#since = Date.now();
    } else this.#append(c);
    if (this.#busy) {
      // A client that keeps sending while its answer is computed is held back (node pauses its parser
      // the same way): at most one more request's worth of bytes is buffered.
      if (this.#pending.length > MAX_BODY_BYTES) this.#socket.pause();
      return;
    }
    this.#next();
  }

  #append(c: Buffer): void {
    const had = this.#pending!;
    const size = had.length + c.length;
    if (this.#room === undefined || this.#room.length < size) {
      const room = Buffer.allocUnsafe(Math.max(2 * size, 4096));
      had.copy(room);
      this.#room = room;
    }
    c.copy(this.#room, had.length);
    this.#pending = this.#room.subarray(0, size);
  }

  #end(): void {
    this.#ended = true;
    // A request cut short by the FIN is never answered (node's parser would not call a handler either).
    if (!this.#busy) this.#socket.end();
  }

  /** Answers every complete request in #pending, in order, until one has to wait. */
  #next(): void {
    const s = this.#scanner;
    while (this.#pending !== undefined && !this.#busy) {
      const b = this.#pending;
      if (s.bodyStart === 0) {
        const r = s.scan(b);
        if (r === 'handoff') return this.#handoff();
        if (r === 'partial') return;
        if (s.contentLength > MAX_BODY_BYTES) return this.#handoff();
      }
      const bodyEnd = s.bodyStart + s.contentLength;
      if (b.length < bodyEnd) return;
      const request = new FastRequest(
        s.method,
        b.toString('latin1', s.targetStart, s.targetEnd),
        b.subarray(s.bodyStart, bodyEnd),
        b,
        s.fields.slice(),
      );
      const close = s.close;
      s.reset();
      this.#pending = b.length === bodyEnd ? undefined : b.subarray(bodyEnd);
      this.#room = undefined;
      this.#since = Date.now();
      let answer: EmuResponse | Promise<EmuResponse>;
      try {
        answer = this.#owner.handler(request);
      } catch (err) {
        answer = handlerFailed(err);
      }
      if (answer instanceof Promise) {
        this.#busy = true;
        answer.then(
          (r) => this.#settled(r, close),
          (err: unknown) => this.#settled(handlerFailed(err), close),
        );
        return;
      }
      if (!this.#write(answer, close)) return;
    }
    if (this.#ended && !this.#busy) this.#socket.end();
  }

  #settled(r: EmuResponse, close: boolean): void {
    this.#busy = false;
    this.#since = Date.now();
    if (!this.#write(r, close)) return;
    // Reading was held back while this answer was computed (#data), unless the client is also behind
    // on reading its answers (#write): then 'drain' resumes it.
    if (!this.#draining) this.#socket.resume();
    this.#next();
  }

  /** Writes one answer; false when the connection ends with it (or has already gone). */
  #write(r: EmuResponse, clientClose: boolean): boolean {
    const socket = this.#socket;
    if (socket.destroyed || !socket.writable) return false;
    const keepAlive = this.#owner.keepAliveSec;
    let more: boolean;
    let close: boolean;
    // The emulator's answers carry their content-length: the body's length is counted only if one does not.
    const counted = r.headers['content-length'] === undefined;
    if (r instanceof TextResponse) {
      // One string: the head and the text leave in one write (text-response.ts).
      const length = counted ? Buffer.byteLength(r.text) : 0;
      const head = responseHead(r.status, r.headers, length, clientClose, keepAlive, this.#owner.date);
      close = head.close;
      more = socket.write(head.text + r.text);
    } else {
      let chunks: readonly Uint8Array[];
      let tail = '';
      if (r instanceof SplicedResponse) {
        chunks = r.chunks;
        tail = r.tail;
      } else if (r instanceof ChunkedResponse) chunks = r.chunks;
      else chunks = [r.body];
      let length = 0;
      if (counted) {
        length = Buffer.byteLength(tail);
        for (const c of chunks) length += c.byteLength;
      }
      const head = responseHead(r.status, r.headers, length, clientClose, keepAlive, this.#owner.date);
      close = head.close;
      // Corked: the head, the shared chunks and the tail leave as one writev.
      socket.cork();
      socket.write(head.text, 'latin1');
      for (const c of chunks) socket.write(c);
      more = tail === '' ? true : socket.write(tail);
      socket.uncork();
      more = more && !socket.writableNeedDrain;
    }
    if (close) {
      this.#pending = undefined;
      this.#closing = true;
      socket.end();
      return false;
    }
    if (!more && !this.#draining) {
      // A client that does not read its answers is not sent more: reading resumes once they drain.
      this.#draining = true;
      socket.pause();
      socket.once('drain', this.#onDrain);
    }
    return true;
  }

  /** From this request on, the connection is node's: with the bytes read so far, as if just accepted. */
  #handoff(): void {
    const socket = this.#socket;
    const rest = this.#pending;
    this.#pending = undefined;
    this.#room = undefined;
    if (socket.readableEnded) {
      // Bytes cannot be put back after the end of the stream: a request that node would read, sent after
      // one still being answered and then the client's FIN, ends the connection unanswered.
      socket.end();
      return;
    }
    socket.off('data', this.#onData);
    socket.off('end', this.#onEnd);
    socket.off('close', this.#onClose);
    socket.off('error', ignore);
    socket.off('drain', this.#onDrain);
    this.#owner.forget(this);
    this.#owner.handedOff++;
    // Paused before node's listeners attach: the bytes put back are the first node reads, then the
    // socket's own (resumed on the next tick, once node has taken the socket).
    socket.pause();
    if (rest !== undefined) socket.unshift(rest);
    this.#owner.nodeListener(socket);
    process.nextTick(() => socket.resume());
  }
}

function ignore(): void {
  // See FastConnection's constructor.
}

/** A server's fast-path connections: the handler, the node listener they may be handed to, the timer. */
export class FastConnections {
  readonly #open = new Set<FastConnection>();
  #timer: NodeJS.Timeout | undefined;
  readonly keepAliveSec: number;
  readonly date = new HttpDate();
  /** Connections accepted, and how many of them went on to node:http (RunningServer.connections). */
  accepted = 0;
  handedOff = 0;

  constructor(
    readonly handler: ServerHandler,
    readonly nodeListener: NodeConnectionListener,
    readonly timeouts: FastTimeouts,
  ) {
    this.keepAliveSec = Math.floor(timeouts.keepAliveMs / 1000);
  }

  accept(socket: Socket): void {
    this.accepted++;
    this.#open.add(new FastConnection(socket, this));
    this.#timer ??= setInterval(() => this.#expire(), 1_000).unref();
  }

  forget(c: FastConnection): void {
    this.#open.delete(c);
    if (this.#open.size === 0 && this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  /** Closes the connections with no request under way (server.closeIdleConnections). */
  closeIdle(): void {
    for (const c of this.#open) if (c.idle) c.destroy();
  }

  closeAll(): void {
    for (const c of this.#open) c.destroy();
  }

  #expire(): void {
    const now = Date.now();
    for (const c of this.#open) c.expire(now, this.timeouts);
  }
}
