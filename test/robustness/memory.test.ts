// Stable memory under bad input (issue 8 §1): rounds of garbage (in-process and over sockets) must not
// grow the heap. The emulator runs in this process, so the heap measured after a forced GC is the
// emulator's plus the test's; after a warm-up round, later rounds must stay within a small bound.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import { encodeJsonRequest, encodeMethodCall } from '../../src/wire/index.ts';
import { fuzzScale } from './fuzz-config.ts';
import { postBytes, rawExchange } from './raw-http.ts';
import { classifyAnswer } from './xapi-answer.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let emu: Emulator;
let session: string;

beforeAll(async () => {
  emu = await createEmulator({ port: 0, authFailureDelayMs: 0 });
  const k = classifyAnswer(
    await emu.handle({
      method: 'POST',
      path: '/',
      headers: {},
      body: new TextEncoder().encode(
        encodeMethodCall('session.login_with_password', [emu.user, emu.password]),
      ),
    }),
    'xmlrpc',
  );
  if (k.kind !== 'envelope' || !k.response.ok || typeof k.response.value !== 'string')
    throw new Error('login');
  session = k.response.value;
});
afterAll(async () => {
  await emu.close();
});

const BAD_BODIES: readonly string[] = fc.sample(
  fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.json({ maxDepth: 4 }),
    fc.integer({ min: 1, max: 2_000 }).map((n) => `<methodCall>${'<value><array><data>'.repeat(n)}`),
  ),
  { numRuns: 200, seed: 42 },
);

async function round(n: number): Promise<void> {
  const enc = new TextEncoder();
  for (let i = 0; i < n; i += 1) {
    const bad = BAD_BODIES[i % BAD_BODIES.length] ?? '';
    const requests = [
      { path: '/', body: bad },
      { path: '/jsonrpc', body: bad },
      { path: '/', body: encodeMethodCall('VM.get_record', ['OpaqueRef:bogus', 'OpaqueRef:NULL']) },
      { path: '/', body: encodeMethodCall('VM.get_record', [session, `OpaqueRef:junk-${i}`]) },
      { path: '/', body: encodeMethodCall(`No.such_${i}`, [session]) },
      { path: '/jsonrpc', body: encodeJsonRequest('2.0', i, 'VM.get_all_records', [session]) },
    ];
    for (const r of requests) {
      const res = await emu.handle({ method: 'POST', path: r.path, headers: {}, body: enc.encode(r.body) });
      classifyAnswer(res, r.path === '/jsonrpc' ? 'jsonrpc' : 'xmlrpc');
    }
    if (i % 10 === 0) {
      const a = await rawExchange(emu.url, postBytes('/', bad), { timeoutMs: 5_000 });
      classifyAnswer(a, 'xmlrpc');
    }
  }
}

function heapMiB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

it(
  'the heap does not grow over rounds of bad input',
  async () => {
    const perRound = Math.round(100 * fuzzScale());
    await round(perRound); // warm-up: JIT, caches, lazily built tables
    const base = heapMiB();
    const samples: number[] = [];
    for (let r = 0; r < 4; r += 1) {
      await round(perRound);
      samples.push(heapMiB());
    }
    const growth = Math.max(...samples) - base;
    // 4 rounds × 600 requests: a leak of 2 KiB per request would be ~5 MiB; measured growth is ~0.2 MiB.
    expect(
      growth,
      `heap ${base.toFixed(1)} MiB → ${samples.map((s) => s.toFixed(1)).join(', ')}`,
    ).toBeLessThan(3);
  },
  60_000 * fuzzScale(),
);
