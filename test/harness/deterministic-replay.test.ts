// The same seed gives the same run (issue 12 item 11). Commands pick objects by index; the list they pick
// from used to be sorted by ref, and refs are random, so one fixed seed acted on other VMs from run to run
// (vm-lifecycle against suspend-wrong-state at seed 7 caught it 3 times in 6). Now the pick order is the
// creation order (vm-pick-order.ts): a seed, and a printed replay, reproduce the same failure every time.
import { describe, expect, it } from 'vitest';
import type { HarnessOptions } from '../../src/harness/index.ts';
import { parseReplay } from '../../src/harness/index.ts';
import { vmPickOrder } from '../../src/harness/vm-pick-order.ts';
import { initialState } from '../../src/model/index.ts';
import type { ModelState, VmModel } from '../../src/model/index.ts';
import type { PropertyResult } from '../../src/results/index.ts';
import { VM_LIFECYCLE_PROPERTIES } from '../../suites/properties/index.ts';
import { runPropertyOnce } from '../support/run-property-once.ts';
import { scratchDir } from '../support/scratch-dir.ts';

const out = scratchDir('replay');

function vm(ref: string, nameLabel: string, adopted: boolean): VmModel {
  return {
    ref,
    nameLabel,
    powerState: 'Halted',
    isTemplate: adopted,
    isDefaultTemplate: adopted,
    isSnapshot: false,
    isControlDomain: false,
    otherConfig: {},
    currentOps: new Map(),
    adopted,
    owned: !adopted,
  };
}

describe('pick order', () => {
  it('is creation order for the run’s VMs and name order for adopted ones, whatever the refs', () => {
    // Refs in the reverse of creation order: an order by ref would pick them backwards.
    const made = [
      vm('OpaqueRef:f', 'a', false),
      vm('OpaqueRef:b', 'b', false),
      vm('OpaqueRef:0', 'c', false),
    ];
    const adopted = [vm('OpaqueRef:1', 'Zeta', true), vm('OpaqueRef:e', 'Alpha', true)];
    const state: ModelState = {
      ...initialState(),
      createdAt: new Map([
        ['OpaqueRef:f', 3],
        ['OpaqueRef:b', 5],
        ['OpaqueRef:0', 9],
        ['OpaqueRef:1', 0],
        ['OpaqueRef:e', 0],
      ]),
    };
    const order = vmPickOrder(state, [...made.slice().reverse(), ...adopted]).map((v) => v.nameLabel);
    expect(order).toEqual(['Alpha', 'Zeta', 'a', 'b', 'c']);
  });
});

const DEF = VM_LIFECYCLE_PROPERTIES[0]!;

function run(options: Partial<HarnessOptions>): Promise<PropertyResult> {
  return runPropertyOnce(DEF, {
    timeLimitMs: 120_000,
    faults: ['suspend-wrong-state'],
    outDir: out,
    ...options,
  });
}

/** Refs are random (OpaqueRef:<uuid>): messages are compared without them. */
function withoutRefs(s: string | undefined): string | undefined {
  return s?.replace(/OpaqueRef:[0-9a-f-]{36}/g, 'OpaqueRef:…');
}

/**
 * What must be equal between two runs of one seed: the verdict, the shrunk case, the number of calls made in
 * the whole run, and each call of the last (or failing) case with its outcome (refs aside: they are random).
 */
function fingerprint(r: PropertyResult): string {
  const steps = r.counterexample?.steps ?? r.steps;
  return JSON.stringify({
    status: r.status,
    kind: r.kind,
    path: r.path,
    message: withoutRefs(r.message),
    calls: r.stats?.calls,
    steps: steps.map((s) => [
      s.method,
      s.outcome.kind === 'failure' ? s.outcome.code : s.outcome.kind,
      s.violation === true,
    ]),
  });
}

describe('a fixed seed replays exactly', { timeout: 120_000 }, () => {
  it('gives the same counterexample on every run, and its replay gives it again', async () => {
    // Master seeds from 1, each run twice: the same calls, the same outcomes, the same verdict. Until a seed
    // catches the fault and at least three seeds were compared (each run is ~1 s).
    let first: PropertyResult | undefined;
    let seed = 0;
    for (let k = 1; k <= 12 && (first === undefined || k <= 3); k += 1) {
      const a = await run({ seed: k });
      const b = await run({ seed: k });
      expect(fingerprint(b), `seed ${k}`).toBe(fingerprint(a));
      if (first === undefined && a.status === 'failed' && a.kind === 'contract-violation') {
        first = a;
        seed = k;
      }
    }
    expect(first, 'no seed in 1..12 caught suspend-wrong-state').toBeDefined();
    if (first === undefined) return;
    // The printed replay (seed:path@commands) gives the same shrunk case, every time.
    const replayArg = /--replay (\S+)/.exec(first.replay ?? '')?.[1];
    expect(replayArg, first.replay).toBeDefined();
    const replay = parseReplay(replayArg ?? '');
    const replays = [];
    for (let k = 0; k < 3; k += 1) replays.push(await run({ seed, replay, property: DEF.id }));
    const calls = (r: PropertyResult): string =>
      JSON.stringify((r.counterexample?.steps ?? []).map((s) => [s.method, s.violation === true]));
    for (const r of replays) {
      expect(r.status).toBe('failed');
      expect(withoutRefs(r.message)).toBe(withoutRefs(first.message));
      expect(calls(r)).toBe(calls(first));
    }
  });
});
