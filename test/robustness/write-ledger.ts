// What a write storm was told: which writes the emulator acknowledged (they must survive any crash) and
// which ended without an answer (a crash cut them: either outcome is allowed). Verified against the
// emulator after each restart. One worker owns each object, so writes to a field are sequential.
import type { Session } from '../../src/client/index.ts';
import type { XapiJs } from '../../src/xapi/index.ts';
import { RUN_TAG } from './constructor-record.ts';

export interface TrackedObject {
  readonly cls: 'VM' | 'network';
  readonly label: string;
  ref: string;
}

interface FieldState {
  /** Value of the last acknowledged write (undefined: none yet; the initial value is ''). */
  acked: string | undefined;
  /** Values of writes after it that got no answer. */
  unknown: Set<string>;
}

export class WriteLedger {
  readonly runId: string;
  /** Acknowledged creates, by ref, and not (acknowledged) destroyed. */
  readonly live = new Map<string, TrackedObject>();
  readonly destroyed = new Set<string>();
  /** Destroys that got no answer: the object may or may not exist. */
  readonly maybeDestroyed = new Set<string>();
  /** Labels of creates that got no answer: such an object may exist, under an unknown ref. */
  readonly maybeCreated = new Set<string>();
  readonly descriptions = new Map<string, FieldState>();
  /** ref → key → value of acknowledged add_to_other_config. */
  readonly configKeys = new Map<string, Map<string, string>>();
  readonly maybeConfigKeys = new Map<string, Set<string>>();
  acknowledged = 0;
  unanswered = 0;
  #seq = 0;

  constructor(runId: string) {
    this.runId = runId;
  }

  /** A number never used before in this run (labels, keys and values must not repeat). */
  nextSeq(): number {
    this.#seq += 1;
    return this.#seq;
  }

  ackDescription(ref: string, value: string): void {
    this.descriptions.set(ref, { acked: value, unknown: new Set() });
  }

  unknownDescription(ref: string, value: string): void {
    const s = this.descriptions.get(ref) ?? { acked: undefined, unknown: new Set<string>() };
    s.unknown.add(value);
    this.descriptions.set(ref, s);
  }

  /**
   * Checks the emulator's state against the ledger; returns the violations (empty when durable).
   * Also adopts the outcome of unanswered writes, so that the next round starts from what is true.
   */
  async verify(session: Session): Promise<string[]> {
    const problems: string[] = [];
    for (const [cls, getAll] of [
      ['VM', 'VM.get_all_records'],
      ['network', 'network.get_all_records'],
    ] as const) {
      const all = (await session.call(getAll, [])) as Readonly<
        Record<string, Readonly<Record<string, XapiJs>>>
      >;
      const text = (v: XapiJs | undefined): string => (typeof v === 'string' ? v : JSON.stringify(v));
      const ours = new Map(
        Object.entries(all).filter(
          ([, r]) => (r['other_config'] as Readonly<Record<string, string>>)[RUN_TAG] === this.runId,
        ),
      );
      for (const [ref, obj] of this.live) {
        if (obj.cls !== cls) continue;
        const rec = ours.get(ref);
        if (rec === undefined) {
          if (this.maybeDestroyed.has(ref)) {
            this.live.delete(ref);
            this.destroyed.add(ref);
            continue;
          }
          problems.push(`acknowledged ${cls}.create of ${obj.label} (${ref}) is missing`);
          continue;
        }
        this.maybeDestroyed.delete(ref);
        if (rec['name_label'] !== obj.label)
          problems.push(`${ref}: name_label ${text(rec['name_label'])} ≠ ${obj.label}`);
        const d = this.descriptions.get(ref);
        const desc = text(rec['name_description']);
        if (d !== undefined) {
          const allowed = new Set([d.acked ?? '', ...d.unknown]);
          if (!allowed.has(desc)) {
            problems.push(
              `${ref}: name_description '${desc}', expected the last acknowledged '${d.acked ?? ''}'` +
                (d.unknown.size > 0 ? ` or an unanswered one (${[...d.unknown].join(', ')})` : ''),
            );
          }
          this.descriptions.set(ref, { acked: desc, unknown: new Set() });
        }
        const oc = rec['other_config'] as Readonly<Record<string, string>>;
        for (const [k, v] of this.configKeys.get(ref) ?? []) {
          if (oc[k] !== v)
            problems.push(`${ref}: acknowledged other_config.${k}=${v} is ${oc[k] ?? 'missing'}`);
        }
        for (const k of this.maybeConfigKeys.get(ref) ?? []) {
          const v = oc[k];
          if (v === undefined) continue;
          const keys = this.configKeys.get(ref) ?? new Map<string, string>();
          keys.set(k, v);
          this.configKeys.set(ref, keys);
        }
        this.maybeConfigKeys.delete(ref);
      }
      for (const [ref, rec] of ours) {
        if (this.live.has(ref)) continue;
        const label = text(rec['name_label']);
        if (this.destroyed.has(ref)) problems.push(`acknowledged destroy of ${label} (${ref}) came back`);
        else if (this.maybeCreated.has(label)) {
          // An unanswered create that did happen: adopt it.
          this.maybeCreated.delete(label);
          this.live.set(ref, { cls, label, ref });
        } else problems.push(`${cls} ${label} (${ref}) exists but was never created`);
      }
    }
    this.maybeCreated.clear();
    return problems;
  }
}
