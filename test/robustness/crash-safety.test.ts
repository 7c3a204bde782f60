// Crash safety (issue 8 §2): the emulator CLI runs as a child process on a temp database; a write storm
// runs against it and it is killed with SIGKILL at a random moment, several times, restarting on the
// same database each time. The database must open every time, every acknowledged write must be there,
// and nothing that was never written may appear. CRASH_ITERATIONS (default 3) and CRASH_SEED tune it;
// `npm run soak` runs many more iterations.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { httpTransport, XapiClient } from '../../src/client/index.ts';
import { DEFAULT_PASSWORD, DEFAULT_USER } from '../../src/emulator/index.ts';
import { freshSeed, seededRandom } from '../../src/faultproxy/index.ts';
import { scratchDir } from '../support/scratch-dir.ts';
import { emulatorProcessesOfFile, type EmulatorProcess } from './emulator-process.ts';
import { WriteLedger } from './write-ledger.ts';
import { writeStorm } from './write-storm.ts';

const ITERATIONS = Number(process.env['CRASH_ITERATIONS'] ?? 3);
const SEED = Number(process.env['CRASH_SEED'] ?? freshSeed());
const dir = scratchDir('crash');
const startEmulatorProcess = emulatorProcessesOfFile();

function start(dbPath: string, extra: readonly string[] = []): Promise<EmulatorProcess> {
  return startEmulatorProcess(['--db', dbPath, '--auth-failure-delay', '0', ...extra]);
}

function clientFor(p: EmulatorProcess): XapiClient {
  return new XapiClient({ transport: httpTransport(p.url, { timeoutMs: 5_000, connections: 16 }) });
}

it(
  `every acknowledged write survives SIGKILL (${ITERATIONS} kills, seed ${SEED})`,
  async () => {
    const rng = seededRandom(SEED);
    const dbPath = join(dir, 'emulator.db');
    const ledger = new WriteLedger(`crash-${SEED}`);
    let proc = await start(dbPath);
    expect(proc.restored).toBe(false);
    for (let i = 0; i < ITERATIONS; i += 1) {
      const client = clientFor(proc);
      const session = await client.login(DEFAULT_USER, DEFAULT_PASSWORD);
      const killAfterMs = rng.int(150, 900);
      const storm = writeStorm(session, ledger, rng, { workers: 8, stopAfterMs: 30_000 });
      await new Promise((r) => setTimeout(r, killAfterMs));
      expect(await proc.kill('SIGKILL')).toBe('SIGKILL');
      const result = await storm;
      await client.close();
      expect(result.failures, `seed ${SEED}, kill ${i}`).toEqual([]);

      proc = await start(dbPath);
      expect(proc.restored, `seed ${SEED}: the database did not reopen after kill ${i}`).toBe(true);
      const checker = clientFor(proc);
      const problems = await ledger.verify(await checker.login(DEFAULT_USER, DEFAULT_PASSWORD));
      await checker.close();
      expect(problems, `seed ${SEED}, after kill ${i} at ${killAfterMs} ms`).toEqual([]);
    }
    // The storm really wrote: dozens of acknowledged writes per run, some cut by the kill.
    expect(ledger.acknowledged).toBeGreaterThan(ITERATIONS * 20);
    expect(ledger.live.size).toBeGreaterThan(0);

    // A graceful stop (SIGTERM) keeps everything too.
    expect(await proc.kill('SIGTERM')).toBe('0');
    proc = await start(dbPath);
    const checker = clientFor(proc);
    expect(await ledger.verify(await checker.login(DEFAULT_USER, DEFAULT_PASSWORD))).toEqual([]);
    await checker.close();
    await proc.kill('SIGKILL');
  },
  Math.max(120_000, ITERATIONS * 15_000),
);

it('the check is not vacuous: an emulator that loses acknowledged writes is caught', async () => {
  // The emulator's own 'lost-write' fault acknowledges setters without applying them.
  const rng = seededRandom(SEED);
  const dbPath = join(dir, 'lossy.db');
  const ledger = new WriteLedger(`lossy-${SEED}`);
  const proc = await start(dbPath, ['--fault', 'lost-write']);
  const client = clientFor(proc);
  const session = await client.login(DEFAULT_USER, DEFAULT_PASSWORD);
  const result = await writeStorm(session, ledger, rng, { workers: 4, stopAfterMs: 400 });
  expect(result.failures).toEqual([]);
  const problems = await ledger.verify(session);
  await client.close();
  await proc.kill('SIGKILL');
  expect(problems.length).toBeGreaterThan(0);
  expect(problems.join('\n')).toMatch(/name_description|other_config/);
}, 30_000);
