// A canonical key for a model state, for the linearizability checker's memoisation. It covers what decides
// future answers of the calls used in concurrent histories (sessions, VMs, tasks); it leaves out the event
// change log, tokens and clocks, so histories with event.from or time-based session rules are out of scope.
import type { ModelState } from './model-state.ts';

const cache = new WeakMap<ModelState, string>();

export function stateKey(state: ModelState): string {
  const hit = cache.get(state);
  if (hit !== undefined) return hit;
  const parts: string[] = [];
  for (const s of [...state.sessions.values()].sort((a, b) => a.loginSeq - b.loginSeq)) {
    parts.push(`s${s.ref}:${s.alive ? 1 : 0}${s.atRisk ? 'r' : ''}`);
  }
  for (const vm of [...state.vms.values()].sort((a, b) => (a.ref < b.ref ? -1 : 1))) {
    const oc = Object.entries(vm.otherConfig)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const ops = [...vm.currentOps.entries()].map(([t, o]) => `${t}=${o}`).join(',');
    parts.push(`v${vm.ref}:${vm.powerState}:${vm.isTemplate ? 1 : 0}:${vm.nameLabel}:${oc}:${ops}`);
  }
  parts.push(`d${[...state.destroyedVms].sort().join(',')}`);
  for (const t of [...state.tasks.values()].sort((a, b) => (a.ref < b.ref ? -1 : 1))) {
    parts.push(
      `t${t.ref}:${t.status}:${t.settled ? 1 : 0}:${t.cancelRequested ? 1 : 0}:${t.destroyed ? 1 : 0}`,
    );
  }
  const key = parts.join('\n');
  cache.set(state, key);
  return key;
}
