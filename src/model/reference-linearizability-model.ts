// The reference model as a sequential specification for checkLinearizable.
import type { LinearizabilityModel } from './linearizability.ts';
import type { ModelState } from './model-state.ts';
import type { Observed } from './observed.ts';
import { parseWireName } from './messages.ts';
import type { ModelCall } from './prediction.ts';
import { stateKey } from './state-key.ts';
import { step } from './step.ts';

/** Calls whose first parameter after the session is the VM they touch (and nothing else). */
function vmOf(call: ModelCall): string | undefined {
  const { name } = parseWireName(call.method);
  if (!name.startsWith('VM.') || name === 'VM.get_all' || name === 'VM.get_all_records') return undefined;
  // clone/snapshot create a VM: the new one only appears in this part's later calls if they use its ref,
  // which then belongs to another part: those are not independent, so keep them global.
  if (name === 'VM.clone' || name === 'VM.snapshot') return undefined;
  const vm = call.args[1];
  return typeof vm === 'string' ? vm : undefined;
}

export function referenceLinearizabilityModel(
  init: ModelState,
): LinearizabilityModel<ModelState, ModelCall, Observed> {
  return {
    init,
    step(state, call, observed) {
      const r = step(state, call, observed);
      return r.ok ? [r.next] : [];
    },
    key: stateKey,
    // Per-VM parts are independent as long as the sessions used are not changed inside the history.
    partition: (call) => vmOf(call),
  };
}
