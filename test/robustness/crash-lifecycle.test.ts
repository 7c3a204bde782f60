// SIGKILL in the middle of lifecycle operations (issue 8 §2): with realistic timing a VM.start takes
// seconds, so the kill lands while operations are in flight (in current_operations, with pending tasks).
// After a restart on the same database no VM may stay stuck: current_operations empty, no task pending
// (xapi cancels unfinished tasks at start, cancel_tasks.ml), allowed_operations consistent with the
// power state, and the power state is the one the acknowledged operations left (or, for a VM whose
// last operation got no answer, either the state before or after it).
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { httpTransport, isTransportError, XapiClient, type Session } from '../../src/client/index.ts';
import { DEFAULT_PASSWORD, DEFAULT_USER } from '../../src/emulator/index.ts';
import { freshSeed, seededRandom } from '../../src/faultproxy/index.ts';
import { constructorRecord, RUN_TAG } from './constructor-record.ts';
import { scratchDir } from '../support/scratch-dir.ts';
import { emulatorProcessesOfFile, type EmulatorProcess } from './emulator-process.ts';

const ITERATIONS = Math.max(1, Math.round(Number(process.env['CRASH_ITERATIONS'] ?? 3) / 3));
const SEED = Number(process.env['CRASH_SEED'] ?? freshSeed());
const dir = scratchDir('crash-lc');
const startEmulatorProcess = emulatorProcessesOfFile();

interface VmLedger {
  /** Power state after the last acknowledged operation. */
  acked: string;
  /** States possible because the last operation got no answer. */
  maybe: Set<string>;
}

function start(db: string): Promise<EmulatorProcess> {
  return startEmulatorProcess(['--db', db, '--auth-failure-delay', '0', '--timing', 'realistic']);
}

async function login(p: EmulatorProcess): Promise<{ client: XapiClient; s: Session }> {
  const client = new XapiClient({ transport: httpTransport(p.url, { timeoutMs: 10_000 }) });
  return { client, s: await client.login(DEFAULT_USER, DEFAULT_PASSWORD) };
}

it(
  `no VM is left mid-operation after SIGKILL (${ITERATIONS} kills, seed ${SEED})`,
  async () => {
    const rng = seededRandom(SEED);
    const db = join(dir, 'emulator.db');
    let proc = await start(db);
    const ledger = new Map<string, VmLedger>();
    {
      const { client, s } = await login(proc);
      for (let i = 0; i < 4; i += 1) {
        const vm = await s.call('VM.create', [
          constructorRecord('VM', {
            name_label: `crash-lc-${i}`,
            other_config: { [RUN_TAG]: `crash-lc-${SEED}` },
          }),
        ]);
        if (typeof vm !== 'string') throw new Error('VM.create returned no ref');
        ledger.set(vm, { acked: 'Halted', maybe: new Set() });
      }
      await client.close();
    }
    for (let k = 0; k < ITERATIONS; k += 1) {
      const { client, s } = await login(proc);
      // One worker per VM: start / hard_shutdown / pause / unpause as its state allows, until the kill.
      const workers = [...ledger].map(async ([vm, l]) => {
        for (let n = 0; n < 1_000; n += 1) {
          const op =
            l.acked === 'Halted'
              ? 'VM.start'
              : l.acked === 'Running'
                ? rng.pick(['VM.hard_shutdown', 'VM.pause', 'VM.clean_shutdown'])
                : rng.pick(['VM.unpause', 'VM.hard_shutdown']);
          const after =
            op === 'VM.start' || op === 'VM.unpause' ? 'Running' : op === 'VM.pause' ? 'Paused' : 'Halted';
          const args = op === 'VM.start' ? [vm, false, false] : [vm];
          try {
            await s.call(op, args);
            l.acked = after;
            l.maybe.clear();
          } catch (e) {
            if (!isTransportError(e)) throw e;
            l.maybe.add(after);
            return;
          }
        }
      });
      await new Promise((r) => setTimeout(r, rng.int(800, 2_500)));
      await proc.kill('SIGKILL');
      await Promise.all(workers);
      await client.close();

      proc = await start(db);
      expect(proc.restored).toBe(true);
      const check = await login(proc);
      for (const [vm, l] of ledger) {
        const rec = (await check.s.call('VM.get_record', [vm])) as Record<string, unknown>;
        const ps = String(rec['power_state']);
        expect(rec['current_operations'], `${vm} still has operations in flight after the restart`).toEqual(
          {},
        );
        expect([l.acked, ...l.maybe], `${vm}: power state ${ps} (seed ${SEED}, kill ${k})`).toContain(ps);
        const allowed = rec['allowed_operations'] as string[];
        expect(allowed.includes('start'), `${vm} ${ps}: ${allowed.join(',')}`).toBe(ps === 'Halted');
        l.acked = ps;
        l.maybe.clear();
      }
      const tasks = (await check.s.call('task.get_all_records', [])) as Record<
        string,
        Record<string, unknown>
      >;
      expect(
        Object.values(tasks).filter((t) => t['status'] === 'pending' || t['status'] === 'cancelling'),
      ).toEqual([]);
      await check.client.close();
    }
    await proc.kill('SIGKILL');
  },
  60_000 + ITERATIONS * 20_000,
);
