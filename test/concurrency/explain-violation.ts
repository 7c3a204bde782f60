// A readable account of a linearizability violation: the calls on the VM concerned around the first
// call the checker could not place, in invoke order ("dropped" = a justified conflict answer, left out
// of the check).
import type { LinearizabilityResult, ModelCall, Observed } from '../../src/model/index.ts';
import type { Entry } from './lifecycle-history.ts';

function show(e: Entry): string {
  const o = e.observed;
  return `  c${e.client} ${e.invokeAt.toFixed(1)}-${e.returnAt.toFixed(1)} ${e.call.method}(${String(e.call.args[1])}) → ${
    o.ok ? `ok ${JSON.stringify(o.value)}` : `${o.code} [${o.params.join('; ')}]`
  }`;
}

export function explainViolation(
  history: readonly Entry[],
  checked: readonly Entry[],
  r: LinearizabilityResult<ModelCall, Observed>,
): string {
  if (r.ok !== false) return r.ok === true ? 'linearizable' : `no verdict: ${r.reason}`;
  const first = r.pending.reduce((a, b) => (b.invokeAt < a.invokeAt ? b : a));
  const kept = new Set(checked);
  const around = history
    .filter((e) => String(e.call.args[1]) === r.partition)
    .filter((e) => e.returnAt > first.invokeAt - 150 && e.invokeAt < first.returnAt + 60)
    .sort((a, b) => a.invokeAt - b.invokeAt)
    .map((e) => `${kept.has(e) ? '' : '(dropped) '}${show(e)}`);
  return `not linearizable on VM ${r.partition}, around:\n${around.join('\n')}`;
}
