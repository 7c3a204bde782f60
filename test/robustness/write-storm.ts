// A write storm: W workers create, modify and destroy their own VMs and networks as fast as the emulator
// answers, and record every outcome in a WriteLedger. A TransportError (the emulator was killed) ends a
// worker: that write is "unanswered". Any XAPI failure is a bug in the storm or the emulator and is
// reported as such.
import { isTransportError, type Session } from '../../src/client/index.ts';
import type { Random } from '../../src/faultproxy/index.ts';
import { constructorRecord, RUN_TAG } from './constructor-record.ts';
import type { TrackedObject, WriteLedger } from './write-ledger.ts';

export interface StormResult {
  readonly acknowledged: number;
  readonly unanswered: number;
  /** Unexpected XAPI failures: each is a defect. */
  readonly failures: readonly string[];
}

export async function writeStorm(
  session: Session,
  ledger: WriteLedger,
  rng: Random,
  options: { readonly workers: number; readonly stopAfterMs: number },
): Promise<StormResult> {
  const failures: string[] = [];
  let acknowledged = 0;
  let unanswered = 0;
  const deadline = performance.now() + options.stopAfterMs;
  const owned: TrackedObject[][] = Array.from({ length: options.workers }, () => []);
  // Objects already known from earlier rounds are shared out among the workers, one owner each.
  let i = 0;
  for (const obj of ledger.live.values()) {
    if (!ledger.maybeDestroyed.has(obj.ref)) owned[i++ % options.workers]?.push(obj);
  }

  const worker = async (w: number): Promise<void> => {
    const mine = owned[w] ?? [];
    for (let n = 0; n < 100_000 && performance.now() < deadline; n += 1) {
      const roll = rng.next();
      const target = mine.length > 0 ? rng.pick(mine) : undefined;
      let op: () => Promise<void>;
      let onUnanswered: () => void;
      if (target === undefined || roll < 0.25) {
        const cls = rng.chance(0.5) ? ('VM' as const) : ('network' as const);
        const label = `storm-${ledger.runId}-${w}-${ledger.nextSeq()}`;
        op = async () => {
          const ref = await session.call(`${cls}.create`, [
            constructorRecord(cls, { name_label: label, other_config: { [RUN_TAG]: ledger.runId } }),
          ]);
          if (typeof ref !== 'string') throw new Error(`${cls}.create returned ${typeof ref}`);
          const obj = { cls, label, ref };
          ledger.live.set(ref, obj);
          mine.push(obj);
        };
        onUnanswered = () => ledger.maybeCreated.add(label);
      } else if (roll < 0.65) {
        const value = `d-${w}-${ledger.nextSeq()}`;
        op = async () => {
          await session.call(`${target.cls}.set_name_description`, [target.ref, value]);
          ledger.ackDescription(target.ref, value);
        };
        onUnanswered = () => ledger.unknownDescription(target.ref, value);
      } else if (roll < 0.9) {
        // Keys are unique over the whole run: add_to_other_config of an existing key is MAP_DUPLICATE_KEY.
        const key = `k-${w}-${ledger.nextSeq()}`;
        const value = String(rng.int(0, 1e9));
        op = async () => {
          await session.call(`${target.cls}.add_to_other_config`, [target.ref, key, value]);
          const keys = ledger.configKeys.get(target.ref) ?? new Map<string, string>();
          keys.set(key, value);
          ledger.configKeys.set(target.ref, keys);
        };
        onUnanswered = () => {
          const keys = ledger.maybeConfigKeys.get(target.ref) ?? new Set<string>();
          keys.add(key);
          ledger.maybeConfigKeys.set(target.ref, keys);
        };
      } else {
        op = async () => {
          await session.call(`${target.cls}.destroy`, [target.ref]);
          ledger.live.delete(target.ref);
          ledger.destroyed.add(target.ref);
          ledger.configKeys.delete(target.ref);
          ledger.descriptions.delete(target.ref);
        };
        onUnanswered = () => ledger.maybeDestroyed.add(target.ref);
        mine.splice(mine.indexOf(target), 1);
      }
      try {
        await op();
        acknowledged += 1;
      } catch (e) {
        if (isTransportError(e)) {
          unanswered += 1;
          onUnanswered();
          return; // the emulator is gone: this worker stops
        }
        failures.push(e instanceof Error ? e.message : String(e));
        return;
      }
    }
  };

  await Promise.all(Array.from({ length: options.workers }, (_v, w) => worker(w)));
  ledger.acknowledged += acknowledged;
  ledger.unanswered += unanswered;
  return { acknowledged, unanswered, failures };
}
