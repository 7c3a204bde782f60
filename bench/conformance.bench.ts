// Issue 5 "Speed": model-checked calls per second against the in-process emulator (target ≥ 2,000/s),
// against the same calls sent unchecked through the same client in the same run (the baseline), so the
// ratio is the cost of predicting, checking and recording each call. Interleaved rounds, medians.
import { readyVm } from '../generators/index.ts';
import type { XapiClient } from '../src/client/index.ts';
import { Driver, configFor, defaultOptions, emulatorTarget, preflight } from '../src/harness/index.ts';
import { printTable, type Measurement } from './lib/index.ts';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const ROUND_MS = Number(process.env['BENCH_MS'] ?? 400);

/** One lifecycle loop: six calls on a ready VM (start, read, rename, read, shut down, read). */
function loop(session: string, vm: string, i: number): [string, unknown[]][] {
  return [
    ['VM.start', [session, vm, false, false]],
    ['VM.get_record', [session, vm]],
    ['VM.set_name_label', [session, vm, `bench-${i}`]],
    ['VM.get_name_label', [session, vm]],
    ['VM.clean_shutdown', [session, vm]],
    ['VM.get_power_state', [session, vm]],
  ];
}

async function rate(run: (i: number) => Promise<number>): Promise<number> {
  const t0 = performance.now();
  let calls = 0;
  let i = 0;
  while (performance.now() - t0 < ROUND_MS) calls += await run(i++);
  return (calls * 1000) / (performance.now() - t0);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export async function bench(): Promise<void> {
  const options = { ...defaultOptions(), runs: 1 };
  const target = await emulatorTarget(options);
  try {
    const pre = await preflight(target, 'auto');
    const client: XapiClient = target.client();
    const driver = new Driver({
      client,
      config: configFor(target, pre),
      runId: 'bench',
      user: target.user,
      password: target.password,
      originator: '',
    });
    await driver.login();
    await driver.call('VM.get_all_records', [driver.session]);
    const vm = await readyVm(driver, 0, 'bench-checked');
    // The unchecked baseline uses its own session and VM so the two never interfere.
    const raw = await client.attempt('session.login_with_password', [target.user, target.password]);
    const rawSession = raw.ok && typeof raw.value === 'string' ? raw.value : '';
    const rawVm = await readyVm(driver, 1, 'bench-unchecked');
    if (vm === undefined || rawVm === undefined) throw new Error('could not make the benchmark VMs');
    const checked = async (i: number): Promise<number> => {
      for (const [m, a] of loop(driver.session, vm, i)) await driver.call(m, a);
      driver.steps.length = 0; // keep memory flat: the trace of a passing loop is not needed
      return 6;
    };
    const unchecked = async (i: number): Promise<number> => {
      for (const [m, a] of loop(rawSession, rawVm, i)) await client.attempt(m, a);
      return 6;
    };
    // One untimed round each first, so the JIT and the emulator's caches are warm for both.
    await rate(unchecked);
    await rate(checked);
    const rounds: Record<string, number[]> = { 'unchecked calls': [], 'model-checked calls': [] };
    for (let r = 0; r < ROUNDS; r += 1) {
      const order =
        r % 2 === 0
          ? (['unchecked calls', 'model-checked calls'] as const)
          : (['model-checked calls', 'unchecked calls'] as const);
      for (const name of order)
        rounds[name]?.push(await rate(name === 'unchecked calls' ? unchecked : checked));
    }
    const rows: Measurement[] = Object.entries(rounds).map(([name, xs]) => {
      const m = median(xs);
      return {
        name,
        opsPerSec: m,
        rounds: xs,
        spread: m === 0 ? 0 : (Math.max(...xs) - Math.min(...xs)) / m,
      };
    });
    printTable(rows, {
      title: `conformance: calls/s against the in-process emulator (${ROUNDS} rounds × ${ROUND_MS} ms, lifecycle loop of 6 calls)`,
      baseline: 'unchecked calls',
    });
    const checkedRate = rows.find((r) => r.name === 'model-checked calls')?.opsPerSec ?? 0;
    process.stdout.write(
      `  model-checked calls/s: ${checkedRate.toFixed(0)} (target ≥ 2,000: ${checkedRate >= 2000 ? 'met' : 'NOT met'})\n`,
    );
  } finally {
    await target.close();
  }
}
