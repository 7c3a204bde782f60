// Steering towards unreached transitions (issue 17 item 1): picks a power transition the property declared
// and has not reached yet (message × source state), brings one of the harness's VMs to that source state by
// the shortest walk of successful power operations, then makes the call and reads the record. Every call is
// model-checked, so the walk itself checks the states it passes through. Random commands reach most
// transitions; this one makes the default budget reach all of them (a suspend from Running, a resume from
// Suspended, ...), so a fault in any of them is caught by its own area.
import fc from 'fast-check';
import type { Driver } from '../../src/harness/driver.ts';
import { isPowerState, parseTransitionKey, powerOpOf } from '../../src/harness/index.ts';
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

export const coverTransitionCommand = fc.tuple(fc.nat(), fc.nat()).map(([i, j]) =>
  command(
    `cover unreached power transition #${i} on owned VM #${j}`,
    (d) => targets(d).length > 0 && (ordinary(d).length > 0 || d.templates().some((t) => !t.owned)),
    async (d) => {
      const target = pick(targets(d), i);
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
  ),
);
