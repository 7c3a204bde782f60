// Issue 16 "Scale": the emulator started with a scaled inventory (`--inventory hosts=64,vms=N`), in its
// own process with its database on disk as the CLI keeps it. For each size (BENCH_SCALE_VMS, default
// 10000,50000), against a baseline measured in the same run:
// 1. start: wall and CPU time of createEmulator, against the same pool of 64 hosts without inventory
//    (target: under 30 s at 50,000 VMs);
// 2. RSS (process.memoryUsage().rss in the emulator's process) after start and after the first
//    VM.get_all_records has filled the encoding cache, against the same empty pool (target < 1.5 GB);
// 3. VM.get_all_records (XML-RPC) requests/s on one keep-alive connection against a bare node:http server
//    returning the same bytes, interleaved rounds (target ≥ 0.5×).
// Before the sizes, fan-out (bench/emulator-fanout.ts): one change wakes BENCH_FANOUT_CALLERS (2,000)
// parked event.from calls; p99 wake-to-answer against a bare server answering as many parked requests
// (target ≤ 100 ms).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeMethodCall } from '../src/wire/index.ts';
import { fanout } from './emulator-fanout.ts';
import {
  againstBareServer,
  EMULATOR_MODULE,
  moduleScriptArgs,
  post,
  rpc,
  startChildServer,
  type ChildServer,
} from './lib/child-server.ts';
import { measurementOf, printTable } from './lib/index.ts';

const SIZES = (process.env['BENCH_SCALE_VMS'] ?? '10000,50000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const HOSTS = Number(process.env['BENCH_SCALE_HOSTS'] ?? 64);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 3);
const ROUNDS = Number(process.env['BENCH_HTTP_ROUNDS'] ?? 3);
const START_BUDGET_S = 30;
const RSS_BUDGET_MB = 1536;

// The emulator under test: argv = vms hosts dbPath. Prints its start cost, then answers "stat" lines.
const EMULATOR_CHILD = `
import { createInterface } from 'node:readline';
import { createEmulator } from ${EMULATOR_MODULE};
const [vms, hosts, dbPath] = process.argv.slice(-3);
const t0 = performance.now();
const c0 = process.cpuUsage();
const emu = await createEmulator({
  port: 0, poolLayout: 'ports', authFailureDelayMs: 0, dbPath, hosts: Number(hosts),
  ...(Number(vms) > 0 ? { inventory: { vms: Number(vms), hosts: Number(hosts), seed: 1 } } : {}),
});
const cpu = process.cpuUsage(c0);
const mb = () => Math.round(process.memoryUsage().rss / 2 ** 20);
process.stdout.write('started ' + JSON.stringify({ ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, rss: mb() }) + '\\n');
createInterface({ input: process.stdin }).on('line', () => process.stdout.write(JSON.stringify({ rss: mb(), cache: emu.encodingCache.stats() }) + '\\n'));
process.stdout.write('listening ' + emu.url + '\\n');
`;

interface Started {
  readonly ms: number;
  readonly cpuMs: number;
  readonly rss: number;
}

/** The start cost the child printed (`started {...}`) before it listened. */
function startedOf(emu: ChildServer<ChildStat>): Started {
  const line = emu.before.find((l) => l.startsWith('started '));
  if (line === undefined) throw new Error('the emulator did not print its start cost');
  return JSON.parse(line.slice('started '.length)) as Started;
}

/** A root session on the emulator (setup, not measured). */
async function login(url: string): Promise<string> {
  return (await rpc(url, 'session.login_with_password', ['root', 'xapi-harness'])) as string;
}

interface ChildStat {
  readonly rss: number;
  readonly cache: { hits: number; misses: number; evictions: number; bytes: number; limitBytes: number };
}

async function size(dir: string, vms: number, empty: Started & { rssServed: number }): Promise<void> {
  const children: ChildProcess[] = [];
  try {
    const emu = await startChildServer<ChildStat>(
      moduleScriptArgs(EMULATOR_CHILD, String(vms), String(HOSTS), join(dir, `scale-${vms}.db`)),
      600_000,
    );
    children.push(emu.child);
    const started = startedOf(emu);
    const session = await login(emu.url);
    const body = encodeMethodCall('VM.get_all_records', [session]);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const t0 = performance.now();
    const { bytes } = await post(agent, emu.url, body, { keep: true });
    const coldMs = performance.now() - t0;
    const text = bytes.subarray(0, 4096).toString('utf8');
    if (!text.includes('<name>Status</name><value>Success</value>'))
      throw new Error(`VM.get_all_records failed: ${text.slice(0, 300)}`);
    const served = await emu.command();
    const rssServed = served.rss;
    const { bare, emulator } = await againstBareServer({
      agent,
      emulatorUrl: emu.url,
      body,
      answer: bytes,
      file: join(dir, `all-records-${vms}.xml`),
      seconds: SECONDS,
      rounds: ROUNDS,
    });
    agent.destroy();
    const after = await emu.command();
    const rssPeak = Math.max(rssServed, after.rss);
    const hits = after.cache.hits - served.cache.hits;
    const misses = after.cache.misses - served.cache.misses;
    const mb = (bytes.length / 1e6).toFixed(0);
    process.stdout.write(
      `\ninventory hosts=${HOSTS},vms=${vms}: start ${(started.ms / 1000).toFixed(1)} s wall, ` +
        `${(started.cpuMs / 1000).toFixed(1)} s CPU (empty ${HOSTS}-host pool, same run: ` +
        `${(empty.ms / 1000).toFixed(1)} s wall, ${(empty.cpuMs / 1000).toFixed(1)} s CPU; ` +
        `${(started.cpuMs / Math.max(1, empty.cpuMs)).toFixed(1)}× its CPU); target < ${START_BUDGET_S} s: ` +
        `${started.ms / 1000 < START_BUDGET_S ? 'met' : started.cpuMs / 1000 < START_BUDGET_S ? 'MISSED on wall time only (CPU within: the machine is shared)' : 'MISSED'}\n` +
        `  RSS after start ${started.rss} MB, after serving VM.get_all_records ${rssPeak} MB ` +
        `(empty pool, same run: ${empty.rss} MB, ${empty.rssServed} MB; ${(rssPeak / empty.rssServed).toFixed(1)}×); ` +
        `target < ${RSS_BUDGET_MB} MB: ${rssPeak < RSS_BUDGET_MB ? 'met' : 'MISSED'}\n` +
        `  encoding cache (--cache-mb ${(after.cache.limitBytes / 2 ** 20).toFixed(0)}): ${(after.cache.bytes / 2 ** 20).toFixed(0)} MB held, ` +
        `hit rate over the measured rounds ${((100 * hits) / Math.max(1, hits + misses)).toFixed(1)}% ` +
        `(${hits} hits, ${misses} misses, ${after.cache.evictions} evictions in all; a full cache: 100%)\n`,
    );
    printTable([measurementOf('bare node:http', bare), measurementOf(`emulator ${vms} VMs`, emulator)], {
      title:
        `XML-RPC VM.get_all_records, inventory hosts=${HOSTS},vms=${vms} (${mb} MB per answer; first ` +
        `answer, cold cache: ${coldMs.toFixed(0)} ms), 1 keep-alive connection, ${SECONDS} s × ${ROUNDS} rounds (requests/s, median)`,
      baseline: 'bare node:http',
      targets: { [`emulator ${vms} VMs`]: 0.5 },
    });
  } finally {
    for (const c of children) c.kill('SIGKILL');
  }
}

/** The same pool without inventory: the start and RSS baseline. */
async function emptyPool(dir: string): Promise<Started & { rssServed: number }> {
  const emu = await startChildServer<ChildStat>(
    moduleScriptArgs(EMULATOR_CHILD, '0', String(HOSTS), join(dir, 'scale-empty.db')),
    600_000,
  );
  try {
    const session = await login(emu.url);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    await post(agent, emu.url, encodeMethodCall('VM.get_all_records', [session]));
    agent.destroy();
    return { ...startedOf(emu), rssServed: (await emu.command()).rss };
  } finally {
    emu.child.kill('SIGKILL');
  }
}

export async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'xapi-harness-bench-scale-'));
  try {
    // BENCH_FANOUT_CALLERS=0 skips the fan-out part, BENCH_SCALE_VMS=0 the inventory sizes.
    await fanout();
    if (SIZES.length > 0) {
      const empty = await emptyPool(dir);
      for (const vms of SIZES) await size(dir, vms, empty);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
