// One model step: predict, compare with what the target answered, advance.
import type { CheckResult } from './check-result.ts';
import { check } from './check.ts';
import type { Expected } from './expected.ts';
import type { ModelState } from './model-state.ts';
import type { Observed } from './observed.ts';
import type { ModelCall } from './prediction.ts';
import { predict } from './predict.ts';

type StepResult =
  | { readonly ok: true; readonly expected: Expected; readonly next: ModelState }
  | { readonly ok: false; readonly expected: Expected; readonly reason: string };

export function step(state: ModelState, call: ModelCall, observed: Observed): StepResult {
  const p = predict(state, call);
  const r: CheckResult = check(p.expected, observed);
  if (!r.ok) return { ok: false, expected: p.expected, reason: r.reason };
  return { ok: true, expected: p.expected, next: p.next(observed) };
}
