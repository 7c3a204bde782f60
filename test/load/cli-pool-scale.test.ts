// `xapi-harness load pool-scale` (real binary): against the built-in emulator it builds the scaled inventory
// it needs (`--inventory` or the scenario's own) and says so; `--inventory` is refused where it cannot apply.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunResults, type LoadSummary } from '../../src/results/index.ts';

const BIN = new URL('../../bin/xapi-harness.mjs', import.meta.url).pathname;

function load(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('XAPI_')),
  ) as Record<string, string>;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, 'load', ...args],
      { timeout: 90_000, env: clean },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, out: stdout, err: stderr });
      },
    );
  });
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xh-pool-scale-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('load pool-scale (real binary)', () => {
  it('builds --inventory in the in-process emulator, and the summary reaches results.json', async () => {
    const results = join(dir, 'results.json');
    const r = await load([
      'pool-scale',
      '--inventory',
      'hosts=2,vms=60',
      '--duration',
      '6s',
      '--vus',
      '2',
      '--allow-saturated',
      '--out',
      dir,
      '--results',
      results,
      '--quiet',
    ]);
    expect(r.err).toMatch(/emulator: building the inventory 2 host\(s\), 60 VMs \(seed 1\)/);
    // 0 or 1 (a threshold on a busy machine), never a setup problem.
    expect([0, 1], r.err).toContain(r.code);
    const s = JSON.parse(await readFile(join(dir, 'pool-scale.json'), 'utf8')) as LoadSummary;
    expect(s.metrics['pool_guest_vms']?.values?.['max']).toBe(60);
    expect(s.metrics['data_received']?.byScenario?.['clients']?.['count']).toBeGreaterThan(0);
    const run = parseRunResults(await readFile(results, 'utf8'));
    expect(run.load?.name).toBe('pool-scale');
    expect(run.load?.scenarioFile).toBe('scenarios/pool-scale.scenario.ts');
    expect(Object.keys(run.load?.scenarios ?? {})).toEqual(['clients', 'writers', 'logins']);
  }, 90_000);

  it('refuses --inventory with a URL target, and a bad inventory, with exit 2 and the reason', async () => {
    const [url, bad] = await Promise.all([
      load(['pool-scale', '--target', 'http://127.0.0.1:1', '--inventory', 'vms=10', '--out', dir]),
      load(['pool-scale', '--inventory', 'hosts=2', '--out', dir]),
    ]);
    expect(url.code).toBe(2);
    expect(url.err).toMatch(/--inventory builds the in-process emulator/);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/inventory: vms=N is required/);
  }, 60_000);
});
