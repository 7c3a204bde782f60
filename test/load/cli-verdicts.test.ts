// Verdicts of the real `xapi-harness load` binary a CI can trust (issue 12 §1, §6): a run that cannot log in
// stops at a preflight with exit 2 and its reason; a threshold with nothing measured is "no data", not a
// pass; a run in which no iteration completed fails; event.from calls the engine cuts at the end of the test
// are interrupted, not failed.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.ts';
import type { Emulator } from '../../src/emulator/index.ts';
import { aggregateMetric } from '../../src/load/aggregate.ts';
import type { LoadSummary } from '../../src/load/load-summary.ts';

const BIN = new URL('../../bin/xapi-harness.mjs', import.meta.url).pathname;
const FIXTURE = new URL('./fixtures/http-definition.ts', import.meta.url).pathname;

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly ms: number;
}

function load(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('XAPI_')),
  ) as Record<string, string>;
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, 'load', ...args],
      { timeout: 60_000, env: { ...clean, ...env } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, out: stdout, err: stderr, ms: Date.now() - t0 });
      },
    );
  });
}

describe('load verdicts (real binary)', () => {
  let emu: Emulator;
  let dir: string;
  beforeAll(async () => {
    emu = await createEmulator({ port: 0, dbPath: ':memory:', authFailureDelayMs: 0 });
    dir = await mkdtemp(join(tmpdir(), 'xh-load-verdicts-'));
  });
  afterAll(async () => {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stops at the preflight with exit 2 on a wrong password, no password or an unreachable target', async () => {
    const common = ['lifecycle-mix', '--duration', '5s', '--out', dir, '--quiet'];
    const [wrong, none, unreachable] = await Promise.all([
      load([...common, '--target', emu.url, '--user', 'root', '--password-env', 'PW'], { PW: 'not-it' }),
      load([...common, '--target', emu.url, '--user', 'root']),
      load([...common, '--target', 'http://127.0.0.1:1', '--password-env', 'PW'], { PW: 'x' }),
    ]);
    expect(wrong.code, wrong.err).toBe(2);
    expect(wrong.err).toMatch(/preflight: login to .* as root refused: SESSION_AUTHENTICATION_FAILED/);
    expect(none.code, none.err).toBe(2);
    expect(none.err).toMatch(/no password for root: pass --password-env/);
    expect(unreachable.code, unreachable.err).toBe(2);
    expect(unreachable.err).toMatch(/preflight: cannot reach http:\/\/127\.0\.0\.1:1/);
    // One line of reason, no usage text or stack after it.
    for (const r of [wrong, none, unreachable]) {
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.out).not.toMatch(/thresholds:/);
    }
  });

  it('`load merge` of a missing or broken file says so in one line (exit 2)', async () => {
    const missing = await load(['merge', join(dir, 'no-such-summary.json')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(`xapi-harness load: ${join(dir, 'no-such-summary.json')}: no such file\n`);
  });

  it('a run where no iteration completed fails, and its empty thresholds say "no data"', async () => {
    const r = await load([
      FIXTURE,
      '--export',
      'setupFails',
      '--target',
      'http://127.0.0.1:1',
      '--workers',
      '1',
      '--out',
      dir,
      '--quiet',
      '--allow-saturated',
    ]);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toMatch(/✗ http_req_duration: p\(95\)<1000 \(no data: nothing was measured\)/);
    expect(r.out).toMatch(/FAILED: no iteration completed \(first error: .*set-up refused on purpose/);
    const s = JSON.parse(await readFile(join(dir, 'http-fixture-setup-fails.json'), 'utf8')) as LoadSummary;
    expect(s.passed).toBe(false);
    expect(s.thresholdResults[0]).toMatchObject({ ok: false, noData: true });
  });

  it(
    'event-fanout: event.from calls cut at the end of the test are interrupted, not failed',
    { timeout: 90_000 },
    async () => {
      // Waiters park for 30 s while the test lasts 3 s and the writers change a VM once a second (the
      // last at 2 s): waiters parked at the end are cut by gracefulStop (1 s) a second later.
      const r = await load(
        [
          'event-fanout',
          '--duration',
          '3s',
          '--vus',
          '8',
          '--rate',
          '1',
          '--workers',
          '1',
          '--out',
          dir,
          '--quiet',
        ],
        { EVENT_TIMEOUT_S: '30' },
      );
      expect([0, 1, 2], r.err).toContain(r.code);
      // The console and HTML show the timeline as --duration rescaled it (the file says 20s).
      expect(r.out).toMatch(/\* waiters: constant-vus 8 VUs, 3\.00s/);
      expect(r.out).toMatch(/\* writers: constant-arrival-rate 1\/1s, 8\.\.20 VUs, 3\.00s/);
      expect(await readFile(join(dir, 'event-fanout.html'), 'utf8')).toContain(
        '&quot;duration&quot;:&quot;3.00s&quot;',
      );
      const s = JSON.parse(await readFile(join(dir, 'event-fanout.json'), 'utf8')) as LoadSummary;
      const failed = s.thresholdResults.find((t) => t.key === 'xapi_req_failed{method:event.from}');
      expect(failed).toMatchObject({ ok: true, actual: 0 });
      const cut = s.metrics['xapi_req_interrupted'];
      expect(cut).toBeDefined();
      const cutCalls = aggregateMetric(cut!, { method: 'event.from' }).value;
      expect(cutCalls).toBeGreaterThanOrEqual(1);
      // Each interrupted waiter iteration is exactly one cut event.from call.
      expect(cutCalls).toBe(
        aggregateMetric(s.metrics['interrupted_iterations']!, { scenario: 'waiters' }).value,
      );
      expect(s.errors).toEqual([]);
    },
  );
});
