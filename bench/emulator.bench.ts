// The emulator over HTTP keep-alive against a bare node:http server that returns the same bytes
// (issue 3 "Speed"), both driven by the same load generator (same connections, same duration) in the
// same run, interleaved round by round. Each server runs in its own child process so that neither
// shares an event loop with the generator. The generator is wrk when installed: a ceiling needs a
// generator well above the target's rate, and autocannon tops out near the emulator's (issue 16); the
// table says how far above the emulator the generator reached (its rate on the bare server).
// Issue 16's targets: VM.get_record ≥ 0.90× the bare server, session.login_with_password ≥ 0.80×. Each
// call gets two tables: requests/s (what a client sees; on a shared machine it swings with the neighbours)
// and requests per server CPU-second (/proc, Linux), which the neighbours barely move.
import type { ChildProcess } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startUrlPrinter } from './lib/child-server.ts';
import { measurementOf, printTable } from './lib/index.ts';
import { recordTable } from './lib/bench-chart.ts';
import { medianInterval, verdict, type MedianInterval } from './lib/paired-ratio.ts';
import { httpGenerator, type HttpGenerator } from './lib/http-generator.ts';
import { processCpuSeconds } from './lib/process-cpu.ts';
import { JSON_ID_SPLICE } from './lib/json-id-splice.ts';
import { BARE_NET_SERVER } from './lib/bare-net-server.ts';
import {
  decodeJsonResponse,
  decodeResponse,
  encodeJsonRequest,
  encodeMethodCall,
  type XapiResponse,
} from '../src/wire/index.ts';

const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 16);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 3);
/** 5 rounds at least: fewer cannot give the paired verdict's 90 % interval (bench/lib/paired-ratio.ts). */
const ROUNDS = Number(process.env['BENCH_HTTP_ROUNDS'] ?? 5);
/** BENCH_EMULATOR_CALLS=JSON-RPC,login: only the calls whose names contain one of these. */
const ONLY = process.env['BENCH_EMULATOR_CALLS']?.split(',');

// The bare baseline: reads the request body, answers the recorded bytes with the emulator's headers and
// content type. The answer is picked as the emulator's handler picks its protocol: by path (POST /jsonrpc is
// JSON-RPC, SEMANTICS.md §2), then by the method name, found by a regex over the body in both protocols. A
// JSON-RPC answer carries the request's id, found by a regex at the end of the body, in place of the
// recorded one, so that the bare server answers the same bytes as the emulator when ids count up (it used to
// answer id 1 to every request: less work than any JSON-RPC server does, and a wrong answer).
/** @internal exported for its test (test/bench/bare-server.test.ts) */
export const BARE_SERVER = `
const http = require('node:http');
const fs = require('node:fs');
${JSON_ID_SPLICE}
const answers = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
const byKey = Object.fromEntries(
  Object.entries(answers).map(([k, v]) => {
    const bytes = Buffer.from(v.text, 'utf8');
    return [k, { bytes, type: v.type, split: k.startsWith('jsonrpc ') ? splitAtId(bytes) : undefined }];
  }),
);
const server = http.createServer({ keepAlive: true }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const json = req.url === '/jsonrpc';
    const m = (json ? /"method":"([^"]*)"/ : /<methodName>([^<]*)<\\/methodName>/).exec(body);
    const out = byKey[(json ? 'jsonrpc ' : '') + (m ? m[1] : '')] || byKey['default'];
    const id = out.split === undefined ? undefined : requestId(body);
    if (id === undefined) {
      res.writeHead(200, { 'content-type': out.type, 'access-control-allow-origin': '*', 'content-length': out.bytes.length });
      res.end(out.bytes);
      return;
    }
    writeWithId(res, out.type, out.split, id);
  });
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => console.log('listening http://127.0.0.1:' + server.address().port));
`;

async function post(url: string, body: string, path = '/', contentType = 'text/xml'): Promise<Answer> {
  const res = await fetch(url + path, { method: 'POST', body, headers: { 'content-type': contentType } });
  const type = res.headers.get('content-type');
  if (res.status !== 200 || type !== contentType) throw new Error(`${path}: HTTP ${res.status} ${type}`);
  return { text: await res.text(), type };
}

/** An emulator answer, as the bare server replays it. */
interface Answer {
  readonly text: string;
  readonly type: string;
}

/** One measured call: the request wrk sends, where, and the target ratio to the bare server. */
interface Call {
  readonly name: string;
  readonly body: string;
  /** The body with an id counting up per request (http-generator.ts GeneratorRun.counted). */
  readonly counted?: { readonly before: string; readonly after: string };
  readonly path: string;
  readonly contentType: string;
  readonly target: number;
}

interface Round {
  readonly rps: number;
  /** Requests per CPU-second of the server process; undefined without /proc. */
  readonly perCpu: number | undefined;
}

async function rate(gen: HttpGenerator, server: ChildProcess, url: string, c: Call): Promise<Round> {
  const cpu0 = processCpuSeconds(server.pid);
  const { body, path, contentType, counted } = c;
  const r = await gen.run({
    url,
    path,
    body,
    contentType,
    ...(counted === undefined ? {} : { counted }),
    connections: CONNECTIONS,
    seconds: SECONDS,
  });
  const cpu1 = processCpuSeconds(server.pid);
  const cpu = cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0;
  return { rps: r.rps, perCpu: cpu === undefined || cpu <= 0 ? undefined : r.requests / cpu };
}

/** One call's verdict from paired rounds: each round's emulator figure over the bare server's of that round. */
interface Paired {
  readonly call: Call;
  readonly rps: MedianInterval;
  readonly perCpu: MedianInterval | undefined;
  /** Against the bare node:net server (bench/lib/bare-net-server.ts): shown, not judged. */
  readonly net?: MedianInterval;
}

function pairedVerdict(call: Call, emu: readonly Round[], bare: readonly Round[]): Paired {
  const ratios = (f: (r: Round) => number | undefined): number[] | undefined => {
    const out: number[] = [];
    for (let i = 0; i < Math.min(emu.length, bare.length); i++) {
      const e = f(emu[i]!);
      const b = f(bare[i]!);
      if (e === undefined || b === undefined || b <= 0) return undefined;
      out.push(e / b);
    }
    return out;
  };
  const perCpu = ratios((r) => r.perCpu);
  return {
    call,
    rps: medianInterval(ratios((r) => r.rps) ?? []),
    perCpu: perCpu === undefined ? undefined : medianInterval(perCpu),
  };
}

/**
 * The verdicts of every call, as the load bench gives its own (bench/lib/paired-ratio.ts): the rounds of the
 * emulator and the bare server alternate, so a busy minute moves both sides of a round alike; a target is
 * met or missed only when the median ratio's whole ≥ 90 % interval is on one side of it.
 */
function printPaired(rows: readonly Paired[]): void {
  if (rows.length === 0) return;
  const fmt = (iv: MedianInterval): string =>
    `${iv.median.toFixed(2)}× (${iv.lo.toFixed(2)}–${iv.hi.toFixed(2)}×)`;
  const width = Math.max(...rows.map((r) => r.call.name.length));
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const title = `emulator / bare server per round, median (≥90% interval) of ${rows[0]!.rps.n} paired rounds`;
  out('');
  out(title);
  out(
    `  ${'call'.padEnd(width)}  target  ${'requests/s'.padEnd(20)}  ${'verdict'.padEnd(16)}  ${'per server CPU-second'.padEnd(38)}  requests/s against a bare node:net server (no target)`,
  );
  const chart: { name: string; ratio: number; target?: number }[] = [];
  for (const r of rows) {
    const cpu =
      r.perCpu === undefined ? 'n/a (no /proc)' : `${fmt(r.perCpu)} ${verdict(r.perCpu, r.call.target)}`;
    out(
      `  ${r.call.name.padEnd(width)}  ≥${r.call.target.toFixed(2)}×  ${fmt(r.rps).padEnd(20)}  ${verdict(r.rps, r.call.target).padEnd(16)}  ${cpu.padEnd(38)}  ${r.net === undefined ? '' : fmt(r.net)}`,
    );
    chart.push({ name: `${r.call.name}: requests/s`, ratio: r.rps.median, target: r.call.target });
    if (r.perCpu !== undefined)
      chart.push({ name: `${r.call.name}: per server CPU-second`, ratio: r.perCpu.median });
    if (r.net !== undefined)
      chart.push({ name: `${r.call.name}: against a bare node:net server`, ratio: r.net.median });
  }
  recordTable({ title, baseline: 'bare node:http, same bytes, same run', rows: chart });
}

export async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'xapi-harness-bench-'));
  const children: ChildProcess[] = [];
  const gen = await httpGenerator((line) => process.stdout.write(`${line}\n`));
  try {
    const emu = await startUrlPrinter(process.execPath, [
      'bin/xapi-harness.mjs',
      'emulator',
      '--port',
      '0',
      '--db',
      ':memory:',
      '--auth-failure-delay',
      '0',
    ]);
    children.push(emu.child);
    const loginBody = encodeMethodCall('session.login_with_password', ['root', 'xapi-harness']);
    const loginAnswer = await post(emu.url, loginBody);
    const login = decodeResponse(loginAnswer.text);
    if (!login.ok || typeof login.value !== 'string') throw new Error('login failed');
    const session = login.value;
    const all = decodeResponse((await post(emu.url, encodeMethodCall('VM.get_all', [session]))).text);
    if (!all.ok || !Array.isArray(all.value)) throw new Error('VM.get_all failed');
    const vm = all.value[1] as string;
    const getRecordBody = encodeMethodCall('VM.get_record', [session, vm]);
    const recordAnswer = await post(emu.url, getRecordBody);
    // JSON-RPC as Xen Orchestra sends it (version 2.0, a numeric id) to POST /jsonrpc.
    const jsonGetRecordBody = encodeJsonRequest('2.0', 1, 'VM.get_record', [session, vm]);
    if (!jsonGetRecordBody.endsWith(',"id":1}')) throw new Error('a JSON-RPC request ends with its id');
    const jsonRecordAnswer = await post(emu.url, jsonGetRecordBody, '/jsonrpc', 'application/json');
    const jsonRecord = decodeJsonResponse(jsonRecordAnswer.text).response;
    const xmlRecord = decodeResponse(recordAnswer.text);
    // The same record in both protocols (ints are strings in XML-RPC, numbers in JSON: compare names and uuid).
    const fields = (r: XapiResponse): string =>
      r.ok &&
      typeof r.value === 'object' &&
      r.value !== null &&
      !Array.isArray(r.value) &&
      !(r.value instanceof Date)
        ? `${Object.keys(r.value).join()} ${String((r.value as Record<string, unknown>)['uuid'])}`
        : 'not a record';
    if (fields(jsonRecord) !== fields(xmlRecord) || fields(xmlRecord) === 'not a record')
      throw new Error('the JSON-RPC and XML-RPC get_record answers differ');

    const bodiesFile = join(dir, 'bodies.json');
    writeFileSync(
      bodiesFile,
      JSON.stringify({
        'VM.get_record': recordAnswer,
        'session.login_with_password': loginAnswer,
        'jsonrpc VM.get_record': jsonRecordAnswer,
        default: recordAnswer,
      }),
    );
    const bare = await startUrlPrinter(process.execPath, ['-e', BARE_SERVER, bodiesFile]);
    children.push(bare.child);
    const bareNet = await startUrlPrinter(process.execPath, ['-e', BARE_NET_SERVER, bodiesFile]);
    children.push(bareNet.child);

    const xml = { path: '/', contentType: 'text/xml' };
    const json = { path: '/jsonrpc', contentType: 'application/json' };
    const calls: Call[] = [
      { name: 'VM.get_record', body: getRecordBody, target: 0.9, ...xml },
      { name: 'JSON-RPC VM.get_record', body: jsonGetRecordBody, target: 0.9, ...json },
      // Clients usually number their requests: each answer then carries a new id (no whole-answer cache
      // hit). The bare server answers its recorded bytes with the request's id spliced in.
      {
        name: 'JSON-RPC VM.get_record, ids counting up',
        body: jsonGetRecordBody,
        counted: { before: jsonGetRecordBody.slice(0, jsonGetRecordBody.lastIndexOf('1}')), after: '}' },
        target: 0.9,
        ...json,
      },
      { name: 'session.login_with_password', body: loginBody, target: 0.8, ...xml },
    ];
    process.stdout.write(
      `${CONNECTIONS} keep-alive connections, ${SECONDS} s per run, ${ROUNDS} interleaved rounds; ` +
        `VM.get_record response ${Buffer.byteLength(recordAnswer.text)} B (XML-RPC), ` +
        `${Buffer.byteLength(jsonRecordAnswer.text)} B (JSON-RPC)\n`,
    );
    const paired: Paired[] = [];
    for (const c of calls.filter((x) => ONLY === undefined || ONLY.some((o) => x.name.includes(o)))) {
      const emuRounds: Round[] = [];
      const bareRounds: Round[] = [];
      const netRounds: Round[] = [];
      // Warm-up of all (JIT, connection setup), not measured.
      await rate(gen, bare.child, bare.url, c);
      await rate(gen, bareNet.child, bareNet.url, c);
      await rate(gen, emu.child, emu.url, c);
      for (let i = 0; i < ROUNDS; i++) {
        if (i % 2 === 0) {
          bareRounds.push(await rate(gen, bare.child, bare.url, c));
          emuRounds.push(await rate(gen, emu.child, emu.url, c));
          netRounds.push(await rate(gen, bareNet.child, bareNet.url, c));
        } else {
          netRounds.push(await rate(gen, bareNet.child, bareNet.url, c));
          emuRounds.push(await rate(gen, emu.child, emu.url, c));
          bareRounds.push(await rate(gen, bare.child, bare.url, c));
        }
      }
      const emuName = `emulator ${c.name}`;
      const rows = [
        measurementOf(
          'bare node:http',
          bareRounds.map((r) => r.rps),
        ),
        measurementOf(
          emuName,
          emuRounds.map((r) => r.rps),
        ),
        measurementOf(
          'bare node:net',
          netRounds.map((r) => r.rps),
        ),
      ];
      // The fastest server the generator drove shows how far above the emulator's rate it can go.
      const fastest = Math.max(rows[0]?.opsPerSec ?? 0, rows[2]?.opsPerSec ?? 0);
      const fastestName = fastest === rows[0]?.opsPerSec ? 'bare node:http' : 'bare node:net';
      const headroom = fastest / (rows[1]?.opsPerSec ?? 1);
      printTable(rows, {
        title: `${c.name} over HTTP keep-alive (requests/s, median of rounds; ${gen.name})`,
        baseline: 'bare node:http',
      });
      const bareCpu = bareRounds.map((r) => r.perCpu);
      const emuCpu = emuRounds.map((r) => r.perCpu);
      if (![...bareCpu, ...emuCpu].includes(undefined)) {
        printTable(
          [measurementOf('bare node:http', bareCpu as number[]), measurementOf(emuName, emuCpu as number[])],
          {
            title: `${c.name}: requests per server CPU-second (/proc; robust to a busy machine)`,
            baseline: 'bare node:http',
          },
        );
      }
      paired.push({
        ...pairedVerdict(c, emuRounds, bareRounds),
        net: pairedVerdict(c, emuRounds, netRounds).rps,
      });
      // The generator reached the fastest server's rate, so its ceiling is at least that many times the
      // emulator's: below 2× the emulator's figure may be the generator's limit, not the emulator's.
      process.stdout.write(
        `  generator headroom: ${gen.name} drove the ${fastestName} server at ${headroom.toFixed(2)}× the emulator's rate` +
          `${headroom >= 2 ? '' : ' (< 2×: not shown to be twice the emulator’s rate; that server may be the limit)'}\n`,
      );
    }
    printPaired(paired);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    gen.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
