// The contract every executor keeps (run-executor.ts dispatches on the plan's kind): run the scenario's
// iterations from `t0` (its startTime already waited for) to its end, cut short when `abort` fires, and
// finish the runtime (gracefulStop) before resolving.
import type { ScenarioPlan } from '../scenario-plan.ts';
import type { ScenarioRuntime } from '../scenario-runtime.ts';

export type Executor = <S>(rt: ScenarioRuntime<S>, t0: number, abort: AbortSignal) => Promise<void>;

/** The scenario's plan, which must be of `kind`: an executor given another kind's plan is a bug. */
export function planOf<S, K extends ScenarioPlan['kind']>(
  rt: ScenarioRuntime<S>,
  kind: K,
): Extract<ScenarioPlan, { kind: K }> {
  const plan = rt.plan;
  if (plan.kind !== kind) throw new TypeError(`not a ${kind} plan`);
  return plan as Extract<ScenarioPlan, { kind: K }>;
}
