// Steering towards unreached transitions (issue 17 item 1): picks a power transition the property declared
// and has not reached yet (message × source state), brings one of the harness's VMs to that source state by
// the shortest walk of successful power operations, then makes the call and reads the record. Every call is
// model-checked, so the walk itself checks the states it passes through. Random commands reach most
// transitions; this one makes the default budget reach all of them (a suspend from Running, a resume from
// Suspended, ...), so a fault in any of them is caught by its own area.
import fc from 'fast-check';
import type { Driver } from '../../src/harness/driver.ts';
import { isPowerState, parseTransitionKey, powerOpOf, sessionSourceState } from '../../src/harness/index.ts';
import type { PowerState } from '../../src/model/index.ts';
import { allowedPowerStates, resultingPowerState } from '../../src/model/index.ts';
import { command, pick } from '../command.ts';
import { readyVm } from '../ready-vm.ts';
import { POWER_OPS, powerArgs } from './power-op.ts';
import type { PowerOp } from './power-op.ts';

interface Step {
  readonly op: PowerOp;
  readonly paused: boolean;
}

/** The shortest walk of allowed power operations from `from` to `to` (SEMANTICS.md §4 table). */
export function walkTo(from: PowerState, to: PowerState): Step[] | undefined {
  const prev = new Map<PowerState, { from: PowerState; step: Step }>();
  const queue: PowerState[] = [from];
  const seen = new Set<PowerState>([from]);
  while (queue.length > 0) {
    const s = queue.shift() as PowerState;
    if (s === to) break;
    for (const op of POWER_OPS) {
      if (!allowedPowerStates(op, { isSnapshot: false }).includes(s)) continue;
      for (const paused of op === 'start' || op === 'resume' ? [false, true] : [false]) {
        const next = resultingPowerState(op, paused);
        if (next === undefined || seen.has(next)) continue;
        seen.add(next);
        prev.set(next, { from: s, step: { op, paused } });
        queue.push(next);
      }
    }
  }
  if (!seen.has(to)) return undefined;
  const steps: Step[] = [];
  for (let s = to; s !== from;) {
    const p = prev.get(s);
    if (p === undefined) return undefined;
    steps.unshift(p.step);
    s = p.from;
  }
  return steps;
}

/** Unreached declared power transitions from an ordinary VM's power state. */
function targets(d: Driver): { op: PowerOp; source: PowerState }[] {
  const out: { op: PowerOp; source: PowerState }[] = [];
  for (const key of d.coverage.unreached()) {
    const t = parseTransitionKey(key);
    if (t === undefined || !isPowerState(t.source)) continue;
    const op = powerOpOf(t.message);
    if (op === undefined || !(POWER_OPS as readonly string[]).includes(op)) continue;
    out.push({ op: op as PowerOp, source: t.source });
  }
  return out;
}

function ordinary(d: Driver) {
  return d.ownedVms().filter((v) => !v.isTemplate && !v.isSnapshot);
}

/**
 * One of the harness's ordinary VMs (a fresh one when it has none) brought to `state` by the shortest walk of
 * successful power operations, every call model-checked; undefined when the target refused a step (a real
 * host may lack the resources: accepted with no effect, the aim is then left for a later case).
 */
export async function vmIn(d: Driver, state: PowerState, index = 0): Promise<string | undefined> {
  let vm = pick(ordinary(d), index);
  if (vm === undefined) {
    const ref = await readyVm(d, index);
    vm = ref === undefined ? undefined : d.state.vms.get(ref);
  }
  if (vm === undefined) return undefined;
  const ref = vm.ref;
  for (const step of walkTo(vm.powerState, state) ?? []) {
    const o = await d.call(`VM.${step.op}`, [d.session, ref, ...powerArgs(step.op, step.paused)]);
    if (!o.ok) return undefined;
  }
  return d.state.vms.get(ref)?.powerState === state ? ref : undefined;
}

/** A session the model knows live: the driver's own when it still is, else another, else a fresh login. */
export async function liveSession(d: Driver): Promise<string | undefined> {
  if (d.session !== '' && sessionSourceState(d.state, d.session) === 'live') return d.session;
  return d.liveSessions()[0] ?? (await d.login());
}

/** What reaches one declared transition (its key): a short, model-checked sequence of calls. */
export type Aims = Readonly<Record<string, (d: Driver) => Promise<void>>>;

function aimed(d: Driver, aims: Aims): string[] {
  return d.coverage.unreached().filter((k) => aims[k] !== undefined);
}

/**
 * Steering for an area (issue 17 item 1): while the property has declared transitions it has not reached and
 * an aim for them, this command runs the aims of up to `perDraw` of them (from the one its index picks); once
 * all are reached it is not drawn again, so it costs nothing past the first cases. Generation is weighted
 * towards what is unreached. Properties with few cases (the wire's 8) take more per draw.
 *
 * The transitions a command aims at are fixed when it first runs and kept with it: when fast-check shrinks a
 * counterexample (or re-runs it) the command does the same calls again, although by then the run has reached
 * them all (without this it would do nothing while shrinking, and a failure it found could not be shrunk).
 */
export function coverCommand(area: string, aims: Aims, perDraw = 1) {
  return fc.nat().map((i) => {
    let chosen: readonly string[] | undefined;
    return command(
      `cover unreached ${area} transition #${i}${perDraw > 1 ? ` (up to ${perDraw})` : ''}`,
      (d) => chosen !== undefined || aimed(d, aims).length > 0,
      async (d) => {
        if (chosen === undefined) {
          const targets = aimed(d, aims);
          const n = Math.min(perDraw, targets.length);
          chosen = Array.from({ length: n }, (_, m) => pick(targets, i + m) ?? '');
        }
        for (const k of chosen) await aims[k]?.(d);
      },
    );
  });
}

export const coverTransitionCommand = fc.tuple(fc.nat(), fc.nat()).map(([i, j]) => {
  // Fixed at the first run, as coverCommand's (shrinking re-runs the same walk and call).
  let chosen: { op: PowerOp; source: PowerState } | undefined;
  return command(
    `cover unreached power transition #${i} on owned VM #${j}`,
    (d) =>
      (chosen !== undefined || targets(d).length > 0) &&
      (ordinary(d).length > 0 || d.templates().some((t) => !t.owned)),
    async (d) => {
      chosen ??= pick(targets(d), i);
      const target = chosen;
      if (target === undefined) return;
      let vm = pick(ordinary(d), j);
      if (vm === undefined) {
        const ref = await readyVm(d, j);
        vm = ref === undefined ? undefined : d.state.vms.get(ref);
      }
      if (vm === undefined) return;
      const ref = vm.ref;
      for (const step of walkTo(vm.powerState, target.source) ?? []) {
        const o = await d.call(`VM.${step.op}`, [d.session, ref, ...powerArgs(step.op, step.paused)]);
        // A real host may refuse for lack of resources (accepted with no effect): the walk stops there.
        if (!o.ok) return;
      }
      await d.call(`VM.${target.op}`, [d.session, ref, ...powerArgs(target.op, false)]);
      await d.call('VM.get_record', [d.session, ref]);
    },
  );
});
