// Parked long-poll callers for the fan-out bench (issue 16): N requests, each on its own connection,
// spread over worker threads so that reading 2,000 answers at once is not the bottleneck of the figure.
// Each worker is a raw HTTP/1.1 client (node:net, request bytes built once, answers parsed by
// Content-Length only): far less work per answer than undici or node:http, so the time an answer arrives
// is the time the server wrote it, plus the kernel. The same workers drive the same-run baseline (a bare
// server that parks the requests and answers them all with fixed bytes), whose wake-to-answer figures are
// the floor this client and this machine allow.
import { Worker } from 'node:worker_threads';

export interface ParkedRequest {
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
}

export interface ParkedAnswers {
  /** Arrival time of each answer, epoch ms (performance.timeOrigin + now, sub-ms), in request order. */
  readonly at: readonly number[];
  readonly status: readonly number[];
  readonly bytes: readonly number[];
  /** The bodies, when asked for (the correctness checks of the bench read a few). */
  readonly bodies: readonly (string | undefined)[];
}

export interface ParkedCallers {
  /** Resolves once every request is written to its connected socket. */
  readonly sent: Promise<void>;
  /** Resolves when every request has its answer (rejects on a socket error). */
  readonly answers: Promise<ParkedAnswers>;
  close(): Promise<void>;
}

// Plain JavaScript (no loader in the worker): connects, writes, parses `content-length` answers.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const { host, port, requests, keepBodies } = workerData;
const n = requests.length;
const at = new Array(n).fill(0), status = new Array(n).fill(0), bytes = new Array(n).fill(0), bodies = new Array(n);
let sent = 0, done = 0;
const sockets = [];
for (let i = 0; i < n; i++) {
  const s = net.connect({ host, port });
  sockets.push(s);
  s.setNoDelay(true);
  let buf = Buffer.alloc(0), need = -1, head = 0;
  s.on('connect', () => {
    s.write(requests[i], () => { if (++sent === n) parentPort.postMessage({ type: 'sent' }); });
  });
  s.on('data', (c) => {
    buf = buf.length === 0 ? c : Buffer.concat([buf, c]);
    if (need < 0) {
      const end = buf.indexOf('\\r\\n\\r\\n');
      if (end < 0) return;
      const text = buf.toString('latin1', 0, end).toLowerCase();
      const m = /\\r\\ncontent-length:\\s*(\\d+)/.exec(text);
      status[i] = Number(text.slice(9, 12));
      head = end + 4;
      need = m === null ? 0 : Number(m[1]);
    }
    if (buf.length - head < need) return;
    at[i] = performance.timeOrigin + performance.now();
    bytes[i] = need;
    if (keepBodies) bodies[i] = buf.toString('utf8', head, head + need);
    // The connection stays open (as a client's keep-alive connection would): closing it here would add
    // the server's work for 2,000 closes to the figure being measured.
    buf = Buffer.alloc(0);
    need = -1;
    if (++done === n) parentPort.postMessage({ type: 'answers', at, status, bytes, bodies });
  });
  s.on('error', (e) => parentPort.postMessage({ type: 'error', message: String(e) + ' (request ' + i + ')' }));
}
parentPort.on('message', () => { for (const s of sockets) s.destroy(); parentPort.postMessage({ type: 'closed' }); });
`;

function rawRequest(url: URL, r: ParkedRequest): string {
  return (
    `POST ${r.path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: ${r.contentType}\r\n` +
    `Content-Length: ${Buffer.byteLength(r.body)}\r\n\r\n${r.body}`
  );
}

/** Sends every request on its own connection from `threads` worker threads. */
export function parkCallers(
  baseUrl: string,
  requests: readonly ParkedRequest[],
  threads: number,
  keepBodies = false,
): ParkedCallers {
  const url = new URL(baseUrl);
  const n = Math.max(1, Math.min(threads, requests.length));
  const workers: Worker[] = [];
  const sent: Promise<void>[] = [];
  const answers: Promise<{ index: number[]; a: ParkedAnswers }>[] = [];
  for (let t = 0; t < n; t++) {
    const index: number[] = [];
    for (let i = t; i < requests.length; i += n) index.push(i);
    const w = new Worker(WORKER, {
      eval: true,
      workerData: {
        host: url.hostname,
        port: Number(url.port),
        requests: index.map((i) => rawRequest(url, requests[i]!)),
        keepBodies,
      },
    });
    workers.push(w);
    let onSent: () => void = () => undefined;
    let onAnswers: (a: ParkedAnswers) => void = () => undefined;
    let onError: (e: Error) => void = () => undefined;
    sent.push(new Promise<void>((res, rej) => ((onSent = res), (onError = rej))));
    const answered = new Promise<ParkedAnswers>((res, rej) => {
      onAnswers = res;
      const prev = onError;
      onError = (e) => (prev(e), rej(e));
    });
    answers.push(answered.then((a) => ({ index, a })));
    w.on('message', (m: { type: string; message?: string } & Partial<ParkedAnswers>) => {
      if (m.type === 'sent') onSent();
      else if (m.type === 'answers') onAnswers(m as unknown as ParkedAnswers);
      else if (m.type === 'error') onError(new Error(m.message));
    });
    w.on('error', (e) => onError(e));
  }
  // An unanswered promise must not become an unhandled rejection before the caller awaits it.
  for (const p of [...sent, ...answers]) p.catch(() => undefined);
  return {
    sent: Promise.all(sent).then(() => undefined),
    answers: Promise.all(answers).then((parts) => {
      const at = new Array<number>(requests.length);
      const status = new Array<number>(requests.length);
      const bytes = new Array<number>(requests.length);
      const bodies = new Array<string | undefined>(requests.length);
      for (const { index, a } of parts) {
        index.forEach((i, k) => {
          at[i] = a.at[k]!;
          status[i] = a.status[k]!;
          bytes[i] = a.bytes[k]!;
          bodies[i] = a.bodies[k];
        });
      }
      return { at, status, bytes, bodies };
    }),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** The q-quantile (0..1) of a list of numbers (nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Epoch ms with sub-ms precision, comparable with the workers' arrival times. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
