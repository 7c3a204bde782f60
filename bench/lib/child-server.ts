// A server under benchmark in a child process of its own (the emulator, or the bare node:http baseline it is
// measured against), so that its CPU and memory are its own. The child prints `listening <url>` when ready;
// lines before that (`started {...}`) are kept; after it, each line answers one command written to its stdin,
// in order. One start-up and one HTTP client for every bench that starts such children.
import { spawn, type ChildProcess } from 'node:child_process';
import { request, type Agent } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { decodeResponse, encodeMethodCall, type WireValue } from '../../src/wire/index.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The emulator's entry module as a string literal, for the child scripts that start one in a process of its own
 * (`import { createEmulator } from ${EMULATOR_MODULE};`).
 */
export const EMULATOR_MODULE = JSON.stringify(join(ROOT, 'src/emulator/index.ts'));

export interface ChildServer<Answer> {
  readonly child: ChildProcess;
  readonly url: string;
  /** The lines the child printed before `listening` (e.g. its start cost). */
  readonly before: readonly string[];
  /** Writes `line` to the child's stdin; resolves with the next line it prints, parsed as JSON. */
  command(line?: string): Promise<Answer>;
}

/** `node ...args` from the repository root; resolves once it prints `listening http://127.0.0.1:PORT`. */
export function startChildServer<Answer>(
  args: readonly string[],
  timeoutMs = 120_000,
): Promise<ChildServer<Answer>> {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const queue: ((line: string) => void)[] = [];
  const before: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start')), timeoutMs);
    let url: string | undefined;
    lines.on('line', (line) => {
      const m = url === undefined ? /^listening (http:\/\/127\.0\.0\.1:\d+)/.exec(line) : null;
      if (url !== undefined) queue.shift()?.(line);
      else if (m === null) before.push(line);
      else {
        url = m[1]!;
        clearTimeout(timer);
        resolve({
          child,
          url,
          before,
          command: (cmd = 'stat') =>
            new Promise((res) => {
              queue.push((l) => res(JSON.parse(l) as Answer));
              child.stdin.write(cmd + '\n');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
  });
}

/**
 * `cmd ...args` from the repository root, for a server that prints its URL somewhere in its output (the CLI's
 * start-up line, a bare server's `listening` line) and reads nothing: resolves with the first
 * http://127.0.0.1:PORT it prints.
 */
export function startUrlPrinter(
  cmd: string,
  args: readonly string[],
  timeoutMs = 30_000,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), timeoutMs);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

/** The node arguments that run `script` (an ES module text) under tsx, with `argv` after it. */
export function moduleScriptArgs(script: string, ...argv: string[]): string[] {
  return ['--import', 'tsx', '--input-type=module', '-e', script, ...argv];
}

/**
 * A bare node:http server answering every POST with the bytes of the file in argv[1], as content type argv[2]
 * (default text/xml), with the emulator's CORS header: the same-run baseline of an emulator's answer.
 * Run it with `node -e BARE_SERVER file [type]`.
 */
const BARE_SERVER = `
const http = require('node:http');
const body = require('node:fs').readFileSync(process.argv[1]);
const type = process.argv[2] ?? 'text/xml';
const server = http.createServer({ keepAlive: true }, (req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'content-type': type, 'access-control-allow-origin': '*', 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => console.log('listening http://127.0.0.1:' + server.address().port));
`;

/** One XML-RPC call (setup, not measured); an XAPI failure throws. */
export async function rpc(url: string, method: string, params: readonly WireValue[]): Promise<WireValue> {
  const res = await fetch(url + '/', {
    method: 'POST',
    body: encodeMethodCall(method, params),
    headers: { 'content-type': 'text/xml' },
  });
  const r = decodeResponse(new Uint8Array(await res.arrayBuffer()), { maxBytes: 2 ** 31 });
  if (!r.ok) throw new Error(`${method}: ${r.code} ${r.params.join(' ')}`);
  return r.value;
}

export interface PostOptions {
  /** Default '/'. */
  readonly path?: string;
  /** Default text/xml. */
  readonly contentType?: string;
  /** Keep the answer's bytes (default: only count them). */
  readonly keep?: boolean;
}

/** One POST on a keep-alive agent: resolves with the answer's size and, with `keep`, its bytes. */
export function post(
  agent: Agent,
  url: string,
  body: string,
  options: PostOptions = {},
): Promise<{ n: number; bytes: Buffer }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: options.path ?? '/',
        method: 'POST',
        agent,
        headers: {
          'content-type': options.contentType ?? 'text/xml',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let n = 0;
        res.on('data', (c: Buffer) => {
          n += c.length;
          if (options.keep === true) chunks.push(c);
        });
        res.on('end', () => resolve({ n, bytes: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Requests/s of a closed loop of `body` on the agent's keep-alive connection for `seconds` (two requests at
 * least), each answer checked to be `expectedBytes` long (a short answer would flatter the figure).
 */
async function closedLoopRate(
  agent: Agent,
  url: string,
  body: string,
  expectedBytes: number,
  seconds: number,
  options: PostOptions = {},
): Promise<number> {
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < seconds * 1000 || n < 2) {
    const got = await post(agent, url, body, options);
    if (got.n !== expectedBytes) throw new Error(`${url} answered ${got.n} bytes, not ${expectedBytes}`);
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

/** `rounds` measures of the baseline and the candidate, in turn, the order swapped every round. */
async function interleavedRounds(
  rounds: number,
  baseline: () => Promise<number>,
  candidate: () => Promise<number>,
): Promise<{ baseline: number[]; candidate: number[] }> {
  const out = { baseline: [] as number[], candidate: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      out.baseline.push(await baseline());
      out.candidate.push(await candidate());
    } else {
      out.candidate.push(await candidate());
      out.baseline.push(await baseline());
    }
  }
  return out;
}

interface AgainstBare {
  readonly agent: Agent;
  readonly emulatorUrl: string;
  /** The request, and the emulator's answer to it (what the bare server answers with, from `file`). */
  readonly body: string;
  readonly answer: Uint8Array;
  readonly file: string;
  readonly seconds: number;
  readonly rounds: number;
  readonly post?: PostOptions;
  /** One unmeasured loop of each before the rounds. */
  readonly warmUp?: boolean;
}

/**
 * The same-run baseline of an emulator's answer: BARE_SERVER answering the same bytes on the same kind of
 * connection, both driven by the same closed loop in interleaved rounds. Returns the rounds' requests/s.
 */
export async function againstBareServer(o: AgainstBare): Promise<{ bare: number[]; emulator: number[] }> {
  writeFileSync(o.file, o.answer);
  const bare = await startChildServer(['-e', BARE_SERVER, o.file, o.post?.contentType ?? 'text/xml']);
  try {
    const rate = (url: string): Promise<number> =>
      closedLoopRate(o.agent, url, o.body, o.answer.length, o.seconds, o.post);
    if (o.warmUp === true) {
      await rate(bare.url);
      await rate(o.emulatorUrl);
    }
    const r = await interleavedRounds(
      o.rounds,
      () => rate(bare.url),
      () => rate(o.emulatorUrl),
    );
    return { bare: r.baseline, emulator: r.candidate };
  } finally {
    bare.child.kill('SIGKILL');
  }
}
