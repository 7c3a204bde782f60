// A load generator for the HTTP benches: wrk (Debian's package) when installed, else autocannon. A ceiling
// must be measured with a generator much faster than the target: autocannon tops out near the emulator's
// own rate and so hides the gap to a bare server (issue 16); wrk, in C, does not. Where wrk is missing the
// bench still runs, on autocannon, and says that its ratios are then an upper bound.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

interface AutocannonResult {
  readonly requests: { readonly total: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

export interface GeneratorRun {
  readonly url: string;
  /** The request path (default '/'). */
  readonly path?: string;
  /** POST body; GET when absent. */
  readonly body?: string;
  /**
   * Instead of one fixed body, `before + n + after` with n counting up per request (from 1 in each generator
   * thread): a JSON-RPC client numbering its requests' ids, which a server cannot answer from a cache
   * keyed on the whole body.
   */
  readonly counted?: { readonly before: string; readonly after: string };
  /** The POST body's content type (default text/xml; application/json for JSON-RPC). */
  readonly contentType?: string;
  readonly connections: number;
  readonly seconds: number;
  /** wrk threads (-t); autocannon always runs on one. */
  readonly threads?: number;
  /** Request headers besides Host (wrk: -H each). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface GeneratorSample {
  readonly rps: number;
  readonly requests: number;
  /** CPU seconds the generator used (wrk: from the shell's `times`; autocannon: this process). */
  readonly cpuSec: number;
}

export interface HttpGenerator {
  readonly name: 'wrk' | 'autocannon';
  run(o: GeneratorRun): Promise<GeneratorSample>;
  close(): void;
}

/** The path of wrk, or undefined when it is not installed. */
export async function wrkPath(): Promise<string | undefined> {
  try {
    const { stdout } = await exec('sh', ['-c', 'command -v wrk']);
    return stdout.trim() === '' ? undefined : stdout.trim();
  } catch {
    return undefined;
  }
}

/** Runs wrk once; a POST body goes through a Lua script (wrk's only way to send one). */
export async function runWrk(bin: string, o: GeneratorRun, scriptDir: string): Promise<GeneratorSample> {
  const args = [`-t${o.threads ?? 1}`, `-c${o.connections}`, `-d${o.seconds}s`];
  for (const [name, value] of Object.entries(o.headers ?? {})) args.push('-H', `${name}: ${value}`);
  const type = JSON.stringify(o.contentType ?? 'text/xml');
  if (o.counted !== undefined) {
    // wrk calls request() for every request (per thread, each with its own counter).
    const { before, after } = o.counted;
    const lua = join(scriptDir, `counted-${before.length}-${after.length}.lua`);
    writeFileSync(
      lua,
      `wrk.method = "POST"\nwrk.headers["Content-Type"] = ${type}\nlocal n = 0\n` +
        `request = function()\n  n = n + 1\n  return wrk.format(nil, nil, nil, ${JSON.stringify(before)} .. n .. ${JSON.stringify(after)})\nend\n`,
    );
    args.push('-s', lua);
  } else if (o.body !== undefined) {
    const lua = join(scriptDir, `post-${type.replace(/\W/g, '-')}-${o.body.length}.lua`);
    writeFileSync(
      lua,
      `wrk.method = "POST"\nwrk.headers["Content-Type"] = ${type}\nwrk.body = ${JSON.stringify(o.body)}\n`,
    );
    args.push('-s', lua);
  }
  // bash's `times` prints the CPU time of finished children (wrk) as "0m1.234s 0m0.567s".
  const script = `"$0" "$@" && times`;
  const { stdout } = await exec('bash', ['-c', script, bin, ...args, `${o.url}${o.path ?? '/'}`], {
    timeout: (o.seconds + 20) * 1000,
  });
  const reqs = /(\d+) requests in/.exec(stdout);
  const bad = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
  const errs = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  if (bad !== null) throw new Error(`wrk run had ${bad[1]} non-2xx answers`);
  if (errs !== null && errs.slice(1).some((n) => Number(n) > 0))
    throw new Error(`wrk run had socket errors: ${errs[0]}`);
  const t = [...stdout.matchAll(/(\d+)m([\d.]+)s/g)].slice(-2);
  if (reqs?.[1] === undefined || t.length < 2) throw new Error(`cannot read wrk output: ${stdout}`);
  const requests = Number(reqs[1]);
  const cpuSec = t.reduce((a, m) => a + Number(m[1]) * 60 + Number(m[2]), 0);
  return { rps: requests / o.seconds, requests, cpuSec };
}

/** An autocannon request whose body counts up (GeneratorRun.counted). */
function countedRequest(c: { readonly before: string; readonly after: string }): Record<string, unknown> {
  let n = 0;
  return {
    setupRequest: (req: Record<string, unknown>) => ({ ...req, body: `${c.before}${++n}${c.after}` }),
  };
}

async function runAutocannon(o: GeneratorRun): Promise<GeneratorSample> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const cpu0 = process.cpuUsage();
  const r = await autocannon({
    url: `${o.url}${o.path ?? '/'}`,
    connections: o.connections,
    pipelining: 1,
    duration: o.seconds,
    ...(o.body === undefined
      ? {}
      : { method: 'POST', body: o.body, headers: { 'content-type': o.contentType ?? 'text/xml' } }),
    ...(o.counted === undefined ? {} : { requests: [countedRequest(o.counted)] }),
  });
  const cpu = process.cpuUsage(cpu0);
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0)
    throw new Error(
      `autocannon run had failures: non2xx=${r.non2xx} errors=${r.errors} timeouts=${r.timeouts}`,
    );
  return {
    rps: r.requests.total / o.seconds,
    requests: r.requests.total,
    cpuSec: (cpu.user + cpu.system) / 1e6,
  };
}

/** wrk when installed (printing which one it uses), else autocannon with a warning. */
export async function httpGenerator(out: (line: string) => void): Promise<HttpGenerator> {
  const bin = await wrkPath();
  if (bin === undefined) {
    out(
      'wrk not installed (apt-get install wrk): measuring with autocannon, which tops out near the ' +
        "emulator's rate: ratios to the bare server are then an upper bound",
    );
    return { name: 'autocannon', run: runAutocannon, close: () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'xapi-harness-wrk-'));
  out(`generator: wrk (${bin})`);
  return {
    name: 'wrk',
    run: (o) => runWrk(bin, o, dir),
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
