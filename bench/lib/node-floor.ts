// The floor of any generator written for Node: a client with none of the engine's work (no VU, iteration,
// promise, clock read, histogram or timeline; no response parsing: one read is one response of the bare
// server's fixed size), only Node's own socket path: net.connect with a shared read buffer and one write
// per response. What it reaches against wrk is as far as a Node engine can go on this machine; the rest of
// the engine's gap is its own per-request bookkeeping (issue 16). Run in a process of its own, as wrk is.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { requestHeaderLines } from '../../src/load/raw-http-connection.ts';

const exec = promisify(execFile);

// One thread's loop; with threads > 1 the main thread starts that many worker threads, each with its share
// of the connections (wrk -tN's layout), and sums their counts. CPU is the process's: every thread.
const FLOOR = `
const net = require('node:net');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const o = isMainThread
  ? { host: process.argv[1], port: Number(process.argv[2]), conns: Number(process.argv[3]),
      seconds: Number(process.argv[4]), head: process.argv[5], threads: Number(process.argv[6]) }
  : workerData;
function load(conns, done) {
  const req = Buffer.from(o.head, 'latin1');
  const buf = Buffer.allocUnsafe(65536);
  let count = 0;
  let stop = false;
  let open = 0;
  const sockets = [];
  const begin = () => {
    for (const s of sockets) s.write(req);
    setTimeout(() => {
      stop = true;
      for (const s of sockets) s.destroy();
      done(count);
    }, o.seconds * 1000);
  };
  for (let i = 0; i < conns; i++) {
    const s = net.connect({ host: o.host, port: o.port, onread: { buffer: buf, callback: () => {
      if (stop) return false;
      count++;
      s.write(req);
      return true;
    } } });
    s.setNoDelay(true);
    s.on('error', (e) => { console.error(e.message); process.exit(1); });
    s.on('connect', () => { if (++open === conns) begin(); });
    sockets.push(s);
  }
}
if (!isMainThread) load(workerData.conns, (n) => parentPort.postMessage(n));
else {
  const cpu0 = process.cpuUsage();
  const report = (requests) => {
    const c = process.cpuUsage(cpu0);
    console.log(JSON.stringify({ requests, cpuSec: (c.user + c.system) / 1e6 }));
    process.exit(0);
  };
  if (o.threads <= 1) load(o.conns, report);
  else {
    let total = 0;
    let left = o.threads;
    for (let t = 0; t < o.threads; t++) {
      const conns = Math.floor(o.conns / o.threads) + (t < o.conns % o.threads ? 1 : 0);
      const w = new Worker(__filename_eval, { eval: true, workerData: { ...o, conns } });
      w.on('message', (n) => { total += n; if (--left === 0) report(total); });
    }
  }
}
`;

export interface FloorRun {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Generator threads (1: the main thread only). */
  readonly threads: number;
}

/** Requests completed and CPU seconds used by the floor client in `seconds`. */
export async function runNodeFloor(o: FloorRun): Promise<{ requests: number; cpuSec: number }> {
  const u = new URL(o.url);
  const head = `GET / HTTP/1.1\r\nHost: ${u.host}\r\n${requestHeaderLines(o.headers)}\r\n`;
  const { stdout } = await exec(
    process.execPath,
    // The worker threads run the same script text: it names itself for them.
    [
      '-e',
      `const __filename_eval = ${JSON.stringify(FLOOR)};
${FLOOR}`,
      u.hostname,
      u.port,
      String(o.connections),
      String(o.seconds),
      head,
      String(o.threads),
    ],
    { timeout: (o.seconds + 20) * 1000 },
  );
  return JSON.parse(stdout.trim()) as { requests: number; cpuSec: number };
}
